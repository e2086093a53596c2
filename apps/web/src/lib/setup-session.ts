import type { SetupSession } from '@gatehouse/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiRequestError, setCsrfToken } from './api.ts';
import { client } from './client.ts';

export const setupSessionKey = ['setup', 'session'] as const;

/** The current setup session, or null when there is none (401). */
export function useSetupSession(enabled = true) {
  return useQuery({
    queryKey: setupSessionKey,
    enabled,
    queryFn: async () => {
      try {
        const session = await client.call('GET /v1/setup/session');
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiRequestError && error.code === 'SESSION_REQUIRED') return null;
        throw error;
      }
    },
  });
}

/**
 * Starts exchanging a setup-link token for a session cookie. main.tsx calls it before React's first
 * render, so the request overlaps that render instead of following it; useExchangeSetupLink takes the
 * answer. A refusal is handled there, so it is not reported as unhandled meanwhile.
 */
export function startSetupLinkExchange(token: string): Promise<SetupSession> {
  const exchange = client.call('POST /v1/setup/session', { body: { token } });
  exchange.catch(() => undefined);
  return exchange;
}

/** Settles a started setup-link exchange: the session (and its CSRF token) becomes the current one. */
export function useExchangeSetupLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (exchange: Promise<SetupSession>) => exchange,
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(setupSessionKey, session);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client.call('DELETE /v1/setup/session'),
    onSuccess: () => {
      setCsrfToken(null);
      queryClient.setQueryData(setupSessionKey, null);
    },
  });
}
