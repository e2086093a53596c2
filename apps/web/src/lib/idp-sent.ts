import type { Explanation } from '@gatehouse/core';
import { useMutation } from '@tanstack/react-query';
import { api } from './api.ts';

/** Where a pasted response is explained: the setup wizard's connection, or the operator's review. */
export const explainPath = {
  setup: (connectionId: string) => `/setup/connections/${encodeURIComponent(connectionId)}/explain`,
  admin: (tenantId: string, connectionId: string) =>
    `/admin/tenants/${encodeURIComponent(tenantId)}/connections/${encodeURIComponent(connectionId)}/explain`,
};

/** Sends the pasted text to be decoded and checked; nothing is kept, so nothing is invalidated. */
export function useExplain(path: string) {
  return useMutation({ mutationFn: (text: string) => api<Explanation>(path, { json: { text } }) });
}
