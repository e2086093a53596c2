import { useMutation } from '@tanstack/react-query';
import { client } from './client.ts';

/** Where a pasted response is explained: the setup wizard's connection, or the operator's review. */
export type ExplainTarget =
  | { audience: 'setup'; connectionId: string }
  | { audience: 'admin'; tenantId: string; connectionId: string };

/** Sends the pasted text to be decoded and checked; nothing is kept, so nothing is invalidated. */
export function useExplain(target: ExplainTarget) {
  return useMutation({
    mutationFn: (text: string) =>
      target.audience === 'setup'
        ? client.call('POST /v1/setup/connections/{id}/explain', { params: { id: target.connectionId }, body: { text } })
        : client.call('POST /v1/admin/tenants/{id}/connections/{connectionId}/explain', {
            params: { id: target.tenantId, connectionId: target.connectionId },
            body: { text },
          }),
  });
}
