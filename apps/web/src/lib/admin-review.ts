import type { AdminConnectionSummary, AuditPage, ConnectionReview } from '@gatehouse/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api.ts';

const reviewKey = (tenantId: string, connectionId: string) => ['admin', 'review', tenantId, connectionId] as const;
const connectionPath = (tenantId: string, connectionId: string) =>
  `/admin/tenants/${encodeURIComponent(tenantId)}/connections/${encodeURIComponent(connectionId)}`;

/** What the operator decides on: both revisions, mapping, domains, findings and the test report. */
export function useConnectionReview(tenantId: string, connectionId: string) {
  return useQuery({
    queryKey: reviewKey(tenantId, connectionId),
    queryFn: ({ signal }) => api<ConnectionReview>(`${connectionPath(tenantId, connectionId)}/review`, { signal }),
  });
}

/**
 * Approve or send back: afterwards the review, the tenant page, the tenant list with its review count and
 * the activity are read again.
 */
function useDecision<Input>(tenantId: string, connectionId: string, action: 'approve' | 'reject') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) =>
      api<AdminConnectionSummary>(`${connectionPath(tenantId, connectionId)}/${action}`, { json: input }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: reviewKey(tenantId, connectionId) }),
        queryClient.invalidateQueries({ queryKey: ['admin', 'tenant', tenantId] }),
        queryClient.invalidateQueries({ queryKey: ['admin', 'tenants'] }),
        queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] }),
      ]),
  });
}

export const useApproveConnection = (tenantId: string, connectionId: string) =>
  useDecision<{ version: number }>(tenantId, connectionId, 'approve');

export const useRejectConnection = (tenantId: string, connectionId: string) =>
  useDecision<{ version: number; reason: string }>(tenantId, connectionId, 'reject');

export const ACTIVITY_PAGE_SIZE = 20;

/** The audit log, newest first, a page of 20 at a time: one tenant's, or everyone's when tenantId is null. */
export function useActivity(tenantId: string | null) {
  const path = tenantId ? `/admin/tenants/${encodeURIComponent(tenantId)}/audit` : '/admin/audit';
  return useInfiniteQuery({
    queryKey: ['admin', 'audit', tenantId ?? '*'],
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(ACTIVITY_PAGE_SIZE) });
      if (pageParam) params.set('cursor', pageParam);
      return api<AuditPage>(`${path}?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
