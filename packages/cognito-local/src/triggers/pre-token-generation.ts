// The pre token generation trigger: the event Cognito sends, the response it accepts, and how that response
// changes the tokens. Source unless said otherwise: developer guide, "Pre token generation Lambda trigger"
// (event versions; claims and scopes reference; request and response parameters).

import type { LambdaConfig, PreTokenGenerationVersion } from '../control/lambda-config.ts';
import { preTokenGenerationTrigger } from '../control/lambda-config.ts';
import type { Engine } from '../engine.ts';
import type { ClaimValue, TokenOverrides } from './token-overrides.ts';

export type { ClaimValue, TokenOverrides } from './token-overrides.ts';

import { identitiesAsStored } from '../federation/federated-users.ts';
import { type GroupConfiguration, groupConfiguration } from '../federation/group-claims.ts';
import type { PoolRecord, UserRecord } from '../state.ts';
import {
  invokeLocalLambda,
  regionOf,
  type TriggerEventCommon,
  type TriggerFailure,
  triggerEventCommon,
  triggerFailure,
  unrecognizableOutput,
} from './registry.ts';

export type PreTokenGenerationTriggerSource =
  | 'TokenGeneration_HostedAuth'
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_NewPasswordChallenge'
  | 'TokenGeneration_AuthenticateDevice'
  | 'TokenGeneration_RefreshTokens'
  | 'TokenGeneration_ClientCredentials';

export interface GroupOverrideDetails {
  groupsToOverride?: string[] | null;
  iamRolesToOverride?: string[] | null;
  preferredRole?: string | null;
}

/** The V1_0 response: changes to the ID token, and to `cognito:groups` in both tokens. */
export interface ClaimsOverrideDetails {
  claimsToAddOrOverride?: Record<string, string> | null;
  claimsToSuppress?: string[] | null;
  groupOverrideDetails?: GroupOverrideDetails | null;
}

export interface IdTokenGeneration {
  claimsToAddOrOverride?: Record<string, ClaimValue> | null;
  claimsToSuppress?: string[] | null;
}

export interface AccessTokenGeneration extends IdTokenGeneration {
  scopesToAdd?: string[] | null;
  scopesToSuppress?: string[] | null;
}

/** The V2_0 and V3_0 response: changes to both tokens and to the access token's scopes. */
export interface ClaimsAndScopeOverrideDetails {
  idTokenGeneration?: IdTokenGeneration | null;
  accessTokenGeneration?: AccessTokenGeneration | null;
  groupOverrideDetails?: GroupOverrideDetails | null;
}

type EventCommon = TriggerEventCommon<PreTokenGenerationTriggerSource>;

export interface PreTokenGenerationV1Event extends EventCommon {
  version: '1';
  request: { userAttributes: Record<string, string>; groupConfiguration: GroupConfiguration };
  response: { claimsOverrideDetails: ClaimsOverrideDetails | null };
}

export interface PreTokenGenerationV2Event extends EventCommon {
  version: '2' | '3';
  request: { userAttributes: Record<string, string>; groupConfiguration: GroupConfiguration; scopes: string[] };
  response: { claimsAndScopeOverrideDetails: ClaimsAndScopeOverrideDetails | null };
}

export type { GroupConfiguration };

/**
 * The V3_0 event of a client credentials grant: no user, so `userName` is null, `userAttributes` empty and
 * the group configuration empty (a guess: the guide documents the trigger source and that V3_0 covers M2M
 * grants, not this event's members).
 */
export interface PreTokenGenerationClientCredentialsEvent extends Omit<EventCommon, 'userName' | 'triggerSource'> {
  version: '3';
  triggerSource: 'TokenGeneration_ClientCredentials';
  userName: null;
  request: { userAttributes: Record<string, string>; groupConfiguration: GroupConfiguration; scopes: string[] };
  response: { claimsAndScopeOverrideDetails: ClaimsAndScopeOverrideDetails | null };
}

export type PreTokenGenerationEvent =
  | PreTokenGenerationV1Event
  | PreTokenGenerationV2Event
  | PreTokenGenerationClientCredentialsEvent;

/** Claims of the two tokens as they are signed. */
export interface TokenClaims {
  id?: Record<string, unknown>;
  access: Record<string, unknown>;
}

/**
 * The event for a user and client: version "1" for V1_0, "2" for V2_0, "3" for V3_0, which is otherwise the
 * same as V2_0 for users. `userAttributes` are the stored attributes with `sub`, `cognito:user_status` and
 * `identities` as stored (a JSON string whose `primary` is a boolean and `dateCreated` a number, unlike the
 * ID token's strings). `awsSdkVersion` is `aws-sdk-unknown-unknown` as in the guide's examples; the
 * response starts as null, as in a captured V3 HostedAuth event published in a public repository (the
 * guide's hand-written examples show an empty list instead).
 */
