import { Link, NavLink } from 'react-router';
import { useOperatorSession, useOperatorSignOut, useReviewQueueCount } from '../../lib/admin.ts';
import { t } from '../../messages.ts';

/**
 * The operator console's navigation, in the page header; nothing until an operator has signed in. The
 * count beside Tenants opens the review queue while anything waits.
 */
export function AdminNav() {
  const session = useOperatorSession();
  const signOut = useOperatorSignOut();
  if (!session.data) return null;
  return <SignedInNav who={session.data.operator.email ?? session.data.operator.username} signOut={signOut} />;
}

function SignedInNav({ who, signOut }: { who: string; signOut: ReturnType<typeof useOperatorSignOut> }) {
  const waiting = useReviewQueueCount().data ?? 0;
  return (
    <nav className="header-nav" aria-label={t.admin.title}>
      <ul>
        <li>
          <NavLink to="/admin" end>
            {t.activity.tenantsLink}
          </NavLink>
          {waiting > 0 ? (
            <>
              {' '}
              <Link to="/admin?filter=needs-review" className="count-badge" aria-label={t.admin.toReview(waiting)}>
                {waiting}
              </Link>
            </>
          ) : null}
        </li>
        <li>
          <NavLink to="/admin/activity">{t.activity.navLink}</NavLink>
        </li>
        <li>
          <NavLink to="/admin/monitoring">{t.monitoring.navLink}</NavLink>
        </li>
        <li>
          <NavLink to="/admin/branding">{t.branding.navLink}</NavLink>
        </li>
      </ul>
      <span className="header-who">{t.admin.signedInAs(who)}</span>
      <button type="button" className="button header-button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        {t.admin.signOut}
      </button>
    </nav>
  );
}
