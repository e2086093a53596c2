import type { z } from 'zod';
import {
  adminConnectionSummarySchema,
  adminCreateTenantInputSchema,
  approveConnectionInputSchema,
  connectionLifecycleInputSchema,
  deleteTenantInputSchema,
  issuedSetupLinkSchema,
  issueSetupLinkInputSchema,
  listTenantsQuerySchema,
  operatorSessionSchema,
  rejectConnectionInputSchema,
  revisionListSchema,
  tenantDeletionSchema,
  tenantDetailSchema,
  tenantPageSchema,
} from './admin.ts';
import { auditPageSchema, auditQuerySchema } from './audit.ts';
import { brandingInputSchema, brandingSchema, setupBrandingSchema } from './branding.ts';
import {
  changeProviderInputSchema,
  chooseProviderInputSchema,
  connectionListSchema,
  connectionViewSchema,
  poolViewSchema,
  saveMappingInputSchema,
  saveOidcInputSchema,
  saveSamlInputSchema,
  setStepInputSchema,
  versionedSchema,
} from './connections.ts';
import { addDomainRequestSchema, domainClaimListSchema, domainClaimViewSchema, domainListQuerySchema } from './domain-claims.ts';
import { recentEventsQuerySchema, recentEventsSchema } from './events.ts';
import { explainRequestSchema, explanationSchema } from './explain/schema.ts';
import { iacExportQuerySchema, iacExportSchema } from './iac.ts';
import { monitoringOverviewSchema } from './monitoring.ts';
import { connectionReviewSchema } from './review.ts';
import { routeLookupAnswerSchema, routeLookupInputSchema } from './route-lookup.ts';
import { exchangeSetupLinkInputSchema, setupSessionSchema } from './setup-links.ts';
import {
  disableNativeUsersInputSchema,
  disableNativeUsersResultSchema,
  nativeUserListSchema,
  nativeUsersQuerySchema,
  setupSsoEnforcementInputSchema,
  ssoEnforcementInputSchema,
  ssoEnforcementViewSchema,
} from './sso-enforcement-settings.ts';
import { tenantSchema } from './tenants.ts';
import { testLoginStartRequestSchema, testLoginStartSchema } from './test-login.ts';

/** One API route as a client calls it: the status of success and the schemas of what goes in and out. */
export interface ApiRouteSpec {
  /** The status the API answers with on success; 204 answers have no `response`. */
  status: 200 | 201 | 204;
  /** The JSON body the route takes. */
  body?: z.ZodType;
  /** True when the body may be left out (the route has defaults). */
  bodyOptional?: true;
  /** The query string the route reads. */
  query?: z.ZodType;
  /** The JSON body of the success answer. */
  response?: z.ZodType;
}

/** A route's key: its method and its path as the OpenAPI document spells it, `{name}` for each parameter. */
export type ApiRouteKey = `${'GET' | 'POST' | 'PUT' | 'DELETE'} /v1/${string}`;

const lifecycleAction = { status: 200, body: connectionLifecycleInputSchema, response: adminConnectionSummarySchema } as const;
const revisionAction = { status: 200, body: versionedSchema, response: connectionViewSchema } as const;

/**
 * The routes the web app calls, once, with the same zod schemas the API's route definitions use. The
 * web client takes its types from this table (and only its types, so no schema reaches the browser);
 * apps/api/test/api-routes.test.ts checks every entry against the OpenAPI document the API generates.
 */
