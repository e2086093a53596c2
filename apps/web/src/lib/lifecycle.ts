import type { ConnectionView } from '@gatehouse/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { client } from './client.ts';
import { connectionKey, connectionsKey } from './connections.ts';

/** Submit, withdraw, or start a new revision: POST /setup/connections/:id/<action> with the version read. */
export function useLifecycle(connection: ConnectionView, action: 'submit' | 'withdraw' | 'revisions') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      client.call(`POST /v1/setup/connections/{id}/${action}`, {
        params: { id: connection.id },
        body: { version: connection.version },
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(connectionKey(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: connectionsKey, exact: true });
    },
  });
}
