import { CognitoError } from '../errors.ts';

// Input constraints of the cognito-idp API model (botocore service-2.json, the Smithy model), checked the
// way AWS's front end checks them: every violation is collected and reported in one
// InvalidParameterException whose message lists them as "Value '...' at 'member' failed to satisfy
// constraint: ...", with lowerCamelCase member names.

export type Spec =
  | { kind: 'string'; min?: number; max?: number; pattern?: string; enum?: readonly string[]; sensitive?: boolean }
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'bool' }
  | { kind: 'list'; min?: number; max?: number; member: Spec }
  | { kind: 'map'; min?: number; max?: number; key: Spec; value: Spec }
  | { kind: 'struct'; members: Record<string, Member> };

export interface Member {
  spec: Spec;
  required?: boolean;
}

const patterns = new Map<string, RegExp>();
function fullMatch(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    // The model's patterns are matched against the whole value.
    re = new RegExp(`^(?:${pattern.replace(/^\^/, '').replace(/\$$/, '')})$`, 'u');
    patterns.set(pattern, re);
  }
  return re;
}

const lowerCamel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function show(value: unknown, spec: Spec): string {
  if (spec.kind === 'string' && spec.sensitive) return '***';
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}}`;
  }
  return String(value);
}

function typeError(path: string): CognitoError {
  return new CognitoError('SerializationException', `Unexpected value type at '${path}'`);
}

function check(value: unknown, spec: Spec, path: string, errors: string[]): void {
  const fail = (constraint: string) =>
    errors.push(`Value '${show(value, spec)}' at '${path}' failed to satisfy constraint: ${constraint}`);
  switch (spec.kind) {
    case 'string': {
      if (typeof value !== 'string') throw typeError(path);
      const length = [...value].length;
      if (spec.enum && !spec.enum.includes(value)) fail(`Member must satisfy enum value set: [${spec.enum.join(', ')}]`);
      if (spec.min !== undefined && length < spec.min) fail(`Member must have length greater than or equal to ${spec.min}`);
      if (spec.max !== undefined && length > spec.max) fail(`Member must have length less than or equal to ${spec.max}`);
      if (spec.pattern && !fullMatch(spec.pattern).test(value)) {
        fail(`Member must satisfy regular expression pattern: ${spec.pattern}`);
      }
      return;
    }
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(path);
      if (spec.min !== undefined && value < spec.min) fail(`Member must have value greater than or equal to ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) fail(`Member must have value less than or equal to ${spec.max}`);
      return;
    case 'bool':
      if (typeof value !== 'boolean') throw typeError(path);
      return;
    case 'list':
      if (!Array.isArray(value)) throw typeError(path);
      if (spec.min !== undefined && value.length < spec.min) fail(`Member must have length greater than or equal to ${spec.min}`);
      if (spec.max !== undefined && value.length > spec.max) fail(`Member must have length less than or equal to ${spec.max}`);
      value.forEach((item, index) => {
        check(item, spec.member, `${path}.${index + 1}.member`, errors);
      });
      return;
    case 'map': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw typeError(path);
      const entries = Object.entries(value);
      if (spec.max !== undefined && entries.length > spec.max) fail(`Member must have length less than or equal to ${spec.max}`);
      const keyErrors: string[] = [];
      const valueErrors: string[] = [];
      for (const [k, v] of entries) {
        check(k, spec.key, path, keyErrors);
        if (v === null) continue;
        check(v, spec.value, path, valueErrors);
      }
      if (keyErrors.length) fail(`Map keys must satisfy constraint: [${keyErrors.map(constraintOf).join(', ')}]`);
      if (valueErrors.length) fail(`Map value must satisfy constraint: [${valueErrors.map(constraintOf).join(', ')}]`);
      return;
    }
    case 'struct': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw typeError(path);
      const record = value as Record<string, unknown>;
      for (const [name, member] of Object.entries(spec.members)) {
        const memberPath = path ? `${path}.${lowerCamel(name)}` : lowerCamel(name);
        const v = record[name];
        if (v === undefined || v === null) {
          if (member.required) errors.push(`Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`);
          continue;
        }
        check(v, member.spec, memberPath, errors);
      }
      return;
    }
  }
}

