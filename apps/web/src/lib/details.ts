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

/**
 * Saves one kind of settings of a connection (PUT /setup/connections/:id/<part>). `onSaved` runs from the
 * mutation itself, not from a per-call callback, so it still runs when the saved data re-renders the page.
 */
export function useSaveSettings<T>(
  connectionId: string,
  part: 'saml' | 'oidc' | 'mapping',
  onSaved?: (saved: ConnectionView) => void,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: T) =>
      api<ConnectionView>(`/setup/connections/${encodeURIComponent(connectionId)}/${part}`, { method: 'PUT', json: input }),
    onSuccess: (connection) => {
      client.setQueryData(connectionKey(connection.id), connection);
      void client.invalidateQueries({ queryKey: connectionsKey, exact: true });
      onSaved?.(connection);
    },
  });
}

export function usePool() {
  return useQuery({ queryKey: ['setup', 'pool'], queryFn: () => api<PoolView>('/setup/pool'), staleTime: 5 * 60_000 });
}
