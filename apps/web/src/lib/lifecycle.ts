import type { ConnectionView } from '@gatehouse/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './api.ts';
import { connectionKey, connectionsKey } from './connections.ts';

/** Submit, withdraw, or start a new revision: POST /setup/connections/:id/<action> with the version read. */
export function useLifecycle(connection: ConnectionView, action: 'submit' | 'withdraw' | 'revisions') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<ConnectionView>(`/setup/connections/${encodeURIComponent(connection.id)}/${action}`, {
        json: { version: connection.version },
      }),
    onSuccess: (saved) => {
      client.setQueryData(connectionKey(saved.id), saved);
      void client.invalidateQueries({ queryKey: connectionsKey, exact: true });
    },
  });
}
