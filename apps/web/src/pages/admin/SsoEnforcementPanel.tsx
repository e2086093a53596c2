import { useId, useState } from 'react';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useDisableNativeUsers, useNativeUsers, useSetSsoEnforcement, useSsoEnforcement } from '../../lib/sso.ts';
import { t } from '../../messages.ts';

/**
 * The tenant's SSO enforcement: require single sign-on for its verified domains (password sign-in and
 * self sign-up refused there), whether its IT admin may change it, and the password users it locks out.
 */
export function SsoEnforcementPanel({ tenantId }: { tenantId: string }) {
  const id = useId();
  const view = useSsoEnforcement(tenantId);
  const save = useSetSsoEnforcement(tenantId);
  const [draft, setDraft] = useState<{ enforced: boolean; itAdminMayChange: boolean } | null>(null);
  if (view.isPending) return <Loading />;
  if (view.isError) return <ApiErrorMessage error={view.error} />;
  const current = draft ?? { enforced: view.data.enforced, itAdminMayChange: view.data.itAdminMayChange };
  const changed = current.enforced !== view.data.enforced || current.itAdminMayChange !== view.data.itAdminMayChange;
  return (
    <section aria-labelledby={`${id}-title`} className="sso-enforcement">
      <h2 id={`${id}-title`}>{t.sso.title}</h2>
      <p>{t.sso.intro}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ ...current, version: view.data.version }, { onSuccess: () => setDraft(null) });
        }}
      >
        <label className="check">
          <input
            type="checkbox"
            checked={current.enforced}
            onChange={(e) => setDraft({ ...current, enforced: e.currentTarget.checked })}
          />
          <span>{t.sso.enforce}</span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={current.itAdminMayChange}
            onChange={(e) => setDraft({ ...current, itAdminMayChange: e.currentTarget.checked })}
          />
          <span>{t.sso.itAdminMayChange}</span>
        </label>
        <button type="submit" className="button" disabled={!changed || save.isPending}>
          {t.sso.save}
        </button>
      </form>
      <ApiErrorMessage error={save.error} />
      {save.isSuccess && !changed ? <p role="status">{t.sso.saved(view.data.enforced)}</p> : null}
      <DomainStates domains={view.data.domains} />
      {view.data.enforced ? <NativeUsers tenantId={tenantId} /> : null}
    </section>
  );
}

function DomainStates({ domains }: { domains: Array<{ domain: string; enforcedNow: boolean }> }) {
  if (domains.length === 0) return <p className="muted">{t.sso.noDomains}</p>;
  return (
    <ul className="sso-domains" aria-label={t.sso.domainsLabel}>
      {domains.map((d) => (
        <li key={d.domain}>
          <code>{d.domain}</code> {d.enforcedNow ? t.sso.enforcedNow : t.sso.notEnforcedNow}
        </li>
      ))}
    </ul>
  );
}

function NativeUsers({ tenantId }: { tenantId: string }) {
  const users = useNativeUsers(tenantId, true);
  const disable = useDisableNativeUsers(tenantId);
  if (users.isPending) return <Loading />;
  if (users.isError) return <ApiErrorMessage error={users.error} />;
  const enabled = users.data.users.filter((u) => u.enabled);
  return (
    <div className="native-users">
      <h3>{t.sso.nativeTitle}</h3>
      {enabled.length === 0 ? (
        <p>{t.sso.noNative}</p>
      ) : (
        <>
          <p>{t.sso.nativeIntro(enabled.length)}</p>
          <ul aria-label={t.sso.nativeTitle}>
            {enabled.map((u) => (
              <li key={u.username}>
                {u.email} <span className="muted">({u.username})</span>{' '}
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={disable.isPending}
                  onClick={() => disable.mutate([u.username])}
                >
                  {t.sso.disable(u.email)}
                </button>
              </li>
            ))}
          </ul>
          {enabled.length > 1 ? (
            <button
              type="button"
              className="button button-danger"
              disabled={disable.isPending}
              onClick={() => disable.mutate(enabled.slice(0, 60).map((u) => u.username))}
            >
              {t.sso.disableAll(Math.min(enabled.length, 60))}
            </button>
          ) : null}
        </>
      )}
      {users.data.nextCursor ? <p className="hint">{t.sso.moreUsers}</p> : null}
      <ApiErrorMessage error={disable.error} />
      {disable.isSuccess ? <p role="status">{t.sso.disabled(disable.data.disabled)}</p> : null}
    </div>
  );
}
