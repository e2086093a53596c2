import type { RouteBody } from '@gatehouse/core/api-routes';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from './client.ts';

const reviewKey = (tenantId: string, connectionId: string) => ['admin', 'review', tenantId, connectionId] as const;

/** What the operator decides on: both revisions, mapping, domains, findings and the test report. */
export function useConnectionReview(tenantId: string, connectionId: string) {
  return useQuery({
    queryKey: reviewKey(tenantId, connectionId),
    queryFn: ({ signal }) =>
      client.call('GET /v1/admin/tenants/{id}/connections/{connectionId}/review', {
        params: { id: tenantId, connectionId },
        signal,
      }),
  });
}

/**
 * Approve or send back: afterwards the review, the tenant page, the tenant list with its review count and
 * the activity are read again.
 */
function useRefreshAfterDecision(tenantId: string, connectionId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: reviewKey(tenantId, connectionId) }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'tenant', tenantId] }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'tenants'] }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] }),
    ]);
}

export function useApproveConnection(tenantId: string, connectionId: string) {
  return useMutation({
    mutationFn: (body: RouteBody<'POST /v1/admin/tenants/{id}/connections/{connectionId}/approve'>) =>
      client.call('POST /v1/admin/tenants/{id}/connections/{connectionId}/approve', {
        params: { id: tenantId, connectionId },
        body,
      }),
    onSettled: useRefreshAfterDecision(tenantId, connectionId),
  });
}

export function useRejectConnection(tenantId: string, connectionId: string) {
  return useMutation({
    mutationFn: (body: RouteBody<'POST /v1/admin/tenants/{id}/connections/{connectionId}/reject'>) =>
      client.call('POST /v1/admin/tenants/{id}/connections/{connectionId}/reject', {
        params: { id: tenantId, connectionId },
        body,
      }),
    onSettled: useRefreshAfterDecision(tenantId, connectionId),
  });
}

export const ACTIVITY_PAGE_SIZE = 20;

/** The audit log, newest first, a page of 20 at a time: one tenant's, or everyone's when tenantId is null. */
export function useActivity(tenantId: string | null) {
  return useInfiniteQuery({
    queryKey: ['admin', 'audit', tenantId ?? '*'],
    queryFn: ({ pageParam, signal }) => {
      const query = { limit: String(ACTIVITY_PAGE_SIZE), cursor: pageParam || undefined };
      return tenantId
        ? client.call('GET /v1/admin/tenants/{tenantId}/audit', { params: { tenantId }, query, signal })
        : client.call('GET /v1/admin/audit', { query, signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
