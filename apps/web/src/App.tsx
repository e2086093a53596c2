import type { SetupSession } from '@gatehouse/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from 'react-router';
import { GATEHOUSE_BRAND } from './components/Brand.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { Layout } from './components/Layout.tsx';
import { ApiRequestError } from './lib/api.ts';
import { useSetupBranding } from './lib/branding.ts';
import { useSetupSession } from './lib/setup-session.ts';
import { NotFound } from './pages/NotFound.tsx';
import { SetupRoot } from './pages/setup/SetupRoot.tsx';

// The operator console loads on demand, so the setup wizard's first load does not carry it.
const AdminRoot = lazy(() => import('./pages/admin/AdminRoot.tsx').then((m) => ({ default: m.AdminRoot })));
const AdminNav = lazy(() => import('./pages/admin/AdminNav.tsx').then((m) => ({ default: m.AdminNav })));

/**
 * The wizard's brand: the operator's once the IT admin has a session (Gatehouse's without one), and the
 * page title with it. The console is always Gatehouse.
 */
function useBrand(inSetup: boolean) {
  // Observes the session the setup pages load; fetching it is theirs.
  const session = useSetupSession(false);
  const branding = useSetupBranding(inSetup && Boolean(session.data));
  const brand = !inSetup
    ? GATEHOUSE_BRAND
    : branding.isLoading
      ? null
      : branding.data
        ? { name: branding.data.productName, logo: branding.data.logo, accentColor: branding.data.accentColor }
        : GATEHOUSE_BRAND;
  const title = brand?.name ?? GATEHOUSE_BRAND.name;
  useEffect(() => {
    document.title = title;
  }, [title]);
  return brand;
}

function Shell() {
  const { pathname } = useLocation();
  const inConsole = pathname.startsWith('/admin');
  const brand = useBrand(pathname.startsWith('/setup'));
  return (
    <Layout
      brand={brand}
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
