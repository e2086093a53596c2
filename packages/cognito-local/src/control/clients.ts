import { type Engine, pageToken, randomLowerId, readPageToken } from '../engine.ts';
import { CognitoError, invalidParameter, notFound } from '../errors.ts';
import type { ClientRecord, PoolRecord } from '../state.ts';
import { customScopeExists } from './resource-servers.ts';
import { isAcceptableRedirectUrl } from './urls.ts';

/** Settings an app client has when they are not sent, on CreateUserPoolClient and UpdateUserPoolClient alike. */
const CLIENT_DEFAULTS: Record<string, unknown> = {
  RefreshTokenValidity: 30,
  TokenValidityUnits: {},
  ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH'],
  AllowedOAuthFlowsUserPoolClient: false,
  PreventUserExistenceErrors: 'LEGACY',
  EnableTokenRevocation: true,
  EnablePropagateAdditionalUserContextData: false,
  AuthSessionValidity: 3,
};

/** Every setting an app client carries besides its identity; UpdateUserPoolClient resets each one not sent. */
const SETTINGS = [
  'RefreshTokenValidity',
  'AccessTokenValidity',
  'IdTokenValidity',
  'TokenValidityUnits',
  'ReadAttributes',
  'WriteAttributes',
  'ExplicitAuthFlows',
  'SupportedIdentityProviders',
  'CallbackURLs',
  'LogoutURLs',
  'DefaultRedirectURI',
  'AllowedOAuthFlows',
  'AllowedOAuthScopes',
  'AllowedOAuthFlowsUserPoolClient',
  'PreventUserExistenceErrors',
  'EnableTokenRevocation',
  'EnablePropagateAdditionalUserContextData',
  'AuthSessionValidity',
] as const;

const STANDARD_SCOPES = new Set(['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin']);

function poolAttributeNames(pool: PoolRecord): Set<string> {
  return new Set(pool.SchemaAttributes.filter((a) => a.Name !== 'sub' && a.Name !== 'identities').map((a) => a.Name));
}

function checkSettings(
  engine: Engine,
  pool: PoolRecord,
  settings: Record<string, unknown>,
  verb: 'creating' | 'updating',
  hasSecret: boolean,
) {
  const attributes = poolAttributeNames(pool);
  const read = settings.ReadAttributes as string[] | undefined;
  if (read?.some((name) => !attributes.has(name))) {
    throw invalidParameter(`Invalid read attributes specified while ${verb} a client`);
  }
  const write = settings.WriteAttributes as string[] | undefined;
  if (write?.some((name) => !attributes.has(name))) {
    throw invalidParameter(`Invalid write attributes specified while ${verb} a client`);
  }
  for (const name of (settings.SupportedIdentityProviders as string[] | undefined) ?? []) {
    if (name === 'COGNITO') continue;
    if (!pool.idps[name]) {
      throw invalidParameter(`The provider ${name} does not exist for User Pool ${pool.Id}`);
    }
  }
  for (const key of ['CallbackURLs', 'LogoutURLs'] as const) {
    for (const url of (settings[key] as string[] | undefined) ?? []) {
      if (!isAcceptableRedirectUrl(url, engine.options.allowLoopbackHttp)) {
        // Cognito: absolute URLs without a fragment, https except http://localhost.
        throw invalidParameter(
          `${key === 'CallbackURLs' ? 'Callback' : 'Logout'} URL ${url} is not valid: use https, or http://localhost`,
        );
      }
    }
  }
  const callbacks = (settings.CallbackURLs as string[] | undefined) ?? [];
  const defaultRedirect = settings.DefaultRedirectURI as string | undefined;
  if (defaultRedirect && !callbacks.includes(defaultRedirect)) {
    throw invalidParameter('DefaultRedirectURI must be one of the CallbackURLs.');
  }
  const flows = (settings.AllowedOAuthFlows as string[] | undefined) ?? [];
  const scopes = (settings.AllowedOAuthScopes as string[] | undefined) ?? [];
  if (flows.includes('client_credentials') && (flows.includes('code') || flows.includes('implicit'))) {
    throw new CognitoError(
      'InvalidOAuthFlowException',
      'client_credentials flow can not be selected along with code flow or implicit flow.',
    );
  }
  // A scope is a standard one or `<resource-server-identifier>/<scope>` of a resource server of the pool;
  // anything else is ScopeDoesNotExistException "Invalid scope requested: <scope>" (public reports,
  // awsdocs/aws-cloudformation-user-guide #518 and #564).
  for (const scope of scopes) {
    if (!STANDARD_SCOPES.has(scope) && !customScopeExists(pool, scope)) {
      throw new CognitoError('ScopeDoesNotExistException', `Invalid scope requested: ${scope}`);
    }
  }
  if (flows.includes('client_credentials')) {
    // The grant authenticates the client by its secret (developer guide, token endpoint: client credentials
    // "with a client secret"); the exception is InvalidOAuthFlowException as for the other flow rules, its
    // text a guess.
    if (!hasSecret) {
      throw new CognitoError(
        'InvalidOAuthFlowException',
        'client_credentials flow can not be selected if client does not have a client secret.',
      );
    }
    // Only custom scopes: "openid is not supported with client_credentials flow" (InvalidOAuthFlowException,
    // public report hashicorp/terraform-provider-aws #4984).
    const standard = scopes.find((scope) => STANDARD_SCOPES.has(scope));
    if (standard)
      throw new CognitoError('InvalidOAuthFlowException', `${standard} is not supported with client_credentials flow`);
  }
  if (scopes.some((s) => s === 'email' || s === 'phone' || s === 'profile') && !scopes.includes('openid')) {
    throw invalidParameter('openid scope is required when email, phone or profile scopes are requested.');
  }
  if (settings.AllowedOAuthFlowsUserPoolClient === true) {
    if (!flows.length)
      throw new CognitoError('InvalidOAuthFlowException', 'AllowedOAuthFlows is required when OAuth is enabled.');
    if (!scopes.length)
      throw new CognitoError('InvalidOAuthFlowException', 'AllowedOAuthScopes is required when OAuth is enabled.');
    if ((flows.includes('code') || flows.includes('implicit')) && !callbacks.length) {
      throw invalidParameter('CallbackURLs are required for the code and implicit flows.');
    }
  }
}