export function preTokenGenerationEvent(input: {
  version: PreTokenGenerationVersion;
  triggerSource: PreTokenGenerationTriggerSource;
  poolId: string;
  clientId: string;
  user: UserRecord;
  groupConfiguration: GroupConfiguration;
  scopes: string[];
}): PreTokenGenerationEvent {
  const userAttributes: Record<string, string> = { ...input.user.Attributes, 'cognito:user_status': input.user.UserStatus };
  if (userAttributes.identities !== undefined) userAttributes.identities = identitiesAsStored(userAttributes.identities);
  const common = triggerEventCommon(input.triggerSource, input.poolId, input.user.Username, input.clientId);
  const groupConfiguration = structuredClone(input.groupConfiguration);
  if (input.version === 'V1_0') {
    return {
      version: '1',
      ...common,
      request: { userAttributes, groupConfiguration },
      response: { claimsOverrideDetails: null },
    };
  }
  return {
    version: input.version === 'V2_0' ? '2' : '3',
    ...common,
    request: { userAttributes, groupConfiguration, scopes: [...input.scopes] },
    response: { claimsAndScopeOverrideDetails: null },
  };
}

// The guide's "Claims and scopes reference" table: what a response may add, modify or suppress.

/** Claims no response may add, modify or suppress, in either token. */
const FIXED_CLAIMS = new Set([
  'acr',
  'amr',
  'at_hash',
  'auth_time',
  'azp',
  'cognito:username',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
  // The access token's own claims.
  'client_id',
  'event_id',
  'device_key',
  'username',
  'version',
]);
/**
 * `aud` may be added to the access token, but "its value must match the app client ID of the current
 * session"; the guide's own example sets it to that value in the ID token too, where it changes nothing.
 */
const AUD = 'aud';
/** Changed through groupOverrideDetails, suppressed through claimsToSuppress. */
const GROUP_CLAIMS = new Set(['cognito:groups', 'cognito:roles', 'cognito:preferred_role']);
/** "In the ID token, you can populate complex objects to the values of claims except for" these. */
const SIMPLE_ID_CLAIMS = new Set(['phone_number_verified', 'email_verified', 'updated_at', 'address']);

/**
 * Whether a claim change is refused. Any other `cognito:` claim is fixed; `dev:` attributes may only
 * be suppressed; `scope` changes through scopesToAdd and scopesToSuppress, so as a claim it is refused (the
 * table does not say so for claimsToAddOrOverride: a guess). What Cognito does with a response that breaks
 * these rules is not documented; failing the sign-in is the stricter reading (a guess), rather than
 * silently dropping what the function asked for.
 */
function refusedChange(name: string, change: 'add' | 'suppress', value: unknown, clientId: string): boolean {
  if (FIXED_CLAIMS.has(name) || name === 'scope') return true;
  if (name === AUD) return change === 'suppress' || value !== clientId;
  if (GROUP_CLAIMS.has(name)) return change === 'add';
  if (name.startsWith('cognito:')) return true;
  if (name.startsWith('dev:')) return change === 'add';
  return false;
}

/**
 * What a failed trigger answers: the `error_description` the app receives, and the exception an API sign-in
 * answers with.
 */
export type PreTokenGenerationOutcome = { ok: true; overrides?: TokenOverrides } | ({ ok: false } & TriggerFailure);

const unrecognizable = (detail: string): PreTokenGenerationOutcome => ({ ok: false, ...unrecognizableOutput(detail) });

class ResponseError extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function optionalObject(value: unknown, where: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new ResponseError(`${where} is not an object`);
  return value;
}

function optionalStrings(value: unknown, where: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new ResponseError(`${where} is not a list of strings`);
  }
  return value as string[];
}

function isClaimValue(value: unknown, version: PreTokenGenerationVersion): value is ClaimValue {
  if (version === 'V1_0') return typeof value === 'string';
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => ['string', 'number', 'boolean'].includes(typeof item));
  return isObject(value);
}

function claimChanges(
  value: unknown,
  token: 'id' | 'access',
  version: PreTokenGenerationVersion,
  clientId: string,
  where: string,
): { add: Record<string, ClaimValue>; suppress: string[] } {
  const details = optionalObject(value, where);
  const add = optionalObject(details?.claimsToAddOrOverride, `${where}.claimsToAddOrOverride`) ?? {};
  const suppressed = optionalStrings(details?.claimsToSuppress, `${where}.claimsToSuppress`) ?? [];
  for (const [name, claim] of Object.entries(add)) {
    if (refusedChange(name, 'add', claim, clientId)) {
      throw new ResponseError(`the ${token} token claim ${name} cannot be added or overridden`);
    }
    if (!isClaimValue(claim, version) || (token === 'id' && SIMPLE_ID_CLAIMS.has(name) && typeof claim === 'object')) {
      throw new ResponseError(`the ${token} token claim ${name} has a value of a type it cannot take`);
    }
  }
  for (const name of suppressed) {
    if (refusedChange(name, 'suppress', undefined, clientId)) {
      throw new ResponseError(`the ${token} token claim ${name} cannot be suppressed`);
    }
  }
  return { add: add as Record<string, ClaimValue>, suppress: suppressed };
}