function constraintOf(error: string): string {
  return error.slice(error.indexOf('failed to satisfy constraint: ') + 'failed to satisfy constraint: '.length);
}

/**
 * Checks a request against its input shape and throws the InvalidParameterException AWS's front end
 * sends when a constraint fails (SerializationException when a value has the wrong JSON type).
 */
export function validateShape(input: unknown, shape: Spec & { kind: 'struct' }): void {
  const errors: string[] = [];
  check(input ?? {}, shape, '', errors);
  if (errors.length) {
    const count = errors.length === 1 ? '1 validation error detected' : `${errors.length} validation errors detected`;
    throw new CognitoError('InvalidParameterException', `${count}: ${errors.join('; ')}`);
  }
}

// Shapes of the model, by their botocore names.
const str = (min: number, max: number, pattern?: string, sensitive?: boolean): Spec => ({
  kind: 'string',
  min,
  max,
  ...(pattern ? { pattern } : {}),
  ...(sensitive ? { sensitive } : {}),
});
const enumOf = (values: readonly string[]): Spec => ({ kind: 'string', enum: values });
const list = (member: Spec, min?: number, max?: number): Spec => ({
  kind: 'list',
  member,
  ...(min !== undefined ? { min } : {}),
  ...(max !== undefined ? { max } : {}),
});
const int = (min?: number, max?: number): Spec => ({
  kind: 'int',
  ...(min !== undefined ? { min } : {}),
  ...(max !== undefined ? { max } : {}),
});
const bool: Spec = { kind: 'bool' };
const struct = (members: Record<string, Member>): Spec & { kind: 'struct' } => ({ kind: 'struct', members });
const req = (spec: Spec): Member => ({ spec, required: true });
const opt = (spec: Spec): Member => ({ spec });

export const PROVIDER_TYPES = ['SAML', 'Facebook', 'Google', 'LoginWithAmazon', 'SignInWithApple', 'OIDC'] as const;

const T = {
  UserPoolId: str(1, 55, '[\\w-]+_[0-9a-zA-Z]+'),
  UserPoolName: str(1, 128, '[\\w\\s+=,.@-]+'),
  ClientId: str(1, 128, '[\\w+]+', true),
  ClientName: str(1, 128, '[\\w\\s+=,.@-]+'),
  ProviderNameV2: str(1, 32, '[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+'),
  ProviderName: str(1, 32, '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\p{Z}]+'),
  ProviderType: enumOf(PROVIDER_TYPES),
  ProviderDetails: { kind: 'map', key: str(0, 131072), value: str(0, 131072) } as Spec,
  AttributeMapping: { kind: 'map', key: str(1, 32), value: str(0, 131072) } as Spec,
  IdpIdentifiers: list(str(1, 40, '[\\w\\s+=.@-]+'), 0, 50),
  IdpIdentifier: str(1, 40, '[\\w\\s+=.@-]+'),
  ListProvidersLimit: int(0, 60),
  QueryLimit: int(1, 60),
  PaginationKey: str(1, 131072, '[\\S]+'),
  SearchPaginationToken: str(1, 131072, '[\\S]+'),
  Domain: str(1, 63, '^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$'),
  RedirectUrl: str(1, 1024, '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+'),
  Scope: str(1, 256, '[\\x21\\x23-\\x5B\\x5D-\\x7E]+'),
  ClientPermission: str(1, 2048),
  GroupName: str(1, 128, '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+'),
  Username: str(1, 128, '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+', true),
  AttributeName: str(1, 32, '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+'),
  CustomAttributeName: str(1, 20, '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+'),
  ArnType: str(
    20,
    2048,
    'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?',
  ),
};

