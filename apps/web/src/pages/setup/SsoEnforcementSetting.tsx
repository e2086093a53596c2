import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { useSetSetupSsoEnforcement, useSetupSsoEnforcement } from '../../lib/sso.ts';
import { t } from '../../messages.ts';

/** The IT admin's view of SSO enforcement: a switch when their service provider allows it. */
export function SsoEnforcementSetting() {
  const view = useSetupSsoEnforcement();
  const save = useSetSetupSsoEnforcement();
  if (!view.data) return null;
  const { enforced, itAdminMayChange, version, domains } = view.data;
  return (
    <section aria-labelledby="sso-only-title">
      <h2 id="sso-only-title">{t.sso.setupTitle}</h2>
      <p>{t.sso.setupIntro}</p>
      <label className="check">
        <input
          type="checkbox"
          checked={enforced}
          disabled={!itAdminMayChange || save.isPending}
          onChange={(e) => save.mutate({ enforced: e.currentTarget.checked, version })}
        />
        <span>{t.sso.setupToggle}</span>
      </label>
      {itAdminMayChange ? null : <p className="hint">{t.sso.setupNotAllowed}</p>}
      {domains.length > 0 ? (
        <ul aria-label={t.sso.domainsLabel}>
          {domains.map((d) => (
            <li key={d.domain}>
              <code>{d.domain}</code> {d.enforcedNow ? t.sso.enforcedNow : t.sso.notEnforcedNow}
            </li>
          ))}
        </ul>
      ) : null}
      <ApiErrorMessage error={save.error} />
    </section>
  );
}
