import type { ConnectionView } from '@gatehouse/core';
import type { RouteBody } from '@gatehouse/core/api-routes';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FindingView } from '../components/Findings.tsx';
import { client } from './client.ts';
import { connectionKey, connectionsKey } from './connections.ts';
import { errorDetails } from './error-details.ts';

/** The findings a SETTINGS_INVALID refusal carries, or none. */
export function refusedFindings(error: unknown): FindingView[] {
  return errorDetails(error, 'SETTINGS_INVALID')?.findings ?? [];
}

/**
 * What to do with a saved connection. `onSaved` runs from the mutation itself, not from a per-call
 * callback, so it still runs when the saved data re-renders the page.
 */
function useOnSaved(onSaved: ((saved: ConnectionView) => void) | undefined) {
  const queryClient = useQueryClient();
  return (connection: ConnectionView) => {
    queryClient.setQueryData(connectionKey(connection.id), connection);
    void queryClient.invalidateQueries({ queryKey: connectionsKey, exact: true });
    onSaved?.(connection);
  };
}

/** Saves the SAML settings of a connection (PUT /v1/setup/connections/{id}/saml). */
export function useSaveSaml(connectionId: string, onSaved?: (saved: ConnectionView) => void) {
  return useMutation({
    mutationFn: (body: RouteBody<'PUT /v1/setup/connections/{id}/saml'>) =>
      client.call('PUT /v1/setup/connections/{id}/saml', { params: { id: connectionId }, body }),
    onSuccess: useOnSaved(onSaved),
  });
}

/** Saves the OpenID Connect settings of a connection (PUT /v1/setup/connections/{id}/oidc). */
export function useSaveOidc(connectionId: string, onSaved?: (saved: ConnectionView) => void) {
  return useMutation({
    mutationFn: (body: RouteBody<'PUT /v1/setup/connections/{id}/oidc'>) =>
      client.call('PUT /v1/setup/connections/{id}/oidc', { params: { id: connectionId }, body }),
    onSuccess: useOnSaved(onSaved),
  });
}

/** Saves the attribute mapping of a connection (PUT /v1/setup/connections/{id}/mapping). */
export function useSaveMapping(connectionId: string, onSaved?: (saved: ConnectionView) => void) {
  return useMutation({
    mutationFn: (body: RouteBody<'PUT /v1/setup/connections/{id}/mapping'>) =>
      client.call('PUT /v1/setup/connections/{id}/mapping', { params: { id: connectionId }, body }),
    onSuccess: useOnSaved(onSaved),
  });
}

export function usePool() {
  return useQuery({ queryKey: ['setup', 'pool'], queryFn: () => client.call('GET /v1/setup/pool'), staleTime: 5 * 60_000 });
}
