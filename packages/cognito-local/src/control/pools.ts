import { type Engine, pageToken, randomId, readPageToken } from '../engine.ts';
import { CognitoError, invalidParameter, notFound } from '../errors.ts';
import { DEFAULT_PASSWORD_POLICY } from '../native/passwords.ts';
import type { PoolRecord, SchemaAttribute } from '../state.ts';
import { checkTierAllows, normalizeLambdaConfig } from './lambda-config.ts';
import { standardAttributes } from './schema.ts';

interface SchemaInput {
  Name?: string;
  AttributeDataType?: SchemaAttribute['AttributeDataType'];
  DeveloperOnlyAttribute?: boolean;
  Mutable?: boolean;
  Required?: boolean;
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
}

function buildSchema(engine: Engine, input: SchemaInput[] | undefined): SchemaAttribute[] {
  const attributes = standardAttributes();
  const byName = new Map(attributes.map((a) => [a.Name, a]));
  let custom = 0;
  const seen = new Set<string>();
  for (const item of input ?? []) {
    if (!item.Name) throw invalidParameter('Schema attribute name is required.');
    if (seen.has(item.Name)) throw invalidParameter(`Existing attribute already has name ${item.Name}.`);
    seen.add(item.Name);
    const standard = byName.get(item.Name);
    if (standard) {
      if (item.AttributeDataType && item.AttributeDataType !== standard.AttributeDataType) {
        throw invalidParameter(`Invalid AttributeDataType input for attribute ${item.Name}.`);
      }
      // A standard attribute listed in Schema without Mutable is stored as not mutable, while one left out
      // of Schema stays mutable (aws/aws-cdk issue 8624: describe-user-pool after `{ Name: 'email',
      // Required: true }` shows email with Mutable false). Mapping an IdP claim to it then fails.
      standard.Mutable = item.Mutable ?? false;
      if (item.Required !== undefined) standard.Required = item.Required;
      if (item.StringAttributeConstraints) standard.StringAttributeConstraints = { ...item.StringAttributeConstraints };
      continue;
    }
    if (item.Required) throw invalidParameter('Required custom attributes are not supported currently.');
    custom += 1;
    if (custom > engine.options.quotas.customAttributesPerPool) {
      throw new CognitoError(
        'LimitExceededException',
        `The user pool can have at most ${engine.options.quotas.customAttributesPerPool} custom attributes.`,
      );
    }
    const type = item.AttributeDataType ?? 'String';
    attributes.push({
      Name: `${item.DeveloperOnlyAttribute ? 'dev:' : ''}custom:${item.Name}`,
      AttributeDataType: type,
      DeveloperOnlyAttribute: item.DeveloperOnlyAttribute ?? false,
      // Unconfirmed whether Cognito's API defaults an omitted Mutable to true or false. Immutable is the
      // stricter choice: a mapping to such an attribute is refused, so callers must say Mutable: true.
      Mutable: item.Mutable ?? false,
      Required: false,
      ...(type === 'String' ? { StringAttributeConstraints: { ...(item.StringAttributeConstraints ?? {}) } } : {}),
      ...(type === 'Number' ? { NumberAttributeConstraints: { ...(item.NumberAttributeConstraints ?? {}) } } : {}),
    });
  }
  return attributes;
}

function describe(pool: PoolRecord) {
  const users = Object.keys(pool.users).length;
  return {
    Id: pool.Id,
    Name: pool.Name,
    Arn: pool.Arn,
    CreationDate: pool.CreationDate,
    LastModifiedDate: pool.LastModifiedDate,
    SchemaAttributes: pool.SchemaAttributes,
    EstimatedNumberOfUsers: users,
    MfaConfiguration: 'OFF',
    DeletionProtection: 'INACTIVE',
    LambdaConfig: {},
    // Cognito's default password policy, in force until Policies is set (API reference, PasswordPolicyType).
    Policies: { PasswordPolicy: { ...DEFAULT_PASSWORD_POLICY, TemporaryPasswordValidityDays: 7 } },
    ...pool.settings,
    ...(pool.Domain ? { Domain: pool.Domain } : {}),
    Status: 'Enabled',
    UserPoolTier: tierOf(pool.settings),
  };
}

/** The pool's feature plan; ESSENTIALS when none was chosen (API reference, CreateUserPool: UserPoolTier). */
const tierOf = (settings: Record<string, unknown>) => (settings.UserPoolTier as string | undefined) ?? 'ESSENTIALS';

/** Checks the LambdaConfig of a request and keeps it with its pre token generation members in step. */
function checkLambdaConfig(settings: Record<string, unknown>) {
  if (settings.LambdaConfig === undefined) return;
  const config = normalizeLambdaConfig(settings.LambdaConfig as Record<string, unknown>);
  checkTierAllows(config, tierOf(settings));
  settings.LambdaConfig = config;
}

/**
 * Settings UpdateUserPool can change (API reference, UpdateUserPool request members). The others given at
 * creation (Schema, UsernameAttributes, AliasAttributes, UsernameConfiguration) cannot be changed after.
 */
const UPDATABLE = [
  'Policies',
  'DeletionProtection',
  'LambdaConfig',
  'AutoVerifiedAttributes',
  'SmsVerificationMessage',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'VerificationMessageTemplate',
  'SmsAuthenticationMessage',
  'UserAttributeUpdateSettings',
  'MfaConfiguration',
  'DeviceConfiguration',
  'EmailConfiguration',
  'SmsConfiguration',
  'UserPoolTags',
  'AdminCreateUserConfig',
  'UserPoolAddOns',
  'AccountRecoverySetting',
  'UserPoolTier',
  'KeyConfiguration',
  'IssuerConfiguration',
  'AcrConfiguration',
] as const;

