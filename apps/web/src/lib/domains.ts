import type { DomainClaimView } from '@gatehouse/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api.ts';
import { connectionKey, connectionsKey } from './connections.ts';

export const domainsKey = (connectionId: string) => ['setup', 'domains', connectionId] as const;
const domainPath = (domain: string) => `/setup/domains/${encodeURIComponent(domain)}`;

/** The email domains routed to one connection. */
export function useDomains(connectionId: string) {
  return useQuery({
    queryKey: domainsKey(connectionId),
    queryFn: async () =>
      (await api<{ domains: DomainClaimView[] }>(`/setup/domains?connectionId=${encodeURIComponent(connectionId)}`)).domains,
  });
}

/** The connection's progress counts its domains: re-read it (and the list) after any change of a claim. */
function refreshProgress(client: ReturnType<typeof useQueryClient>, connectionId: string) {
  void client.invalidateQueries({ queryKey: connectionKey(connectionId), exact: true });
  void client.invalidateQueries({ queryKey: connectionsKey, exact: true });
}

/** Keeps the cached list in step with a claim the server returned. */
function useRememberDomain(connectionId: string) {
  const client = useQueryClient();
  return (claim: DomainClaimView) => {
    client.setQueryData<DomainClaimView[]>(domainsKey(connectionId), (list = []) =>
      list.some((d) => d.domain === claim.domain) ? list.map((d) => (d.domain === claim.domain ? claim : d)) : [...list, claim],
    );
    refreshProgress(client, connectionId);
  };
}

export function useAddDomain(connectionId: string) {
  const remember = useRememberDomain(connectionId);
  return useMutation({
    mutationFn: (domain: string) => api<DomainClaimView>('/setup/domains', { json: { domain, connectionId } }),
    onSuccess: remember,
  });
}

export function useVerifyDomain(connectionId: string) {
  const remember = useRememberDomain(connectionId);
  return useMutation({
    mutationFn: (domain: string) => api<DomainClaimView>(`${domainPath(domain)}/verify`, { method: 'POST' }),
    onSuccess: remember,
  });
}

export function useRemoveDomain(connectionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (domain: string) => api<void>(domainPath(domain), { method: 'DELETE' }),
    onSuccess: (_nothing, domain) => {
      client.setQueryData<DomainClaimView[]>(domainsKey(connectionId), (list = []) => list.filter((d) => d.domain !== domain));
      refreshProgress(client, connectionId);
    },
  });
}
