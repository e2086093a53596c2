import type { NativeUserList, SsoEnforcementView } from '@gatehouse/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api.ts';

const enforcementKey = (tenantId: string) => ['admin', 'tenant', tenantId, 'sso-enforcement'] as const;
const nativeUsersKey = (tenantId: string) => ['admin', 'tenant', tenantId, 'native-users'] as const;
const path = (tenantId: string, rest: string) => `/admin/tenants/${encodeURIComponent(tenantId)}/${rest}`;

export function useSsoEnforcement(tenantId: string) {
  return useQuery({
    queryKey: enforcementKey(tenantId),
    queryFn: () => api<SsoEnforcementView>(path(tenantId, 'sso-enforcement')),
  });
}

export function useSetSsoEnforcement(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { enforced: boolean; itAdminMayChange: boolean; version: number }) =>
      api<SsoEnforcementView>(path(tenantId, 'sso-enforcement'), { method: 'PUT', json: input }),
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
    queryFn: () => api<NativeUserList>(path(tenantId, 'native-users')),
    enabled,
  });
}

export function useDisableNativeUsers(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (usernames: string[]) =>
      api<{ disabled: number }>(path(tenantId, 'native-users/disable'), { json: { usernames } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: nativeUsersKey(tenantId) }),
  });
}

const setupKey = ['setup', 'sso-enforcement'] as const;

export function useSetupSsoEnforcement() {
  return useQuery({ queryKey: setupKey, queryFn: () => api<SsoEnforcementView>('/setup/sso-enforcement') });
}

export function useSetSetupSsoEnforcement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { enforced: boolean; version: number }) =>
      api<SsoEnforcementView>('/setup/sso-enforcement', { method: 'PUT', json: input }),
    onSuccess: (view) => queryClient.setQueryData(setupKey, view),
  });
}