export const API_ROUTES = {
  'GET /v1/setup/session': { status: 200, response: setupSessionSchema },
  'POST /v1/setup/session': { status: 200, body: exchangeSetupLinkInputSchema, response: setupSessionSchema },
  'DELETE /v1/setup/session': { status: 204 },
  'GET /v1/setup/pool': { status: 200, response: poolViewSchema },
  'GET /v1/setup/connections': { status: 200, response: connectionListSchema },
  'POST /v1/setup/connections': { status: 201, body: chooseProviderInputSchema, response: connectionViewSchema },
  'GET /v1/setup/connections/{id}': { status: 200, response: connectionViewSchema },
  'PUT /v1/setup/connections/{id}/provider': { status: 200, body: changeProviderInputSchema, response: connectionViewSchema },
  'PUT /v1/setup/connections/{id}/step': { status: 200, body: setStepInputSchema, response: connectionViewSchema },
  'PUT /v1/setup/connections/{id}/saml': { status: 200, body: saveSamlInputSchema, response: connectionViewSchema },
  'PUT /v1/setup/connections/{id}/oidc': { status: 200, body: saveOidcInputSchema, response: connectionViewSchema },
  'PUT /v1/setup/connections/{id}/mapping': { status: 200, body: saveMappingInputSchema, response: connectionViewSchema },
  'POST /v1/setup/connections/{id}/submit': revisionAction,
  'POST /v1/setup/connections/{id}/withdraw': revisionAction,
  'POST /v1/setup/connections/{id}/revisions': revisionAction,
  'POST /v1/setup/connections/{id}/test-login': {
    status: 200,
    body: testLoginStartRequestSchema,
    bodyOptional: true,
    response: testLoginStartSchema,
  },
  'POST /v1/setup/connections/{id}/explain': { status: 200, body: explainRequestSchema, response: explanationSchema },
  'GET /v1/setup/domains': { status: 200, query: domainListQuerySchema, response: domainClaimListSchema },
  'POST /v1/setup/domains': { status: 201, body: addDomainRequestSchema, response: domainClaimViewSchema },
  'POST /v1/setup/domains/{domain}/verify': { status: 200, response: domainClaimViewSchema },
  'DELETE /v1/setup/domains/{domain}': { status: 204 },
  'GET /v1/setup/sso-enforcement': { status: 200, response: ssoEnforcementViewSchema },
  'GET /v1/setup/branding': { status: 200, response: setupBrandingSchema },
  'PUT /v1/setup/sso-enforcement': { status: 200, body: setupSsoEnforcementInputSchema, response: ssoEnforcementViewSchema },

  'GET /v1/admin/session': { status: 200, response: operatorSessionSchema },
  'GET /v1/admin/branding': { status: 200, response: brandingSchema },
  'PUT /v1/admin/branding': { status: 200, body: brandingInputSchema, response: brandingSchema },
  'DELETE /v1/admin/session': { status: 204 },
  'GET /v1/admin/tenants': { status: 200, query: listTenantsQuerySchema, response: tenantPageSchema },
  'POST /v1/admin/tenants': { status: 201, body: adminCreateTenantInputSchema, response: tenantSchema },
  'GET /v1/admin/tenants/{tenantId}': { status: 200, response: tenantDetailSchema },
  'DELETE /v1/admin/tenants/{tenantId}': { status: 200, body: deleteTenantInputSchema, response: tenantDeletionSchema },
  'POST /v1/admin/tenants/{tenantId}/setup-links': {
    status: 201,
    body: issueSetupLinkInputSchema,
    response: issuedSetupLinkSchema,
  },
  'DELETE /v1/admin/tenants/{tenantId}/setup-links/{linkId}': { status: 204 },
  'GET /v1/admin/tenants/{tenantId}/sso-enforcement': { status: 200, response: ssoEnforcementViewSchema },
  'PUT /v1/admin/tenants/{tenantId}/sso-enforcement': {
    status: 200,
    body: ssoEnforcementInputSchema,
    response: ssoEnforcementViewSchema,
  },
  'GET /v1/admin/tenants/{tenantId}/native-users': { status: 200, query: nativeUsersQuerySchema, response: nativeUserListSchema },
  'POST /v1/admin/tenants/{tenantId}/native-users/disable': {
    status: 200,
    body: disableNativeUsersInputSchema,
    response: disableNativeUsersResultSchema,
  },
  'GET /v1/admin/tenants/{tenantId}/audit': { status: 200, query: auditQuerySchema, response: auditPageSchema },
  'GET /v1/admin/tenants/{id}/connections/{connectionId}/review': { status: 200, response: connectionReviewSchema },
  'GET /v1/admin/tenants/{id}/connections/{connectionId}/revisions': { status: 200, response: revisionListSchema },
  'GET /v1/admin/tenants/{id}/connections/{connectionId}/iac': {
    status: 200,
    query: iacExportQuerySchema,
    response: iacExportSchema,
  },
  'POST /v1/admin/tenants/{id}/connections/{connectionId}/explain': {
    status: 200,
    body: explainRequestSchema,
    response: explanationSchema,
  },
  'POST /v1/admin/tenants/{id}/connections/{connectionId}/approve': {
    status: 200,
    body: approveConnectionInputSchema,
    response: adminConnectionSummarySchema,
  },
  'POST /v1/admin/tenants/{id}/connections/{connectionId}/reject': {
    status: 200,
    body: rejectConnectionInputSchema,
    response: adminConnectionSummarySchema,
  },
  'POST /v1/admin/tenants/{id}/connections/{connectionId}/suspend': lifecycleAction,
  'POST /v1/admin/tenants/{id}/connections/{connectionId}/resume': lifecycleAction,
  'POST /v1/admin/tenants/{id}/connections/{connectionId}/rollback': lifecycleAction,
  'GET /v1/admin/audit': { status: 200, query: auditQuerySchema, response: auditPageSchema },
  'GET /v1/admin/events': { status: 200, query: recentEventsQuerySchema, response: recentEventsSchema },
  'GET /v1/admin/monitoring': { status: 200, response: monitoringOverviewSchema },
  'POST /v1/admin/route-lookup': { status: 200, body: routeLookupInputSchema, response: routeLookupAnswerSchema },
} as const satisfies Record<ApiRouteKey, ApiRouteSpec>;

export type ApiRoutes = typeof API_ROUTES;
/** A route the web app calls, e.g. `'POST /v1/setup/connections/{id}/explain'`. */
export type ApiRoute = keyof ApiRoutes;

type ParamNames<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;
type PathOf<R extends ApiRoute> = R extends `${string} ${infer Path}` ? Path : never;

/** The path parameters of a route, by name. */
export type RouteParams<R extends ApiRoute> = { [Name in ParamNames<PathOf<R>>]: string };

/** The JSON body a route takes, as the caller writes it; `undefined` for a route without one. */
export type RouteBody<R extends ApiRoute> = ApiRoutes[R] extends { body: infer B extends z.ZodType } ? z.input<B> : undefined;

/** The JSON body of a route's success answer; `undefined` for a 204. */
export type RouteResponse<R extends ApiRoute> = ApiRoutes[R] extends { response: infer S extends z.ZodType }
  ? z.output<S>
  : undefined;

/** What a call of the route needs: path parameters, body and query, each only when the route has one. */
export type RouteInput<R extends ApiRoute> = ([ParamNames<PathOf<R>>] extends [never]
  ? { params?: undefined }
  : { params: RouteParams<R> }) &
  (ApiRoutes[R] extends { body: z.ZodType }
    ? ApiRoutes[R] extends { bodyOptional: true }
      ? { body?: RouteBody<R> }
      : { body: RouteBody<R> }
    : { body?: undefined }) &
  (ApiRoutes[R] extends { query: infer Q extends z.ZodType }
    ? { query?: { [Key in keyof z.input<Q>]?: string | undefined } }
    : { query?: undefined });
