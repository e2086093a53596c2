import type { SetupSession } from '@gatehouse/core';
import { useSignOut } from '../../lib/setup-session.ts';
import { t } from '../../messages.ts';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The setup landing page for a signed-in IT admin. */
export function SetupWelcome({ session }: { session: SetupSession }) {
  const signOut = useSignOut();
  return (
    <section className="panel" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1} ref={(el) => el?.focus()}>
        {t.setup.welcomeTitle(session.tenant.name)}
      </h1>
      <p>{t.setup.welcomeIntro}</p>
      <h2>{t.setup.stepsTitle}</h2>
      <ol className="steps">
        {t.setup.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <p className="muted">{t.setup.sessionEnds(dateTime.format(new Date(session.expiresAt)))}</p>
      <button type="button" className="button button-secondary" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        {t.setup.signOut}
      </button>
    </section>
  );
}
