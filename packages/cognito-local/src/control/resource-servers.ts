// Resource servers and their custom scopes. Source unless said otherwise: API reference, CreateResourceServer,
// DescribeResourceServer, ListResourceServers, UpdateResourceServer, DeleteResourceServer, ResourceServerType;
// developer guide, "Scopes, M2M, and API authorization with resource servers".

import { type Engine, pageToken, readPageToken } from '../engine.ts';
import { CognitoError, invalidParameter, notFound } from '../errors.ts';
import type { PoolRecord, ResourceServerRecord } from '../state.ts';

type Scope = { ScopeName: string; ScopeDescription: string };

const serversOf = (pool: PoolRecord): Record<string, ResourceServerRecord> => {
  pool.resourceServers ??= {};
  return pool.resourceServers;
};

function server(pool: PoolRecord, identifier: string): ResourceServerRecord {
  const found = serversOf(pool)[identifier];
  // The message is a guess in Cognito's style.
  if (!found) throw notFound(`Resource server ${identifier} does not exist.`);
  return found;
}

/** Scope names are unique within a server; how Cognito words a duplicate is not documented (a guess). */
function checkScopes(scopes: Scope[]): Scope[] {
  const seen = new Set<string>();
  for (const scope of scopes) {
    if (seen.has(scope.ScopeName)) throw invalidParameter(`Duplicate scope name ${scope.ScopeName} in the resource server.`);
    seen.add(scope.ScopeName);
  }
  return scopes.map((s) => ({ ScopeName: s.ScopeName, ScopeDescription: s.ScopeDescription }));
}

export function createResourceServer(
  engine: Engine,
  input: { UserPoolId: string; Identifier: string; Name: string; Scopes?: Scope[] },
) {
  const pool = engine.pool(input.UserPoolId);
  const servers = serversOf(pool);
  // An identifier names one server per pool; Cognito's exception for a second one is not documented:
  // InvalidParameterException is a guess.
  if (servers[input.Identifier]) throw invalidParameter(`Resource server with identifier ${input.Identifier} already exists.`);
  // Quotas: 25 resource servers per user pool (developer guide, quotas: resource servers per user pool).
  if (Object.keys(servers).length >= engine.options.quotas.resourceServersPerPool) {
    throw new CognitoError(
      'LimitExceededException',
      'The maximum number of resource servers for this user pool has been reached.',
    );
  }
  const record: ResourceServerRecord = {
    UserPoolId: pool.Id,
    Identifier: input.Identifier,
    Name: input.Name,
    Scopes: checkScopes(input.Scopes ?? []),
  };
  servers[input.Identifier] = record;
  engine.save();
  return { ResourceServer: record };
}

export function describeResourceServer(engine: Engine, input: { UserPoolId: string; Identifier: string }) {
  return { ResourceServer: server(engine.pool(input.UserPoolId), input.Identifier) };
}

export function listResourceServers(engine: Engine, input: { UserPoolId: string; MaxResults?: number; NextToken?: string }) {
  const pool = engine.pool(input.UserPoolId);
  const start = readPageToken(input.NextToken);
  if (start < 0) throw invalidParameter('Invalid pagination token.');
  const all = Object.values(serversOf(pool));
  const page = all.slice(start, start + (input.MaxResults ?? 50));
  const next = start + page.length;
  return { ResourceServers: page, ...(next < all.length ? { NextToken: pageToken(next) } : {}) };
}

/**
 * "If you don't provide a value for an attribute, it is set to the default value" (API reference,
 * UpdateResourceServer): Name is required, and Scopes not sent leaves the server with none. App clients that
 * still list a removed scope keep it, but it is granted no more (see the token endpoint).
 */
export function updateResourceServer(
  engine: Engine,
  input: { UserPoolId: string; Identifier: string; Name: string; Scopes?: Scope[] },
) {
  const pool = engine.pool(input.UserPoolId);
  const existing = server(pool, input.Identifier);
  const record: ResourceServerRecord = { ...existing, Name: input.Name, Scopes: checkScopes(input.Scopes ?? []) };
  serversOf(pool)[input.Identifier] = record;
  engine.save();
  return { ResourceServer: record };
}

export function deleteResourceServer(engine: Engine, input: { UserPoolId: string; Identifier: string }) {
  const pool = engine.pool(input.UserPoolId);
  server(pool, input.Identifier);
  delete serversOf(pool)[input.Identifier];
  engine.save();
  return {};
}

/**
 * Whether a custom scope `<identifier>/<scopeName>` exists in the pool. Scope names cannot hold `/`
 * (ResourceServerScopeType's pattern), identifiers can (`https://api.example.com`): the name is what follows
 * the last slash.
 */
export function customScopeExists(pool: PoolRecord, scope: string): boolean {
  const slash = scope.lastIndexOf('/');
  if (slash <= 0) return false;
  const found = pool.resourceServers?.[scope.slice(0, slash)];
  return Boolean(found?.Scopes.some((s) => s.ScopeName === scope.slice(slash + 1)));
}