/** A trigger with a version: `{ LambdaVersion, LambdaArn }` (LambdaConfigType's versioned members). */
const versionedTrigger = (versions: readonly string[]) =>
  struct({ LambdaVersion: req(enumOf(versions)), LambdaArn: req(T.ArnType) });

const LambdaConfig = struct({
  PreSignUp: opt(T.ArnType),
  CustomMessage: opt(T.ArnType),
  PostConfirmation: opt(T.ArnType),
  PreAuthentication: opt(T.ArnType),
  PostAuthentication: opt(T.ArnType),
  DefineAuthChallenge: opt(T.ArnType),
  CreateAuthChallenge: opt(T.ArnType),
  VerifyAuthChallengeResponse: opt(T.ArnType),
  PreTokenGeneration: opt(T.ArnType),
  UserMigration: opt(T.ArnType),
  PreTokenGenerationConfig: opt(versionedTrigger(['V1_0', 'V2_0', 'V3_0'])),
  CustomSMSSender: opt(versionedTrigger(['V1_0'])),
  CustomEmailSender: opt(versionedTrigger(['V1_0'])),
  KMSKeyID: opt(T.ArnType),
  InboundFederation: opt(versionedTrigger(['V1_0'])),
});

const USER_POOL_TIERS = ['LITE', 'ESSENTIALS', 'PLUS'] as const;

