import type { ConnectionView } from '@gatehouse/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiErrorMessage } from '../../../components/ApiErrorMessage.tsx';
import { IdpSentExplainer } from '../../../components/IdpSentExplainer.tsx';
import { ApiRequestError } from '../../../lib/api.ts';
import { connectionKey } from '../../../lib/connections.ts';
import { formatDateTime } from '../../../lib/format.ts';
import {
  openBlankPopup,
  readReport,
  TEST_LOGIN_CHANNEL,
  type TestLoginMessage,
  useStartTestLogin,
} from '../../../lib/test-login.ts';
import { nextStepPath, stepPath } from '../../../lib/wizard.ts';
import { t } from '../../../messages.ts';
import { StepHeading } from './StepHeading.tsx';
import { TestLoginReportView } from './test-login/TestLoginReportView.tsx';

type Phase = 'idle' | 'waiting' | 'closed' | { refused: string };

/** The test step: run a sign-in through the test IdP in a popup and show what Cognito received. */
export function TestStep({ connection }: { connection: ConnectionView }) {
  const start = useStartTestLogin(connection.id);
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<Phase>('idle');
  const popup = useRef<Window | null>(null);

  // The popup's landing page reports here; then the connection (with its new lastTest) is read again.
  useEffect(() => {
    const channel = new BroadcastChannel(TEST_LOGIN_CHANNEL);
    channel.onmessage = (event: MessageEvent<TestLoginMessage>) => {
      if (event.data.connection && event.data.connection !== connection.id) return;
      popup.current = null;
      setPhase(event.data.error ? { refused: event.data.error } : 'idle');
      void queryClient.invalidateQueries({ queryKey: connectionKey(connection.id) });
    };
    return () => channel.close();
  }, [connection.id, queryClient]);

  // Notice a popup closed by the admin before the sign-in came back.
  useEffect(() => {
    if (phase !== 'waiting') return;
    const timer = window.setInterval(() => {
      if (popup.current?.closed) {
        popup.current = null;
        setPhase('closed');
      }
    }, 500);
    return () => window.clearInterval(timer);
  }, [phase]);

  const [hint, setHint] = useState<string | null>(null);
  const run = (freshSignIn = false) => {
    const opened = openBlankPopup();
    popup.current = opened;
    setPhase('waiting');
    setHint(null);
    start.mutate(freshSignIn ? { freshSignIn } : {}, {
      onSuccess: ({ authorizeUrl, hint: manual }) => {
        if (manual) setHint(manual);
        if (opened && !opened.closed) opened.location.href = authorizeUrl;
        else window.location.assign(authorizeUrl);
      },
      onError: () => {
        opened?.close();
        popup.current = null;
        setPhase('idle');
      },
    });
  };

  const notReady = start.error instanceof ApiRequestError && start.error.code === 'TEST_LOGIN_NOT_READY';
  const last = connection.lastTest;
  const report = last ? readReport(last.report) : null;
  const next = nextStepPath(connection.id, 'test');
  return (
    <>
      <StepHeading>{t.testLogin.title}</StepHeading>
      <p>{t.testLogin.intro}</p>
      <p>
        <button type="button" className="button" onClick={() => run()} disabled={start.isPending || phase === 'waiting'}>
          {last ? t.testLogin.again : t.testLogin.start}
        </button>{' '}
        {last ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => run(true)}
            disabled={start.isPending || phase === 'waiting'}
            aria-describedby="another-user-help"
          >
            {t.testLogin.anotherUser}
          </button>
        ) : null}
      </p>
      {last ? (
        <p id="another-user-help" className="muted">
          {t.testLogin.anotherUserHelp}
        </p>
      ) : null}
      {hint ? (
        <p className="alert alert-warning" role="note">
          {hint}
        </p>
      ) : null}
      <div aria-live="polite" role="status" className="test-progress">
        {start.isPending ? t.testLogin.starting : phase === 'waiting' ? t.testLogin.waiting : ''}
        {phase === 'closed' ? t.testLogin.popupClosed : ''}
      </div>
      {typeof phase === 'object' ? (
        <div className="alert alert-error" role="alert">
          <p>{t.testLogin.refused[phase.refused as keyof typeof t.testLogin.refused] ?? t.testLogin.refused.other}</p>
        </div>
      ) : null}
      {notReady ? (
        <div className="alert alert-error" role="alert">
          <p>{t.testLogin.notReady}</p>
        </div>
      ) : (
        <ApiErrorMessage error={start.error} />
      )}
      <LastResult connection={connection} report={report} />
      {next && last?.passed && last.current ? (
        <Link className="button" to={next}>
          {t.wizard.next}
        </Link>
      ) : null}
      <IdpSentExplainer
        target={{ audience: 'setup', connectionId: connection.id }}
        protocol={connection.protocol}
        vendor={connection.vendor}
        audience="setup"
        mapHref={
          connection.editable ? (claim) => `${stepPath(connection.id, 'mapping')}?claim=${encodeURIComponent(claim)}` : undefined
        }
      />
    </>
  );
}

function LastResult({ connection, report }: { connection: ConnectionView; report: ReturnType<typeof readReport> }) {
  const last = connection.lastTest;
  if (!last) return <p className="muted">{t.testLogin.noResult}</p>;
  const when = formatDateTime(last.at);
  // One verdict for the badge; the problems below are grouped by what they block.
  const verdict = !last.passed ? 'failed' : report?.problems.some((p) => p.severity === 'warning') ? 'warnings' : 'passed';
  return (
    <section aria-labelledby="last-result-title" className="test-result">
      <h2 id="last-result-title">{t.testLogin.lastResult(when)}</h2>
      <p className={`verdict verdict-${verdict}`} data-verdict={verdict}>
        {t.testLogin.verdict[verdict]}
      </p>
      <p>{last.passed ? t.testLogin.passed : t.testLogin.failed}</p>
      {last.current ? null : (
        <p className="alert alert-warning" role="note">
          {t.testLogin.stale}
        </p>
      )}
      {report ? <TestLoginReportView report={report} /> : null}
    </section>
  );
}