export function createUserPool(engine: Engine, input: Record<string, unknown>, region: string) {
  const SchemaAttributes = buildSchema(engine, input.Schema as SchemaInput[] | undefined);
  let id = `${region}_${randomId(9)}`;
  while (engine.data.pools[id]) id = `${region}_${randomId(9)}`;
  const now = engine.timestamp();
  const { PoolName, Schema: _schema, ...settings } = input;
  checkLambdaConfig(settings);
  const pool: PoolRecord = {
    Id: id,
    Name: PoolName as string,
    Arn: `arn:aws:cognito-idp:${region}:000000000000:userpool/${id}`,
    CreationDate: now,
    LastModifiedDate: now,
    SchemaAttributes,
    settings,
    clients: {},
    idps: {},
    groups: {},
    users: {},
  };
  engine.data.pools[id] = pool;
  engine.save();
  return { UserPool: describe(pool) };
}

export function describeUserPool(engine: Engine, input: { UserPoolId: string }) {
  return { UserPool: describe(engine.pool(input.UserPoolId)) };
}

/**
 * UpdateUserPool: "If you don't provide a value for an attribute, Amazon Cognito sets it to its default
 * value" (API reference, UpdateUserPool), so every updatable setting the request leaves out is reset; the
 * name is kept unless a new one is given. That includes the feature plan, whose default is ESSENTIALS
 * (API reference, UpdateUserPool: UserPoolTier); whether Cognito really resets an omitted plan is not
 * documented separately, and the general rule is the stricter reading.
 */
export function updateUserPool(engine: Engine, input: Record<string, unknown> & { UserPoolId: string; PoolName?: string }) {
  const pool = engine.pool(input.UserPoolId);
  const settings: Record<string, unknown> = { ...pool.settings };
  for (const key of UPDATABLE) {
    if (input[key] === undefined) delete settings[key];
    else settings[key] = input[key];
  }
  checkLambdaConfig(settings);
  pool.settings = settings;
  if (input.PoolName !== undefined) pool.Name = input.PoolName;
  pool.LastModifiedDate = engine.timestamp();
  engine.save();
  return {};
}

export function deleteUserPool(engine: Engine, input: { UserPoolId: string }) {
  const pool = engine.pool(input.UserPoolId);
  if (pool.Domain) delete engine.data.domains[pool.Domain];
  delete engine.data.pools[pool.Id];
  engine.save();
  return {};
}

export function listUserPools(engine: Engine, input: { MaxResults: number; NextToken?: string }) {
  const start = readPageToken(input.NextToken);
  if (start < 0) throw invalidParameter('Invalid pagination token.');
  const pools = Object.values(engine.data.pools);
  const page = pools.slice(start, start + input.MaxResults);
  const next = start + page.length;
  return {
    UserPools: page.map((p) => ({ Id: p.Id, Name: p.Name, CreationDate: p.CreationDate, LastModifiedDate: p.LastModifiedDate })),
    ...(next < pools.length ? { NextToken: pageToken(next) } : {}),
  };
}

export function createUserPoolDomain(
  engine: Engine,
  input: { Domain: string; UserPoolId: string; CustomDomainConfig?: unknown },
) {
  const pool = engine.pool(input.UserPoolId);
  if (input.CustomDomainConfig) {
    throw invalidParameter('Custom domains are not supported by this local stand-in; use a prefix domain.');
  }
  // Cognito refuses the word "aws", "amazon" and "cognito" in prefix domains.
  if (/aws|amazon|cognito/.test(input.Domain)) {
    throw invalidParameter(`Domain ${input.Domain} contains reserved word.`);
  }
  if (pool.Domain) throw invalidParameter(`User pool ${pool.Id} already has a domain configured.`);
  if (engine.data.domains[input.Domain]) throw invalidParameter('Domain already associated with another user pool.');
  engine.data.domains[input.Domain] = pool.Id;
  pool.Domain = input.Domain;
  engine.save();
  return { ManagedLoginVersion: 1 };
}

export function describeUserPoolDomain(engine: Engine, input: { Domain: string }) {
  const poolId = engine.data.domains[input.Domain];
  // Cognito answers an unknown domain with an empty description rather than an error.
  if (!poolId) return { DomainDescription: {} };
  return {
    DomainDescription: {
      UserPoolId: poolId,
      AWSAccountId: '000000000000',
      Domain: input.Domain,
      // Cognito names its CloudFront distribution here; the local stand-in names the base URL the domain's
      // managed login pages are served from, which callers need in place of https://<domain>.
      CloudFrontDistribution: engine.domainBaseUrl(input.Domain),
      Version: '20260101000000',
      Status: 'ACTIVE',
      ManagedLoginVersion: 1,
    },
  };
}

export function deleteUserPoolDomain(engine: Engine, input: { Domain: string; UserPoolId: string }) {
  const pool = engine.pool(input.UserPoolId);
  if (pool.Domain !== input.Domain) throw notFound(`Domain ${input.Domain} does not exist in user pool ${pool.Id}.`);
  delete engine.data.domains[input.Domain];
  delete pool.Domain;
  engine.save();
  return {};
}
