import type { BrandingInput } from '@gatehouse/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { t } from '../messages.ts';
import { ApiRequestError } from './api.ts';
import { client } from './client.ts';

// Types only from core: this module is on the wizard's first page, which must not load zod.

export const setupBrandingKey = ['setup', 'branding'] as const;
const adminBrandingKey = ['admin', 'branding'] as const;

/** The operator's branding of the wizard, once the IT admin has a session; null when there is none. */
export function useSetupBranding(enabled: boolean) {
  return useQuery({
    queryKey: setupBrandingKey,
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      try {
        return await client.call('GET /v1/setup/branding');
      } catch (error) {
        if (error instanceof ApiRequestError && error.code === 'SESSION_REQUIRED') return null;
        throw error;
      }
    },
  });
}

export function useBranding() {
  return useQuery({ queryKey: adminBrandingKey, queryFn: ({ signal }) => client.call('GET /v1/admin/branding', { signal }) });
}

export function useSaveBranding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: BrandingInput) => client.call('PUT /v1/admin/branding', { body: input }),
    onSuccess: (branding) => queryClient.setQueryData(adminBrandingKey, branding),
  });
}

/**
 * The product the IT admin registers at their IdP: the operator's product name once the branding is
 * read (App reads it with the session), Gatehouse's until then or without branding.
 */
export function useProductName(): string {
  const branding = useSetupBranding(false);
  return branding.data?.productName ?? t.app.name;
}
