import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  type LambdaConfigType,
  UpdateUserPoolCommand,
  type UpdateUserPoolCommandInput,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';

/** A pool's pre token generation trigger: the function and the event version Cognito sends it. */
export interface PreTokenTrigger {
  lambdaArn: string;
  version: 'V1_0' | 'V2_0' | 'V3_0';
}

/** Why a trigger cannot be attached, in words for whoever deploys. */
export class TriggerAttachmentError extends Error {
  constructor(
    readonly code: 'POOL_ON_LITE_PLAN' | 'POOL_NOT_FOUND',
    message: string,
  ) {
    super(message);
    this.name = 'TriggerAttachmentError';
  }
}

/**
 * The fields of a described user pool that UpdateUserPool accepts. UpdateUserPool resets every setting a
 * request leaves out to its default (API reference, UpdateUserPool), so a change to one setting reads the
 * pool and sends everything back: the same habit as app-client updates.
 *
 * Two fields are adjusted rather than copied:
 * - AdminCreateUserConfig.UnusedAccountValidityDays is deprecated in favour of the password policy's
 *   TemporaryPasswordValidityDays; DescribeUserPool may return both, and an update may not send both.
 * - The legacy EmailVerificationMessage / EmailVerificationSubject / SmsVerificationMessage duplicate
 *   VerificationMessageTemplate, which Describe also returns: only the template is sent back, so the two
 *   can never disagree.
 */
export function userPoolUpdateInput(pool: UserPoolType): UpdateUserPoolCommandInput {
  const temporaryDays = pool.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays;
  const adminCreate = pool.AdminCreateUserConfig
    ? {
        ...pool.AdminCreateUserConfig,
        ...(temporaryDays !== undefined ? { UnusedAccountValidityDays: undefined } : {}),
      }
    : undefined;
  const template = pool.VerificationMessageTemplate;
  return {
    UserPoolId: pool.Id,
    Policies: pool.Policies,
    DeletionProtection: pool.DeletionProtection,
    LambdaConfig: pool.LambdaConfig,
    AutoVerifiedAttributes: pool.AutoVerifiedAttributes,
    ...(template
      ? { VerificationMessageTemplate: template }
      : {
          SmsVerificationMessage: pool.SmsVerificationMessage,
          EmailVerificationMessage: pool.EmailVerificationMessage,
          EmailVerificationSubject: pool.EmailVerificationSubject,
        }),
    SmsAuthenticationMessage: pool.SmsAuthenticationMessage,
    UserAttributeUpdateSettings: pool.UserAttributeUpdateSettings,
    MfaConfiguration: pool.MfaConfiguration,
    DeviceConfiguration: pool.DeviceConfiguration,
    EmailConfiguration: pool.EmailConfiguration,
    SmsConfiguration: pool.SmsConfiguration,
    UserPoolTags: pool.UserPoolTags,
    AdminCreateUserConfig: adminCreate,
    UserPoolAddOns: pool.UserPoolAddOns,
    AccountRecoverySetting: pool.AccountRecoverySetting,
    PoolName: pool.Name,
    UserPoolTier: pool.UserPoolTier,
  };
}

/** The pre token generation trigger a LambdaConfig holds, or null. */
export function preTokenTriggerOf(config: LambdaConfigType | undefined): PreTokenTrigger | null {
  const modern = config?.PreTokenGenerationConfig;
  if (modern?.LambdaArn) return { lambdaArn: modern.LambdaArn, version: modern.LambdaVersion ?? 'V1_0' };
  // Pools configured before versioned triggers name only the ARN: a V1_0 trigger.
  return config?.PreTokenGeneration ? { lambdaArn: config.PreTokenGeneration, version: 'V1_0' } : null;
}

/** The LambdaConfig with its pre token generation trigger replaced (or removed, with null). */
function withPreTokenTrigger(config: LambdaConfigType | undefined, trigger: PreTokenTrigger | null): LambdaConfigType {
  const { PreTokenGeneration: _legacy, PreTokenGenerationConfig: _modern, ...others } = config ?? {};
  if (!trigger) return others;
  // Both fields name the same function: Cognito refuses a request where they differ.
  return {
    ...others,
    PreTokenGeneration: trigger.lambdaArn,
    PreTokenGenerationConfig: { LambdaArn: trigger.lambdaArn, LambdaVersion: trigger.version },
  };
}

async function describePool(client: CognitoIdentityProviderClient, userPoolId: string): Promise<UserPoolType> {
  try {
    const { UserPool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
    if (!UserPool) throw new Error('DescribeUserPool returned no pool');
    return UserPool;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') {
      throw new TriggerAttachmentError(
        'POOL_NOT_FOUND',
        `The user pool ${userPoolId} does not exist in this account and Region.`,
      );
    }
    throw error;
  }
}

/**
 * Makes `lambdaArn` the pool's V2_0 pre token generation trigger, changing nothing else of the pool
 * (DescribeUserPool, then UpdateUserPool with everything). Resolves to the trigger it replaced, so that
 * it can be restored. Refuses a pool on the Lite feature plan: V2_0 needs Essentials or Plus (developer
 * guide, pre token generation trigger), and Cognito's own refusal (FeatureUnavailableInTierException)
 * would not say what to do.
 */
