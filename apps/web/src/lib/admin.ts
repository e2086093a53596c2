import type { AdminConnectionSummary, TenantDetail, TenantStatus } from '@gatehouse/core';
import type { RouteBody } from '@gatehouse/core/api-routes';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiRequestError, setCsrfToken } from './api.ts';
import { client } from './client.ts';

export const operatorSessionKey = ['admin', 'session'] as const;

/** Where the console's Sign in button goes: the API redirects on to Cognito managed login. */
export const OPERATOR_SIGN_IN_URL = '/v1/admin/session/start';

/** The signed-in operator, or null when there is none (401). */
export function useOperatorSession() {
  return useQuery({
    queryKey: operatorSessionKey,
    queryFn: async () => {
      try {
        const session = await client.call('GET /v1/admin/session');
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiRequestError && error.code === 'SESSION_REQUIRED') return null;
        throw error;
      }
    },
  });
}

export function useOperatorSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client.call('DELETE /v1/admin/session'),
    onSuccess: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(operatorSessionKey, null);
    },
  });
}

export interface TenantFilter {
  q: string;
  status: TenantStatus | '';
  /** Only the tenants with a revision waiting for review; `q` and `status` then do not apply. */
  needsReview: boolean;
  cursor: string | null;
}

export const TENANTS_PAGE_SIZE = 25;

export function useTenants(filter: TenantFilter) {
  const query = {
    limit: String(TENANTS_PAGE_SIZE),
    ...(filter.needsReview
      ? { filter: 'needs-review' }
      : { q: filter.q.trim() || undefined, status: filter.status || undefined }),
    cursor: filter.cursor || undefined,
  };
  return useQuery({
    queryKey: ['admin', 'tenants', query],
    queryFn: ({ signal }) => client.call('GET /v1/admin/tenants', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

/** How many tenants have a revision waiting for review: one small page of the review queue. */
export function useReviewQueueCount() {
  return useQuery({
    queryKey: ['admin', 'tenants', 'filter=needs-review&limit=1'],
    queryFn: ({ signal }) => client.call('GET /v1/admin/tenants', { query: { filter: 'needs-review', limit: '1' }, signal }),
    select: (page) => page.needsReview,
  });
}

export function useCreateTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RouteBody<'POST /v1/admin/tenants'>) => client.call('POST /v1/admin/tenants', { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'tenants'] }),
  });
}

const tenantKey = (id: string) => ['admin', 'tenant', id] as const;

export function useTenantDetail(id: string) {
  return useQuery({
    queryKey: tenantKey(id),
    queryFn: () => client.call('GET /v1/admin/tenants/{tenantId}', { params: { tenantId: id } }),
  });
}

export function useIssueSetupLink(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client.call('POST /v1/admin/tenants/{tenantId}/setup-links', { params: { tenantId }, body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantKey(tenantId) }),
  });
}

export function useRevokeSetupLink(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) =>
      client.call('DELETE /v1/admin/tenants/{tenantId}/setup-links/{linkId}', { params: { tenantId, linkId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantKey(tenantId) }),
  });
}

/** Every revision of a connection, newest first. */
export function useRevisions(tenantId: string, connectionId: string) {
  return useQuery({
    queryKey: ['admin', 'tenant', tenantId, 'connection', connectionId, 'revisions'],
    queryFn: ({ signal }) =>
      client.call('GET /v1/admin/tenants/{id}/connections/{connectionId}/revisions', {
        params: { id: tenantId, connectionId },
        signal,
      }),
  });
}

/** The monitoring page: each job's last run and the connections with open findings. */
export function useMonitoringOverview() {
  return useQuery({ queryKey: ['admin', 'monitoring'], queryFn: () => client.call('GET /v1/admin/monitoring') });
}

export type ConnectionAction = 'suspend' | 'resume' | 'rollback';

/** Suspend, resume or roll back a connection, with the version the operator saw; the badges reload after. */
export function useConnectionAction(tenantId: string, connection: AdminConnectionSummary) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: ConnectionAction) =>
      client.call(`POST /v1/admin/tenants/{id}/connections/{connectionId}/${action}`, {
        params: { id: tenantId, connectionId: connection.id },
        body: { version: connection.version },
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData<TenantDetail>(tenantKey(tenantId), (detail) =>
        detail ? { ...detail, connections: detail.connections.map((c) => (c.id === saved.id ? { ...c, ...saved } : c)) } : detail,
      );
      return queryClient.invalidateQueries({ queryKey: tenantKey(tenantId) });
    },
  });
}

/** Deletes a tenant; the API wants the tenant's id as confirmation. */
/**
 * Deletes a tenant. A tenant with many users takes more than one request (each deletes the Cognito users
 * it has time for and says whether any remain): the mutation repeats it until the deletion is complete,
 * reporting the users deleted so far, and resolves to the total.
 */
export function useDeleteTenant(tenantId: string, onProgress?: (deletedUsers: number) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      let deletedUsers = 0;
      for (;;) {
        const result = await client.call('DELETE /v1/admin/tenants/{tenantId}', {
          params: { tenantId },
          body: { confirm: tenantId },
        });
        deletedUsers += result.deletedUsers;
        if (result.complete) return { ...result, deletedUsers };
        onProgress?.(deletedUsers);
      }
    },
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: tenantKey(tenantId) });
      return queryClient.invalidateQueries({ queryKey: ['admin', 'tenants'] });
    },
  });
}
