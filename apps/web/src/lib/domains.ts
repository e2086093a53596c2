import type { DomainClaimView } from '@gatehouse/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from './client.ts';
import { connectionKey, connectionsKey } from './connections.ts';

export const domainsKey = (connectionId: string) => ['setup', 'domains', connectionId] as const;

/** The email domains routed to one connection. */
export function useDomains(connectionId: string) {
  return useQuery({
    queryKey: domainsKey(connectionId),
    queryFn: async () => (await client.call('GET /v1/setup/domains', { query: { connectionId } })).domains,
  });
}

/** The connection's progress counts its domains: re-read it (and the list) after any change of a claim. */
function refreshProgress(queryClient: ReturnType<typeof useQueryClient>, connectionId: string) {
  void queryClient.invalidateQueries({ queryKey: connectionKey(connectionId), exact: true });
  void queryClient.invalidateQueries({ queryKey: connectionsKey, exact: true });
}

/** Keeps the cached list in step with a claim the server returned. */
function useRememberDomain(connectionId: string) {
  const queryClient = useQueryClient();
  return (claim: DomainClaimView) => {
    queryClient.setQueryData<DomainClaimView[]>(domainsKey(connectionId), (list = []) =>
      list.some((d) => d.domain === claim.domain) ? list.map((d) => (d.domain === claim.domain ? claim : d)) : [...list, claim],
    );
    refreshProgress(queryClient, connectionId);
  };
}

export function useAddDomain(connectionId: string) {
  const remember = useRememberDomain(connectionId);
  return useMutation({
    mutationFn: (domain: string) => client.call('POST /v1/setup/domains', { body: { domain, connectionId } }),
    onSuccess: remember,
  });
}

export function useVerifyDomain(connectionId: string) {
  const remember = useRememberDomain(connectionId);
  return useMutation({
    mutationFn: (domain: string) => client.call('POST /v1/setup/domains/{domain}/verify', { params: { domain } }),
    onSuccess: remember,
  });
}

export function useRemoveDomain(connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (domain: string) => client.call('DELETE /v1/setup/domains/{domain}', { params: { domain } }),
    onSuccess: (_nothing, domain) => {
      queryClient.setQueryData<DomainClaimView[]>(domainsKey(connectionId), (list = []) =>
        list.filter((d) => d.domain !== domain),
      );
      refreshProgress(queryClient, connectionId);
    },
  });
}
