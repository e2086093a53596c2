import type { IacExport, RouteLookupAnswer } from '@gatehouse/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from './api.ts';

/** A live connection as AWS CDK and Terraform code; fetched only once the operator opens the disclosure. */
export function useIacExport(tenantId: string, connectionId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['admin', 'iac', tenantId, connectionId],
    queryFn: () =>
      api<IacExport>(`/admin/tenants/${encodeURIComponent(tenantId)}/connections/${encodeURIComponent(connectionId)}/iac`),
    enabled,
  });
}

/** "Where does this email go?": the operator's route lookup. */
export function useRouteLookup() {
  return useMutation({ mutationFn: (email: string) => api<RouteLookupAnswer>('/admin/route-lookup', { json: { email } }) });
}
