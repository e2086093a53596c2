import type { ChooseProviderInput, ConnectionView, WizardStep } from '@gatehouse/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api.ts';

export const connectionsKey = ['setup', 'connections'] as const;
export const connectionKey = (id: string) => ['setup', 'connections', id] as const;

export function useConnections() {
  return useQuery({
    queryKey: connectionsKey,
    queryFn: async () => (await api<{ connections: ConnectionView[] }>('/setup/connections')).connections,
  });
}

export function useConnection(id: string) {
  return useQuery({
    queryKey: connectionKey(id),
    queryFn: () => api<ConnectionView>(`/setup/connections/${encodeURIComponent(id)}`),
  });
}

/** Puts a connection the server returned into the cache, so every view shows the saved state. */
function useRemember() {
  const client = useQueryClient();
  return (connection: ConnectionView) => {
    client.setQueryData(connectionKey(connection.id), connection);
    void client.invalidateQueries({ queryKey: connectionsKey, exact: true });
  };
}

export function useCreateConnection() {
  const remember = useRemember();
  return useMutation({
    mutationFn: (input: ChooseProviderInput) => api<ConnectionView>('/setup/connections', { json: input }),
    onSuccess: remember,
  });
}

export function useSaveProvider(id: string) {
  const remember = useRemember();
  return useMutation({
    mutationFn: (input: ChooseProviderInput & { version: number }) =>
      api<ConnectionView>(`/setup/connections/${encodeURIComponent(id)}/provider`, { method: 'PUT', json: input }),
    onSuccess: remember,
  });
}

/** Tells the server which step the admin is on; a reload or another day resumes there. */
export function useRecordStep(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (step: WizardStep) =>
      api<ConnectionView>(`/setup/connections/${encodeURIComponent(id)}/step`, { method: 'PUT', json: { step } }),
    onSuccess: (connection) => client.setQueryData(connectionKey(connection.id), connection),
  });
}
