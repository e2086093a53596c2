import { useEffect } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { MessagePage } from '../../components/Layout.tsx';
import { TEST_LOGIN_CHANNEL, type TestLoginMessage } from '../../lib/test-login.ts';
import { stepPath } from '../../lib/wizard.ts';
import { t } from '../../messages.ts';

/**
 * /setup/test-login/done: where the API's test-login callback lands. In the popup it tells the wizard
 * and closes itself; opened in the main window (popup blocked) it goes back to the test step.
 */
export function TestLoginDone() {
  const [params] = useSearchParams();
  const connection = params.get('connection');
  const error = params.get('error');
  const isPopup = window.opener !== null && !window.opener.closed;

  useEffect(() => {
    const channel = new BroadcastChannel(TEST_LOGIN_CHANNEL);
    channel.postMessage({ connection, error } satisfies TestLoginMessage);
    channel.close();
    if (isPopup) window.close();
  }, [connection, error, isPopup]);

  if (!isPopup && connection && /^c[0-9a-z]{8,40}$/.test(connection)) {
    return <Navigate to={stepPath(connection, 'test')} replace />;
  }
  const refused = error ? (t.testLogin.refused[error as keyof typeof t.testLogin.refused] ?? t.testLogin.refused.other) : null;
  return (
    <MessagePage title={t.testLogin.doneTitle} tone={refused ? 'error' : 'info'}>
      {refused ? <p>{refused}</p> : null}
      <p>{t.testLogin.doneBody}</p>
      {connection ? <Link to={stepPath(connection, 'test')}>{t.testLogin.backToTest}</Link> : null}
    </MessagePage>
  );
}
