import { useMutation, useQuery } from '@tanstack/react-query';
import { client } from './client.ts';

/** A live connection as AWS CDK and Terraform code; fetched only once the operator opens the disclosure. */
export function useIacExport(tenantId: string, connectionId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['admin', 'iac', tenantId, connectionId],
    queryFn: () =>
      client.call('GET /v1/admin/tenants/{id}/connections/{connectionId}/iac', { params: { id: tenantId, connectionId } }),
    enabled,
  });
}

/** "Where does this email go?": the operator's route lookup. */
export function useRouteLookup() {
  return useMutation({ mutationFn: (email: string) => client.call('POST /v1/admin/route-lookup', { body: { email } }) });
}
