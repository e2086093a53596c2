import { useQuery } from '@tanstack/react-query';
import { client } from './client.ts';

/** How many of the latest events the Activity page lists. */
export const RECENT_EVENTS_LIMIT = 25;

/** The latest events sent to the SaaS (locally) or where they go (AWS), read again every few seconds. */
export function useRecentEvents() {
  return useQuery({
    queryKey: ['admin', 'events'],
    queryFn: ({ signal }) => client.call('GET /v1/admin/events', { query: { limit: String(RECENT_EVENTS_LIMIT) }, signal }),
    refetchInterval: 5_000,
  });
}
