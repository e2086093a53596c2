import type { DomainClaimView } from '@gatehouse/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api.ts';

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

/** Keeps the cached list in step with a claim the server returned. */
function useRememberDomain(connectionId: string) {
  const client = useQueryClient();
  return (claim: DomainClaimView) =>
    client.setQueryData<DomainClaimView[]>(domainsKey(connectionId), (list = []) =>
      list.some((d) => d.domain === claim.domain) ? list.map((d) => (d.domain === claim.domain ? claim : d)) : [...list, claim],
    );
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
    onSuccess: (_nothing, domain) =>
      client.setQueryData<DomainClaimView[]>(domainsKey(connectionId), (list = []) => list.filter((d) => d.domain !== domain)),
  });
}
