import type { SetupSession } from '@gatehouse/core';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { Route, Routes } from 'react-router';
import { MessagePage } from '../../components/Layout.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ApiRequestError } from '../../lib/api.ts';
import { useExchangeSetupLink, useSetupSession } from '../../lib/setup-session.ts';
import { t } from '../../messages.ts';
import { NotFound } from '../NotFound.tsx';
import { SetupHome } from './SetupHome.tsx';

// The pages behind the session load on demand. Not the home page: it is the first page every setup
// link opens, and loaded lazily it cost a chunk request after the exchange plus React's delay before
// revealing a suspended page (about 300 ms), the largest part of the wizard's first load.
const ChooseProvider = lazy(() => import('./ChooseProvider.tsx').then((m) => ({ default: m.ChooseProvider })));
const Wizard = lazy(() => import('./Wizard.tsx').then((m) => ({ default: m.Wizard })));
const TestLoginDone = lazy(() => import('./TestLoginDone.tsx').then((m) => ({ default: m.TestLoginDone })));

/**
 * /setup: takes the session of a setup-link exchange started at load (the token was taken from the URL),
 * or resumes the session the cookie holds, then shows the tenant's setup.
 */
export function SetupRoot({ pendingExchange }: { pendingExchange: Promise<SetupSession> | null }) {
  const exchange = useExchangeSetupLink();
  const started = useRef(false);
  const waitingForExchange = pendingExchange !== null && !exchange.isSuccess && !exchange.isError;
  const session = useSetupSession(!waitingForExchange && !exchange.isError);

  useEffect(() => {
    if (pendingExchange && !started.current) {
      started.current = true;
      exchange.mutate(pendingExchange);
    }
  }, [pendingExchange, exchange]);

  if (exchange.isError) {
    const error = exchange.error;
    if (error instanceof ApiRequestError && error.code === 'SETUP_LINK_REPLACED') {
      return (
        <MessagePage title={t.setup.replacedTitle} tone="error">
          <p>{t.setup.replacedBody}</p>
          <p>{t.setup.replacedNext}</p>
        </MessagePage>
      );
    }
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
    return <Loading text={pendingExchange ? t.setup.openingLink : t.app.loading} />;
  }
  if (session.isError) throw session.error;
  if (!session.data) {
    return (
      <MessagePage title={t.setup.noSessionTitle}>
        <p>{t.setup.noSessionBody}</p>
      </MessagePage>
    );
  }
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route index element={<SetupHome session={session.data} />} />
        <Route path="connections/new" element={<ChooseProvider />} />
        <Route path="connections/:id/:step" element={<Wizard />} />
        <Route path="test-login/done" element={<TestLoginDone />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}