/** "You can't add scope values that contain one or more blank-space characters." */
function scopes(value: unknown, where: string): string[] {
  const list = optionalStrings(value, where) ?? [];
  if (list.some((scope) => scope === '' || /\s/.test(scope)))
    throw new ResponseError(`${where} has a scope that is empty or has blanks`);
  return list;
}

/**
 * "Your function replaces the groupOverrideDetails object with the object that you provide. If you provide
 * an empty or null object in the response, then Amazon Cognito suppresses the groups." Absent, the groups
 * stay as they are.
 */
function groupChanges(details: Record<string, unknown>): TokenOverrides['groups'] {
  if (!('groupOverrideDetails' in details) || details.groupOverrideDetails === undefined) return undefined;
  const group = optionalObject(details.groupOverrideDetails, 'groupOverrideDetails') ?? {};
  const groupsToOverride = optionalStrings(group.groupsToOverride, 'groupOverrideDetails.groupsToOverride');
  const iamRolesToOverride = optionalStrings(group.iamRolesToOverride, 'groupOverrideDetails.iamRolesToOverride');
  const preferredRole = group.preferredRole;
  if (preferredRole !== undefined && preferredRole !== null && typeof preferredRole !== 'string') {
    throw new ResponseError('groupOverrideDetails.preferredRole is not a string');
  }
  return {
    ...(groupsToOverride ? { groupsToOverride } : {}),
    ...(iamRolesToOverride ? { iamRolesToOverride } : {}),
    ...(typeof preferredRole === 'string' ? { preferredRole } : {}),
  };
}

/**
 * Reads what a trigger returned: the whole event, whose `response` holds the changes. A response without
 * changes (null or absent) leaves the tokens exactly as they would be without the trigger.
 */
export function readPreTokenGenerationResponse(
  version: PreTokenGenerationVersion,
  result: unknown,
  clientId: string,
): PreTokenGenerationOutcome {
  try {
    if (!isObject(result)) throw new ResponseError('the function did not return the event');
    const response = optionalObject(result.response, 'response');
    if (!response) throw new ResponseError('the returned event has no response');
    if (version === 'V1_0') {
      const details = optionalObject(response.claimsOverrideDetails, 'claimsOverrideDetails');
      if (!details) return { ok: true };
      const groups = groupChanges(details);
      return {
        ok: true,
        overrides: { id: claimChanges(details, 'id', version, clientId, 'claimsOverrideDetails'), ...(groups ? { groups } : {}) },
      };
    }
    const details = optionalObject(response.claimsAndScopeOverrideDetails, 'claimsAndScopeOverrideDetails');
    if (!details) return { ok: true };
    const access = optionalObject(details.accessTokenGeneration, 'accessTokenGeneration');
    const groups = groupChanges(details);
    return {
      ok: true,
      overrides: {
        id: claimChanges(details.idTokenGeneration, 'id', version, clientId, 'idTokenGeneration'),
        access: {
          ...claimChanges(access, 'access', version, clientId, 'accessTokenGeneration'),
          scopesToAdd: scopes(access?.scopesToAdd, 'accessTokenGeneration.scopesToAdd'),
          scopesToSuppress: scopes(access?.scopesToSuppress, 'accessTokenGeneration.scopesToSuppress'),
        },
        ...(groups ? { groups } : {}),
      },
    };
  } catch (error) {
    if (error instanceof ResponseError) return unrecognizable(error.message);
    throw error;
  }
}

function setOrRemove(claims: Record<string, unknown>, name: string, value: unknown): void {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) delete claims[name];
  else claims[name] = value;
}

/** "To suppress the cognito:preferred_role and cognito:roles claims, add cognito:groups to claimsToSuppress." */
function suppress(claims: Record<string, unknown>, names: string[]): void {
  for (const name of names) {
    delete claims[name];
    if (name === 'cognito:groups') {
      delete claims['cognito:roles'];
      delete claims['cognito:preferred_role'];
    }
  }
}

