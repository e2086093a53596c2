import type { ApiRoute, RouteInput, RouteResponse } from '@gatehouse/core/api-routes';
import { api } from './api.ts';

/** A call's input: the route's parameters, body and query, and a signal to abort it. */
export type CallInput<R extends ApiRoute> = RouteInput<R> & { signal?: AbortSignal | undefined };

/** The input may be left out when the route needs none (no path parameter, no required body). */
type CallArguments<R extends ApiRoute> = object extends CallInput<R> ? [input?: CallInput<R>] : [input: CallInput<R>];

/** The URL path (after the API base) of a route, its `{name}` parameters filled in and its query added. */
export function routePath(template: string, params: Record<string, string> = {}, query: Record<string, string | undefined> = {}) {
  const path = template.replace(/^\/v1(?=\/)/, '').replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`The route ${template} needs the parameter ${name}.`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return search.size > 0 ? `${path}?${search}` : path;
}

/**
 * The typed way to the API: `client.call('POST /v1/setup/connections/{id}/explain', { params: { id }, body })`
 * checks the route, its parameters and its body at compile time and answers with the route's response
 * type. Types only come from the route table (API_ROUTES in @gatehouse/core); no schema is loaded, so
 * the answer is trusted as the table describes it, which apps/api/test/api-routes.test.ts keeps true.
 */
export const client = {
  async call<R extends ApiRoute>(route: R, ...[input]: CallArguments<R>): Promise<RouteResponse<R>> {
    const separator = route.indexOf(' ');
    const method = route.slice(0, separator);
    const given = (input ?? {}) as {
      params?: Record<string, string>;
      body?: unknown;
      query?: Record<string, string | undefined>;
    };
    const path = routePath(route.slice(separator + 1), given.params, given.query);
    const answer = await api(path, { method, json: given.body, signal: input?.signal });
    return answer as RouteResponse<R>;
  },
};
