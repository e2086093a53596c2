import type { ConnectionView, PoolView } from '@gatehouse/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FindingView } from '../components/Findings.tsx';
import { ApiRequestError, api } from './api.ts';
import { connectionKey, connectionsKey } from './connections.ts';

/** The findings a SETTINGS_INVALID refusal carries, or none. */
export function refusedFindings(error: unknown): FindingView[] {
  if (error instanceof ApiRequestError && error.code === 'SETTINGS_INVALID') {
    const findings = (error.details as { findings?: FindingView[] } | undefined)?.findings;
    return Array.isArray(findings) ? findings : [];
  }
  return [];
}

/** Saves one kind of settings of a connection (PUT /setup/connections/:id/<part>). */
export function useSaveSettings<T>(connectionId: string, part: 'saml' | 'oidc' | 'mapping') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: T) =>
      api<ConnectionView>(`/setup/connections/${encodeURIComponent(connectionId)}/${part}`, { method: 'PUT', json: input }),
    onSuccess: (connection) => {
      client.setQueryData(connectionKey(connection.id), connection);
      void client.invalidateQueries({ queryKey: connectionsKey, exact: true });
    },
  });
}

export function usePool() {
  return useQuery({ queryKey: ['setup', 'pool'], queryFn: () => api<PoolView>('/setup/pool'), staleTime: 5 * 60_000 });
}
