import type { ChooseProviderInput, ConnectionView, WizardStep } from '@gatehouse/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from './client.ts';

export const connectionsKey = ['setup', 'connections'] as const;
export const connectionKey = (id: string) => ['setup', 'connections', id] as const;

export function useConnections() {
  return useQuery({
    queryKey: connectionsKey,
    queryFn: async () => (await client.call('GET /v1/setup/connections')).connections,
  });
}

export function useConnection(id: string) {
  return useQuery({
    queryKey: connectionKey(id),
    queryFn: () => client.call('GET /v1/setup/connections/{id}', { params: { id } }),
  });
}

/** Puts a connection the server returned into the cache, so every view shows the saved state. */
function useRemember() {
  const queryClient = useQueryClient();
  return (connection: ConnectionView) => {
    queryClient.setQueryData(connectionKey(connection.id), connection);
    void queryClient.invalidateQueries({ queryKey: connectionsKey, exact: true });
  };
}

export function useCreateConnection() {
  const remember = useRemember();
  return useMutation({
    mutationFn: (input: ChooseProviderInput) => client.call('POST /v1/setup/connections', { body: input }),
    onSuccess: remember,
  });
}

export function useSaveProvider(id: string) {
  const remember = useRemember();
  return useMutation({
    mutationFn: (input: ChooseProviderInput & { version: number }) =>
      client.call('PUT /v1/setup/connections/{id}/provider', { params: { id }, body: input }),
    onSuccess: remember,
  });
}

/** Tells the server which step the admin is on; a reload or another day resumes there. */
export function useRecordStep(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (step: WizardStep) => client.call('PUT /v1/setup/connections/{id}/step', { params: { id }, body: { step } }),
    onSuccess: (connection) => queryClient.setQueryData(connectionKey(connection.id), connection),
  });
}