export async function attachPreTokenTrigger(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  lambdaArn: string,
): Promise<{ previous: PreTokenTrigger | null; changed: boolean }> {
  const pool = await describePool(client, userPoolId);
  if (pool.UserPoolTier === 'LITE') {
    throw new TriggerAttachmentError(
      'POOL_ON_LITE_PLAN',
      `The user pool ${userPoolId} is on the Lite feature plan. Gatehouse puts tenant_id in ID and access tokens with a V2_0 pre token generation trigger, which needs the Essentials or Plus plan. Change the pool's feature plan in the Cognito console (or with UpdateUserPool UserPoolTier=ESSENTIALS), or deploy with TenantClaimsTrigger=skip.`,
    );
  }
  const previous = preTokenTriggerOf(pool.LambdaConfig);
  if (previous?.lambdaArn === lambdaArn && previous.version === 'V2_0') return { previous, changed: false };
  await client.send(
    new UpdateUserPoolCommand({
      ...userPoolUpdateInput(pool),
      LambdaConfig: withPreTokenTrigger(pool.LambdaConfig, { lambdaArn, version: 'V2_0' }),
    }),
  );
  return { previous, changed: true };
}

/** The pool, or null when it is gone: detaching from a deleted pool has nothing left to do. */
async function describePoolIfPresent(client: CognitoIdentityProviderClient, userPoolId: string): Promise<UserPoolType | null> {
  try {
    return await describePool(client, userPoolId);
  } catch (error) {
    if (error instanceof TriggerAttachmentError && error.code === 'POOL_NOT_FOUND') return null;
    throw error;
  }
}

/**
 * Puts back the trigger that `lambdaArn` replaced (or none), only if `lambdaArn` is still the pool's
 * trigger: a trigger someone attached since is theirs to keep. A pool that no longer exists has nothing
 * to restore.
 */
export async function detachPreTokenTrigger(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  lambdaArn: string,
  restore: PreTokenTrigger | null,
): Promise<{ changed: boolean }> {
  const pool = await describePoolIfPresent(client, userPoolId);
  if (!pool) return { changed: false };
  if (preTokenTriggerOf(pool.LambdaConfig)?.lambdaArn !== lambdaArn) return { changed: false };
  await client.send(
    new UpdateUserPoolCommand({ ...userPoolUpdateInput(pool), LambdaConfig: withPreTokenTrigger(pool.LambdaConfig, restore) }),
  );
  return { changed: true };
}

/** The triggers Gatehouse attaches: tenant claims (pre token generation, V2_0) and SSO enforcement. */
export type TriggerKind = 'PreTokenGeneration' | 'PreAuthentication' | 'PreSignUp';

/** A trigger a pool has for `kind`, or null. */
export function triggerOf(config: LambdaConfigType | undefined, kind: TriggerKind): PreTokenTrigger | null {
  if (kind === 'PreTokenGeneration') return preTokenTriggerOf(config);
  const arn = config?.[kind];
  // Pre authentication and pre sign-up have no event versions; V1_0 stands for "unversioned".
  return arn ? { lambdaArn: arn, version: 'V1_0' } : null;
}

function withTrigger(config: LambdaConfigType | undefined, kind: TriggerKind, trigger: PreTokenTrigger | null): LambdaConfigType {
  if (kind === 'PreTokenGeneration') return withPreTokenTrigger(config, trigger);
  const { [kind]: _previous, ...others } = config ?? {};
  return trigger ? { ...others, [kind]: trigger.lambdaArn } : others;
}

/**
 * Makes `lambdaArn` the pool's trigger of `kind` by read-modify-write (as attachPreTokenTrigger, which it
 * is for PreTokenGeneration) and resolves to the trigger it replaced.
 */
export async function attachTrigger(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  kind: TriggerKind,
  lambdaArn: string,
): Promise<{ previous: PreTokenTrigger | null; changed: boolean }> {
  if (kind === 'PreTokenGeneration') return attachPreTokenTrigger(client, userPoolId, lambdaArn);
  const pool = await describePool(client, userPoolId);
  const previous = triggerOf(pool.LambdaConfig, kind);
  if (previous?.lambdaArn === lambdaArn) return { previous, changed: false };
  await client.send(
    new UpdateUserPoolCommand({
      ...userPoolUpdateInput(pool),
      LambdaConfig: withTrigger(pool.LambdaConfig, kind, { lambdaArn, version: 'V1_0' }),
    }),
  );
  return { previous, changed: true };
}

/** Puts back what `lambdaArn` replaced as the pool's trigger of `kind`, only if it is still the pool's. */
export async function detachTrigger(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  kind: TriggerKind,
  lambdaArn: string,
  restore: PreTokenTrigger | null,
): Promise<{ changed: boolean }> {
  if (kind === 'PreTokenGeneration') return detachPreTokenTrigger(client, userPoolId, lambdaArn, restore);
  const pool = await describePoolIfPresent(client, userPoolId);
  if (!pool) return { changed: false };
  if (triggerOf(pool.LambdaConfig, kind)?.lambdaArn !== lambdaArn) return { changed: false };
  await client.send(
    new UpdateUserPoolCommand({ ...userPoolUpdateInput(pool), LambdaConfig: withTrigger(pool.LambdaConfig, kind, restore) }),
  );
  return { changed: true };
}
