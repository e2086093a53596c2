import { useEffect, useRef } from 'react';
import { MessagePage } from '../../components/Layout.tsx';
import { ApiRequestError } from '../../lib/api.ts';
import { useExchangeSetupLink, useSetupSession } from '../../lib/setup-session.ts';
import { t } from '../../messages.ts';
import { SetupWelcome } from './SetupWelcome.tsx';

/**
 * /setup: exchanges a pending setup-link token (taken from the URL at start) for a session, or resumes
 * the session the cookie holds, then shows the tenant's setup.
 */
export function SetupRoot({ pendingToken }: { pendingToken: string | null }) {
  const exchange = useExchangeSetupLink();
  const started = useRef(false);
  const waitingForExchange = pendingToken !== null && !exchange.isSuccess && !exchange.isError;
  const session = useSetupSession(!waitingForExchange && !exchange.isError);

  useEffect(() => {
    if (pendingToken && !started.current) {
      started.current = true;
      exchange.mutate(pendingToken);
    }
  }, [pendingToken, exchange]);

  if (exchange.isError) {
    const error = exchange.error;
    if (error instanceof ApiRequestError && (error.code === 'SETUP_LINK_INVALID' || error.code === 'VALIDATION_FAILED')) {
      return (
        <MessagePage title={t.setup.refusedTitle} tone="error">
          <p>{t.setup.refusedBody}</p>
          <p>{t.setup.refusedNext}</p>
        </MessagePage>
      );
    }
    throw error;
  }
  if (waitingForExchange || session.isPending) {
    return (
      <p className="loading" role="status">
        {pendingToken ? t.setup.openingLink : t.app.loading}
      </p>
    );
  }
  if (session.isError) throw session.error;
  if (!session.data) {
    return (
      <MessagePage title={t.setup.noSessionTitle}>
        <p>{t.setup.noSessionBody}</p>
      </MessagePage>
    );
  }
  return <SetupWelcome session={session.data} />;
}
