import type { SetupSession } from '@gatehouse/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from 'react-router';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { Layout } from './components/Layout.tsx';
import { ApiRequestError } from './lib/api.ts';
import { NotFound } from './pages/NotFound.tsx';
import { SetupRoot } from './pages/setup/SetupRoot.tsx';

// The operator console loads on demand, so the setup wizard's first load does not carry it.
const AdminRoot = lazy(() => import('./pages/admin/AdminRoot.tsx').then((m) => ({ default: m.AdminRoot })));
const AdminNav = lazy(() => import('./pages/admin/AdminNav.tsx').then((m) => ({ default: m.AdminNav })));

function Shell() {
  const inConsole = useLocation().pathname.startsWith('/admin');
  return (
    <Layout
      aside={
        inConsole ? (
          <Suspense fallback={null}>
            <AdminNav />
          </Suspense>
        ) : null
      }
    >
      <ErrorBoundary>
        <Outlet />
      </ErrorBoundary>
    </Layout>
  );
}

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Refusals are answers, not glitches: retry only what may pass on a second try.
        retry: (count, error) => count < 2 && (!(error instanceof ApiRequestError) || error.status === 0 || error.status >= 500),
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
}

export function App({ pendingExchange }: { pendingExchange: Promise<SetupSession> | null }) {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() =>
    createBrowserRouter([
      {
        element: <Shell />,
        children: [
          { path: '/', element: <Navigate to="/setup" replace /> },
          { path: '/setup/*', element: <SetupRoot pendingExchange={pendingExchange} /> },
          {
            path: '/admin/*',
            element: (
              <Suspense fallback={null}>
                <AdminRoot />
              </Suspense>
            ),
          },
          { path: '*', element: <NotFound /> },
        ],
      },
    ]),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
