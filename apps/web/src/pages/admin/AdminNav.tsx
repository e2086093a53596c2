import { NavLink } from 'react-router';
import { useOperatorSession, useOperatorSignOut } from '../../lib/admin.ts';
import { t } from '../../messages.ts';

/** The operator console's navigation, in the page header; nothing until an operator has signed in. */
export function AdminNav() {
  const session = useOperatorSession();
  const signOut = useOperatorSignOut();
  if (!session.data) return null;
  const who = session.data.operator.email ?? session.data.operator.username;
  return (
    <nav className="header-nav" aria-label={t.admin.title}>
      <ul>
        <li>
          <NavLink to="/admin" end>
            {t.activity.tenantsLink}
          </NavLink>
        </li>
        <li>
          <NavLink to="/admin/activity">{t.activity.navLink}</NavLink>
        </li>
        <li>
          <NavLink to="/admin/monitoring">{t.monitoring.navLink}</NavLink>
        </li>
      </ul>
      <span className="header-who">{t.admin.signedInAs(who)}</span>
      <button type="button" className="button header-button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        {t.admin.signOut}
      </button>
    </nav>
  );
}