/**
 * Applies a trigger's changes to the claims Cognito would write. The group override replaces
 * `cognito:groups` in both tokens ("Your groupOverrideDetails object replaces the cognito:groups claim in
 * access tokens and ID tokens"), `cognito:roles` and `cognito:preferred_role` in the ID token; then claims
 * are added or overridden, then suppressed: "If your function both suppresses and replaces a claim value,
 * then Amazon Cognito suppresses the claim." Scopes the function adds join the access token's `scope`,
 * those it suppresses leave it; a scope both added and suppressed is suppressed, by the same rule (a guess).
 */
export function applyTokenOverrides(tokens: TokenClaims, overrides: TokenOverrides): TokenClaims {
  const id = tokens.id ? { ...tokens.id } : undefined;
  const access = { ...tokens.access };
  if (overrides.groups) {
    const { groupsToOverride, iamRolesToOverride, preferredRole } = overrides.groups;
    setOrRemove(access, 'cognito:groups', groupsToOverride && [...groupsToOverride]);
    if (id) {
      setOrRemove(id, 'cognito:groups', groupsToOverride && [...groupsToOverride]);
      setOrRemove(id, 'cognito:roles', iamRolesToOverride && [...iamRolesToOverride]);
      setOrRemove(id, 'cognito:preferred_role', preferredRole);
    }
  }
  if (id) {
    Object.assign(id, structuredClone(overrides.id.add));
    suppress(id, overrides.id.suppress);
  }
  if (overrides.access) {
    const { add, scopesToAdd, scopesToSuppress } = overrides.access;
    Object.assign(access, structuredClone(add));
    suppress(access, overrides.access.suppress);
    if (scopesToAdd.length || scopesToSuppress.length) {
      const granted = [...new Set([...String(access.scope ?? '').split(' '), ...scopesToAdd])].filter(
        (scope) => scope && !scopesToSuppress.includes(scope),
      );
      // Whether Cognito keeps an empty `scope` claim when every scope is suppressed is not documented.
      setOrRemove(access, 'scope', granted.length ? granted.join(' ') : undefined);
    }
  }
  return { ...(id ? { id } : {}), access };
}

/**
 * Runs the pool's pre token generation trigger, if it has one, for tokens about to be issued to a user:
 * the changes to apply, or the failure that stops the sign-in or refresh.
 */
export async function runPreTokenGeneration(
  engine: Engine,
  input: {
    pool: PoolRecord;
    clientId: string;
    user: UserRecord;
    scopes: string[];
    triggerSource: PreTokenGenerationTriggerSource;
  },
): Promise<PreTokenGenerationOutcome> {
  const trigger = preTokenGenerationTrigger(input.pool.settings.LambdaConfig as LambdaConfig | undefined);
  if (!trigger) return { ok: true };
  const event = preTokenGenerationEvent({
    version: trigger.lambdaVersion,
    triggerSource: input.triggerSource,
    poolId: input.pool.Id,
    clientId: input.clientId,
    user: input.user,
    groupConfiguration: groupConfiguration(input.pool, input.user),
    scopes: input.scopes,
  });
  const result = await invokeLocalLambda(engine.options.lambdas, trigger.lambdaArn, event, engine.options.triggerTimeoutMs);
  if (!result.ok) return { ok: false, ...triggerFailure('PreTokenGeneration', result.failure) };
  return readPreTokenGenerationResponse(trigger.lambdaVersion, result.response, input.clientId);
}

/**
 * Runs the pool's pre token generation trigger for a client credentials grant. Only a `V3_0` trigger is
 * invoked: "Version three event responses apply to access tokens from user authentication and machine
 * authentication", version two only to "access tokens from user authentication" (developer guide, pre token
 * generation trigger), and a V1_0 trigger changes the ID token, which this grant does not issue.
 */
export async function runPreTokenGenerationForClient(
  engine: Engine,
  input: { pool: PoolRecord; clientId: string; scopes: string[] },
): Promise<PreTokenGenerationOutcome> {
  const trigger = preTokenGenerationTrigger(input.pool.settings.LambdaConfig as LambdaConfig | undefined);
  if (trigger?.lambdaVersion !== 'V3_0') return { ok: true };
  const event: PreTokenGenerationClientCredentialsEvent = {
    version: '3',
    triggerSource: 'TokenGeneration_ClientCredentials',
    region: regionOf(input.pool.Id),
    userPoolId: input.pool.Id,
    userName: null,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: input.clientId },
    request: {
      userAttributes: {},
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      scopes: [...input.scopes],
    },
    response: { claimsAndScopeOverrideDetails: null },
  };
  const result = await invokeLocalLambda(engine.options.lambdas, trigger.lambdaArn, event, engine.options.triggerTimeoutMs);
  if (!result.ok) return { ok: false, ...triggerFailure('PreTokenGeneration', result.failure) };
  return readPreTokenGenerationResponse('V3_0', result.response, input.clientId);
}
