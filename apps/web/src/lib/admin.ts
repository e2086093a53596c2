import type {
  AdminConnectionSummary,
  IssuedSetupLinkView,
  MonitoringOverview,
  OperatorSession,
  RevisionList,
  Tenant,
  TenantDeletion,
  TenantDetail,
  TenantPage,
  TenantStatus,
} from '@gatehouse/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiRequestError, api, setCsrfToken } from './api.ts';

export const operatorSessionKey = ['admin', 'session'] as const;

/** Where the console's Sign in button goes: the API redirects on to Cognito managed login. */
export const OPERATOR_SIGN_IN_URL = '/v1/admin/session/start';

/** The signed-in operator, or null when there is none (401). */
export function useOperatorSession() {
  return useQuery({
    queryKey: operatorSessionKey,
    queryFn: async () => {
      try {
        const session = await api<OperatorSession>('/admin/session');
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
    mutationFn: () => api<void>('/admin/session', { method: 'DELETE' }),
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
  const params = new URLSearchParams({ limit: String(TENANTS_PAGE_SIZE) });
  if (filter.needsReview) params.set('filter', 'needs-review');
  else {
    if (filter.q.trim()) params.set('q', filter.q.trim());
    if (filter.status) params.set('status', filter.status);
  }
  if (filter.cursor) params.set('cursor', filter.cursor);
  return useQuery({
    queryKey: ['admin', 'tenants', params.toString()],
    queryFn: ({ signal }) => api<TenantPage>(`/admin/tenants?${params}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** How many tenants have a revision waiting for review: one small page of the review queue. */
export function useReviewQueueCount() {
  return useQuery({
    queryKey: ['admin', 'tenants', 'filter=needs-review&limit=1'],
    queryFn: ({ signal }) => api<TenantPage>('/admin/tenants?filter=needs-review&limit=1', { signal }),
    select: (page) => page.needsReview,
  });
}

export function useCreateTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; id?: string | undefined }) => api<Tenant>('/admin/tenants', { json: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'tenants'] }),
  });
}

const tenantKey = (id: string) => ['admin', 'tenant', id] as const;

export function useTenantDetail(id: string) {
  return useQuery({ queryKey: tenantKey(id), queryFn: () => api<TenantDetail>(`/admin/tenants/${encodeURIComponent(id)}`) });
}

export function useIssueSetupLink(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<IssuedSetupLinkView>(`/admin/tenants/${encodeURIComponent(tenantId)}/setup-links`, { json: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantKey(tenantId) }),
  });
}

export function useRevokeSetupLink(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) =>
      api<void>(`/admin/tenants/${encodeURIComponent(tenantId)}/setup-links/${encodeURIComponent(linkId)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantKey(tenantId) }),
  });
}

/** Every revision of a connection, newest first. */
export function useRevisions(tenantId: string, connectionId: string) {
  return useQuery({
    queryKey: ['admin', 'tenant', tenantId, 'connection', connectionId, 'revisions'],
    queryFn: ({ signal }) =>
      api<RevisionList>(
        `/admin/tenants/${encodeURIComponent(tenantId)}/connections/${encodeURIComponent(connectionId)}/revisions`,
        { signal },
      ),
  });
}

/** The monitoring page: each job's last run and the connections with open findings. */
export function useMonitoringOverview() {
  return useQuery({ queryKey: ['admin', 'monitoring'], queryFn: () => api<MonitoringOverview>('/admin/monitoring') });
}

export type ConnectionAction = 'suspend' | 'resume' | 'rollback';

/** Suspend, resume or roll back a connection, with the version the operator saw; the badges reload after. */
export function useConnectionAction(tenantId: string, connection: AdminConnectionSummary) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: ConnectionAction) =>
      api<AdminConnectionSummary>(
        `/admin/tenants/${encodeURIComponent(tenantId)}/connections/${encodeURIComponent(connection.id)}/${action}`,
        { json: { version: connection.version } },
      ),
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
        const result = await api<TenantDeletion>(`/admin/tenants/${encodeURIComponent(tenantId)}`, {
          method: 'DELETE',
          json: { confirm: tenantId },
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
