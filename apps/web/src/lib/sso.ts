import type { RouteBody } from '@gatehouse/core/api-routes';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from './client.ts';

const enforcementKey = (tenantId: string) => ['admin', 'tenant', tenantId, 'sso-enforcement'] as const;
const nativeUsersKey = (tenantId: string) => ['admin', 'tenant', tenantId, 'native-users'] as const;

export function useSsoEnforcement(tenantId: string) {
  return useQuery({
    queryKey: enforcementKey(tenantId),
    queryFn: () => client.call('GET /v1/admin/tenants/{tenantId}/sso-enforcement', { params: { tenantId } }),
  });
}

export function useSetSsoEnforcement(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RouteBody<'PUT /v1/admin/tenants/{tenantId}/sso-enforcement'>) =>
      client.call('PUT /v1/admin/tenants/{tenantId}/sso-enforcement', { params: { tenantId }, body }),
    onSuccess: (view) => {
      queryClient.setQueryData(enforcementKey(tenantId), view);
      // The tenant's version moved on.
      return queryClient.invalidateQueries({ queryKey: ['admin', 'tenant', tenantId] });
    },
  });
}

export function useNativeUsers(tenantId: string, enabled: boolean) {
  return useQuery({
    queryKey: nativeUsersKey(tenantId),
    queryFn: () => client.call('GET /v1/admin/tenants/{tenantId}/native-users', { params: { tenantId } }),
    enabled,
  });
}

export function useDisableNativeUsers(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (usernames: string[]) =>
      client.call('POST /v1/admin/tenants/{tenantId}/native-users/disable', { params: { tenantId }, body: { usernames } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: nativeUsersKey(tenantId) }),
  });
}

const setupKey = ['setup', 'sso-enforcement'] as const;

export function useSetupSsoEnforcement() {
  return useQuery({ queryKey: setupKey, queryFn: () => client.call('GET /v1/setup/sso-enforcement') });
}

export function useSetSetupSsoEnforcement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RouteBody<'PUT /v1/setup/sso-enforcement'>) => client.call('PUT /v1/setup/sso-enforcement', { body }),
    onSuccess: (view) => queryClient.setQueryData(setupKey, view),
  });
}