function settingsFrom(input: Record<string, unknown>): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...CLIENT_DEFAULTS };
  for (const key of SETTINGS) if (input[key] !== undefined && input[key] !== null) settings[key] = input[key];
  return settings;
}

function client(pool: PoolRecord, clientId: string): ClientRecord {
  const found = pool.clients[clientId];
  if (!found) throw notFound(`User pool client ${clientId} does not exist.`);
  return found;
}

export function createUserPoolClient(engine: Engine, input: Record<string, unknown>) {
  const pool = engine.pool(input.UserPoolId as string);
  if (Object.keys(pool.clients).length >= engine.options.quotas.clientsPerPool) {
    throw new CognitoError('LimitExceededException', 'The maximum number of app clients for this user pool has been reached.');
  }
  const settings = settingsFrom(input);
  checkSettings(engine, pool, settings, 'creating', input.GenerateSecret === true);
  let clientId = randomLowerId(26);
  while (pool.clients[clientId]) clientId = randomLowerId(26);
  const now = engine.timestamp();
  const record: ClientRecord = {
    UserPoolId: pool.Id,
    ClientName: input.ClientName as string,
    ClientId: clientId,
    ...(input.GenerateSecret === true ? { ClientSecret: randomLowerId(51) } : {}),
    CreationDate: now,
    LastModifiedDate: now,
    ...settings,
  };
  pool.clients[clientId] = record;
  engine.save();
  return { UserPoolClient: record };
}

export function describeUserPoolClient(engine: Engine, input: { UserPoolId: string; ClientId: string }) {
  return { UserPoolClient: client(engine.pool(input.UserPoolId), input.ClientId) };
}

/**
 * Replaces the client's settings with what was sent, every omitted setting going back to its default:
 * that is what Cognito does (boto/boto3 #1607), and what callers must guard against by sending the whole
 * client back. The name is kept when it is not sent (it is the one optional identity field).
 */
export function updateUserPoolClient(engine: Engine, input: Record<string, unknown>) {
  const pool = engine.pool(input.UserPoolId as string);
  const existing = client(pool, input.ClientId as string);
  const settings = settingsFrom(input);
  checkSettings(engine, pool, settings, 'updating', Boolean(existing.ClientSecret));
  const record: ClientRecord = {
    UserPoolId: pool.Id,
    ClientName: (input.ClientName as string | undefined) ?? existing.ClientName,
    ClientId: existing.ClientId,
    ...(existing.ClientSecret ? { ClientSecret: existing.ClientSecret } : {}),
    CreationDate: existing.CreationDate,
    LastModifiedDate: engine.timestamp(),
    ...settings,
  };
  pool.clients[existing.ClientId] = record;
  engine.save();
  return { UserPoolClient: record };
}

export function deleteUserPoolClient(engine: Engine, input: { UserPoolId: string; ClientId: string }) {
  const pool = engine.pool(input.UserPoolId);
  client(pool, input.ClientId);
  delete pool.clients[input.ClientId];
  engine.save();
  return {};
}

export function listUserPoolClients(engine: Engine, input: { UserPoolId: string; MaxResults?: number; NextToken?: string }) {
  const pool = engine.pool(input.UserPoolId);
  const start = readPageToken(input.NextToken);
  if (start < 0) throw invalidParameter('Invalid pagination token.');
  const clients = Object.values(pool.clients);
  const page = clients.slice(start, start + (input.MaxResults ?? 60));
  const next = start + page.length;
  return {
    UserPoolClients: page.map((c) => ({ ClientId: c.ClientId, UserPoolId: c.UserPoolId, ClientName: c.ClientName })),
    ...(next < clients.length ? { NextToken: pageToken(next) } : {}),
  };
}

/**
 * The app client of a public operation (SignUp, InitiateAuth), which names only the client: client ids are
 * unique across pools.
 */
export function findClient(engine: Engine, clientId: string): { pool: PoolRecord; client: ClientRecord } {
  for (const pool of Object.values(engine.data.pools)) {
    const found = pool.clients[clientId];
    if (found) return { pool, client: found };
  }
  throw notFound(`User pool client ${clientId} does not exist.`);
}
