import { lazy, Suspense } from 'react';
import { Route, Routes, useSearchParams } from 'react-router';
import { MessagePage } from '../../components/Layout.tsx';
import { Loading } from '../../components/Loading.tsx';
import { OPERATOR_SIGN_IN_URL, useOperatorSession } from '../../lib/admin.ts';
import { t } from '../../messages.ts';
import { NotFound } from '../NotFound.tsx';

const TenantList = lazy(() => import('./TenantList.tsx').then((m) => ({ default: m.TenantList })));
const CreateTenant = lazy(() => import('./CreateTenant.tsx').then((m) => ({ default: m.CreateTenant })));
const Monitoring = lazy(() => import('./Monitoring.tsx').then((m) => ({ default: m.Monitoring })));
const TenantDetailPage = lazy(() => import('./TenantDetail.tsx').then((m) => ({ default: m.TenantDetailPage })));
const ConnectionReviewPage = lazy(() => import('./ConnectionReview.tsx').then((m) => ({ default: m.ConnectionReviewPage })));
const BrandingPage = lazy(() => import('./Branding.tsx').then((m) => ({ default: m.BrandingPage })));
const ActivityPage = lazy(() => import('./ActivityLog.tsx').then((m) => ({ default: m.ActivityPage })));

const loading = <Loading />;

/** The sign-in page; a failed sign-in comes back here with its error code. */
function SignIn() {
  const [params] = useSearchParams();
  const error = params.get('error');
  return (
    <MessagePage title={t.admin.title}>
      {error ? (
        <div className="alert alert-error" role="alert">
          <p>{t.admin.signInErrors[error] ?? t.admin.signInErrorFallback}</p>
        </div>
      ) : null}
      <p>{t.admin.body}</p>
      <p>
        {/* A plain link: the API answers with a redirect to Cognito managed login. */}
        <a className="button" href={OPERATOR_SIGN_IN_URL}>
          {t.admin.signIn}
        </a>
      </p>
    </MessagePage>
  );
}

/**
 * /admin: the operator console. Everything but the sign-in page needs an operator session. Its
 * navigation is in the page header (AdminNav).
 */
export function AdminRoot() {
  const session = useOperatorSession();
  if (session.isPending) return loading;
  if (session.isError) throw session.error;
  if (!session.data) return <SignIn />;
  return (
    <Suspense fallback={loading}>
      <Routes>
        <Route index element={<TenantList />} />
        <Route path="sign-in" element={<TenantList />} />
        <Route path="tenants/new" element={<CreateTenant />} />
        <Route path="tenants/:tenantId" element={<TenantDetailPage />} />
        <Route path="tenants/:tenantId/connections/:connectionId" element={<ConnectionReviewPage />} />
        <Route path="activity" element={<ActivityPage />} />
        <Route path="monitoring" element={<Monitoring />} />
        <Route path="branding" element={<BrandingPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}