const Policies = struct({
  PasswordPolicy: opt(
    struct({
      MinimumLength: opt(int(6, 99)),
      RequireUppercase: opt(bool),
      RequireLowercase: opt(bool),
      RequireNumbers: opt(bool),
      RequireSymbols: opt(bool),
      PasswordHistorySize: opt(int(0, 24)),
      TemporaryPasswordValidityDays: opt(int(0, 365)),
    }),
  ),
  SignInPolicy: opt(struct({ AllowedFirstAuthFactors: opt(list(enumOf(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']))) })),
});

const ResourceServerIdentifier = str(1, 256, '[\\x21\\x23-\\x5B\\x5D-\\x7E]+');
const ResourceServerScopes = list(
  struct({ ScopeName: req(str(1, 256, '[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+')), ScopeDescription: req(str(1, 256)) }),
  0,
  100,
);
const resourceServerMembers: Record<string, Member> = {
  UserPoolId: req(T.UserPoolId),
  Identifier: req(ResourceServerIdentifier),
  Name: req(str(1, 256, '[\\w\\s+=,.@-]+')),
  Scopes: opt(ResourceServerScopes),
};

const AttributeList = list(struct({ Name: req(T.AttributeName), Value: opt(str(0, 2048, undefined, true)) }));
const PasswordType = str(0, 256, '[\\S]+', true);
const StringMap = (sensitive = false): Spec => ({
  kind: 'map',
  key: str(0, 131072),
  value: str(0, 131072, undefined, sensitive),
});
const AUTH_FLOWS = [
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'USER_AUTH',
] as const;
const SecretHash = str(1, 128, '[\\w+=/]+', true);
const CHALLENGE_NAMES = [
  'SMS_MFA',
  'EMAIL_OTP',
  'SOFTWARE_TOKEN_MFA',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'PASSWORD_VERIFIER',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
  'ADMIN_NO_SRP_AUTH',
  'NEW_PASSWORD_REQUIRED',
  'SMS_OTP',
  'PASSWORD',
  'WEB_AUTHN',
  'PASSWORD_SRP',
] as const;

const SchemaAttribute = struct({
  Name: opt(T.CustomAttributeName),
  AttributeDataType: opt(enumOf(['String', 'Number', 'DateTime', 'Boolean'])),
  DeveloperOnlyAttribute: opt(bool),
  Mutable: opt(bool),
  Required: opt(bool),
  NumberAttributeConstraints: opt(struct({ MinValue: opt({ kind: 'string' }), MaxValue: opt({ kind: 'string' }) })),
  StringAttributeConstraints: opt(struct({ MinLength: opt({ kind: 'string' }), MaxLength: opt({ kind: 'string' }) })),
});

const clientMembers: Record<string, Member> = {
  UserPoolId: req(T.UserPoolId),
  ClientName: opt(T.ClientName),
  RefreshTokenValidity: opt(int(0, 315360000)),
  AccessTokenValidity: opt(int(1, 86400)),
  IdTokenValidity: opt(int(1, 86400)),
  TokenValidityUnits: opt(
    struct({
      AccessToken: opt(enumOf(['seconds', 'minutes', 'hours', 'days'])),
      IdToken: opt(enumOf(['seconds', 'minutes', 'hours', 'days'])),
      RefreshToken: opt(enumOf(['seconds', 'minutes', 'hours', 'days'])),
    }),
  ),
  ReadAttributes: opt(list(T.ClientPermission)),
  WriteAttributes: opt(list(T.ClientPermission)),
  ExplicitAuthFlows: opt(
    list(
      enumOf([
        'ADMIN_NO_SRP_AUTH',
        'CUSTOM_AUTH_FLOW_ONLY',
        'USER_PASSWORD_AUTH',
        'ALLOW_ADMIN_USER_PASSWORD_AUTH',
        'ALLOW_CUSTOM_AUTH',
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
        'ALLOW_USER_AUTH',
      ]),
    ),
  ),
  SupportedIdentityProviders: opt(list(T.ProviderName)),
  CallbackURLs: opt(list(T.RedirectUrl, 0, 100)),
  LogoutURLs: opt(list(T.RedirectUrl, 0, 100)),
  DefaultRedirectURI: opt(T.RedirectUrl),
  AllowedOAuthFlows: opt(list(enumOf(['code', 'implicit', 'client_credentials']), 0, 3)),
  AllowedOAuthScopes: opt(list(T.Scope, 0, 50)),
  AllowedOAuthFlowsUserPoolClient: opt(bool),
  PreventUserExistenceErrors: opt(enumOf(['LEGACY', 'ENABLED'])),
  EnableTokenRevocation: opt(bool),
  EnablePropagateAdditionalUserContextData: opt(bool),
  AuthSessionValidity: opt(int(3, 15)),
};

/** Input shapes of the operations served, by operation name. */
export const INPUT_SHAPES: Record<string, Spec & { kind: 'struct' }> = {
  CreateUserPool: struct({
    PoolName: req(T.UserPoolName),
    Schema: opt(list(SchemaAttribute, 1, 50)),
    DeletionProtection: opt(enumOf(['ACTIVE', 'INACTIVE'])),
    AutoVerifiedAttributes: opt(list(enumOf(['phone_number', 'email']))),
    UsernameAttributes: opt(list(enumOf(['phone_number', 'email']))),
    AliasAttributes: opt(list(enumOf(['phone_number', 'email', 'preferred_username']))),
    MfaConfiguration: opt(enumOf(['OFF', 'ON', 'OPTIONAL'])),
    UserPoolTier: opt(enumOf(USER_POOL_TIERS)),
    LambdaConfig: opt(LambdaConfig),
    Policies: opt(Policies),
  }),
  UpdateUserPool: struct({
    UserPoolId: req(T.UserPoolId),
    PoolName: opt(T.UserPoolName),
    DeletionProtection: opt(enumOf(['ACTIVE', 'INACTIVE'])),
    AutoVerifiedAttributes: opt(list(enumOf(['phone_number', 'email']))),
    MfaConfiguration: opt(enumOf(['OFF', 'ON', 'OPTIONAL'])),
    UserPoolTier: opt(enumOf(USER_POOL_TIERS)),
    LambdaConfig: opt(LambdaConfig),
    Policies: opt(Policies),
  }),
  DescribeUserPool: struct({ UserPoolId: req(T.UserPoolId) }),
  DeleteUserPool: struct({ UserPoolId: req(T.UserPoolId) }),
  ListUserPools: struct({ NextToken: opt(T.PaginationKey), MaxResults: req(T.QueryLimit) }),
  CreateUserPoolDomain: struct({
    Domain: req(T.Domain),
    UserPoolId: req(T.UserPoolId),
    ManagedLoginVersion: opt(int()),
    CustomDomainConfig: opt(struct({ CertificateArn: req(str(20, 2048)) })),
  }),
  DescribeUserPoolDomain: struct({ Domain: req(T.Domain) }),
  DeleteUserPoolDomain: struct({ Domain: req(T.Domain), UserPoolId: req(T.UserPoolId) }),
  CreateUserPoolClient: struct({
    ...clientMembers,
    ClientName: req(T.ClientName),
    GenerateSecret: opt(bool),
  }),
  DescribeUserPoolClient: struct({ UserPoolId: req(T.UserPoolId), ClientId: req(T.ClientId) }),
  DeleteUserPoolClient: struct({ UserPoolId: req(T.UserPoolId), ClientId: req(T.ClientId) }),
  UpdateUserPoolClient: struct({ ...clientMembers, ClientId: req(T.ClientId) }),
  ListUserPoolClients: struct({
    UserPoolId: req(T.UserPoolId),
    MaxResults: opt(T.QueryLimit),
    NextToken: opt(T.PaginationKey),
  }),
  CreateIdentityProvider: struct({
    UserPoolId: req(T.UserPoolId),
    ProviderName: req(T.ProviderNameV2),
    ProviderType: req(T.ProviderType),
    ProviderDetails: req(T.ProviderDetails),
    AttributeMapping: opt(T.AttributeMapping),
    IdpIdentifiers: opt(T.IdpIdentifiers),
  }),
  UpdateIdentityProvider: struct({
    UserPoolId: req(T.UserPoolId),
    ProviderName: req(T.ProviderName),
    ProviderDetails: opt(T.ProviderDetails),
    AttributeMapping: opt(T.AttributeMapping),
    IdpIdentifiers: opt(T.IdpIdentifiers),
  }),
  DescribeIdentityProvider: struct({ UserPoolId: req(T.UserPoolId), ProviderName: req(T.ProviderName) }),
  DeleteIdentityProvider: struct({ UserPoolId: req(T.UserPoolId), ProviderName: req(T.ProviderName) }),
  ListIdentityProviders: struct({
    UserPoolId: req(T.UserPoolId),
    MaxResults: opt(T.ListProvidersLimit),
    NextToken: opt(T.PaginationKey),
  }),
  GetIdentityProviderByIdentifier: struct({ UserPoolId: req(T.UserPoolId), IdpIdentifier: req(T.IdpIdentifier) }),
  GetSigningCertificate: struct({ UserPoolId: req(T.UserPoolId) }),
  CreateGroup: struct({
    GroupName: req(T.GroupName),
    UserPoolId: req(T.UserPoolId),
    Description: opt(str(0, 2048)),
    RoleArn: opt(str(20, 2048)),
    Precedence: opt(int(0)),
  }),
  GetGroup: struct({ GroupName: req(T.GroupName), UserPoolId: req(T.UserPoolId) }),
  ListGroups: struct({ UserPoolId: req(T.UserPoolId), Limit: opt(int(0, 60)), NextToken: opt(T.PaginationKey) }),
  AdminAddUserToGroup: struct({ UserPoolId: req(T.UserPoolId), Username: req(T.Username), GroupName: req(T.GroupName) }),
  AdminListGroupsForUser: struct({
    UserPoolId: req(T.UserPoolId),
    Username: req(T.Username),
    Limit: opt(int(0, 60)),
    NextToken: opt(T.PaginationKey),
  }),
  AdminGetUser: struct({ UserPoolId: req(T.UserPoolId), Username: req(T.Username) }),
  AdminDeleteUser: struct({ UserPoolId: req(T.UserPoolId), Username: req(T.Username) }),
  ListUsers: struct({
    UserPoolId: req(T.UserPoolId),
    AttributesToGet: opt(list(T.AttributeName)),
    Limit: opt(int(0, 60)),
    PaginationToken: opt(T.SearchPaginationToken),
    Filter: opt(str(0, 256)),
  }),
  CreateResourceServer: struct(resourceServerMembers),
  UpdateResourceServer: struct(resourceServerMembers),
  DescribeResourceServer: struct({ UserPoolId: req(T.UserPoolId), Identifier: req(ResourceServerIdentifier) }),
  DeleteResourceServer: struct({ UserPoolId: req(T.UserPoolId), Identifier: req(ResourceServerIdentifier) }),
  ListResourceServers: struct({
    UserPoolId: req(T.UserPoolId),
    MaxResults: opt(int(1, 50)),
    NextToken: opt(T.PaginationKey),
  }),
  AdminCreateUser: struct({
    UserPoolId: req(T.UserPoolId),
    Username: req(T.Username),
    UserAttributes: opt(AttributeList),
    ValidationData: opt(AttributeList),
    TemporaryPassword: opt(PasswordType),
    ForceAliasCreation: opt(bool),
    MessageAction: opt(enumOf(['RESEND', 'SUPPRESS'])),
    DesiredDeliveryMediums: opt(list(enumOf(['SMS', 'EMAIL']))),
    ClientMetadata: opt(StringMap()),
  }),
  AdminSetUserPassword: struct({
    UserPoolId: req(T.UserPoolId),
    Username: req(T.Username),
    Password: req(PasswordType),
    Permanent: opt(bool),
  }),
  AdminDisableUser: struct({ UserPoolId: req(T.UserPoolId), Username: req(T.Username) }),
  AdminEnableUser: struct({ UserPoolId: req(T.UserPoolId), Username: req(T.Username) }),
  AdminConfirmSignUp: struct({ UserPoolId: req(T.UserPoolId), Username: req(T.Username), ClientMetadata: opt(StringMap()) }),
  SignUp: struct({
    ClientId: req(T.ClientId),
    SecretHash: opt(SecretHash),
    Username: req(T.Username),
    Password: opt(PasswordType),
    UserAttributes: opt(AttributeList),
    ValidationData: opt(AttributeList),
    ClientMetadata: opt(StringMap()),
  }),
  InitiateAuth: struct({
    AuthFlow: req(enumOf(AUTH_FLOWS)),
    AuthParameters: opt(StringMap(true)),
    ClientMetadata: opt(StringMap()),
    ClientId: req(T.ClientId),
    Session: opt(str(20, 2048)),
  }),
  RespondToAuthChallenge: struct({
    ClientId: req(T.ClientId),
    ChallengeName: req(enumOf(CHALLENGE_NAMES)),
    Session: opt(str(20, 2048)),
    ChallengeResponses: opt(StringMap(true)),
    ClientMetadata: opt(StringMap()),
  }),
  AdminRespondToAuthChallenge: struct({
    UserPoolId: req(T.UserPoolId),
    ClientId: req(T.ClientId),
    ChallengeName: req(enumOf(CHALLENGE_NAMES)),
    Session: opt(str(20, 2048)),
    ChallengeResponses: opt(StringMap(true)),
    ClientMetadata: opt(StringMap()),
  }),
  AdminInitiateAuth: struct({
    UserPoolId: req(T.UserPoolId),
    ClientId: req(T.ClientId),
    AuthFlow: req(enumOf(AUTH_FLOWS)),
    AuthParameters: opt(StringMap(true)),
    ClientMetadata: opt(StringMap()),
    Session: opt(str(20, 2048)),
  }),
};
