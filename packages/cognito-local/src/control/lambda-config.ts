import { CognitoError, invalidParameter } from '../errors.ts';

/** The versions of the pre token generation event (API reference, PreTokenGenerationVersionConfigType). */
export type PreTokenGenerationVersion = 'V1_0' | 'V2_0' | 'V3_0';

/** A pool's pre token generation trigger: the function and the event version it receives. */
export interface PreTokenGenerationTrigger {
  lambdaArn: string;
  lambdaVersion: PreTokenGenerationVersion;
}

/** LambdaConfigType as stored: what the caller sent, with the two pre token generation members in step. */
export type LambdaConfig = Record<string, unknown> & {
  PreTokenGeneration?: string;
  PreTokenGenerationConfig?: { LambdaArn: string; LambdaVersion: PreTokenGenerationVersion };
};

/** Members of LambdaConfigType that name a function by its ARN. */
const FUNCTION_MEMBERS = [
  'PreSignUp',
  'CustomMessage',
  'PostConfirmation',
  'PreAuthentication',
  'PostAuthentication',
  'DefineAuthChallenge',
  'CreateAuthChallenge',
  'VerifyAuthChallengeResponse',
  'PreTokenGeneration',
  'UserMigration',
] as const;
const VERSIONED_MEMBERS = ['PreTokenGenerationConfig', 'CustomSMSSender', 'CustomEmailSender', 'InboundFederation'] as const;

/**
 * A Lambda function ARN, unqualified or with a version or alias (Lambda API reference, Invoke: FunctionName).
 * The API model only asks for any ARN (ArnType); whether Cognito refuses an ARN of another service up front
 * is not documented, so the stricter reading is taken and such an ARN is refused here.
 */
const FUNCTION_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d:\d{12}:function:[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]{1,128}))?$/;

export const isLambdaFunctionArn = (arn: string): boolean => FUNCTION_ARN.test(arn);

/**
 * Checks a LambdaConfig (already checked against its shape) and returns it as it is kept. Each ARN must be
 * a Lambda function's. `PreTokenGeneration` and `PreTokenGenerationConfig.LambdaArn` "must be identical"
 * when both are set (API reference, LambdaConfigType); Cognito's exception for a mismatch is not documented,
 * InvalidParameterException is a guess. The two "have the same value" (PreTokenGenerationVersionConfigType),
 * so the one not sent is filled in from the other, the legacy field standing for a V1_0 trigger ("By default,
 * your user pool delivers V1_0 events", developer guide, pre token generation trigger).
 */
export function normalizeLambdaConfig(input: Record<string, unknown>): LambdaConfig {
  const config: LambdaConfig = structuredClone(input);
  for (const member of FUNCTION_MEMBERS) {
    const arn = config[member];
    if (typeof arn === 'string' && !isLambdaFunctionArn(arn)) {
      throw invalidParameter(`${member} is not a valid Lambda function ARN: ${arn}`);
    }
  }
  for (const member of VERSIONED_MEMBERS) {
    const arn = (config[member] as { LambdaArn?: string } | undefined)?.LambdaArn;
    if (typeof arn === 'string' && !isLambdaFunctionArn(arn)) {
      throw invalidParameter(`${member}.LambdaArn is not a valid Lambda function ARN: ${arn}`);
    }
  }
  const legacy = config.PreTokenGeneration;
  const versioned = config.PreTokenGenerationConfig;
  if (legacy !== undefined && versioned !== undefined && legacy !== versioned.LambdaArn) {
    throw invalidParameter('PreTokenGeneration and PreTokenGenerationConfig.LambdaArn must be the same function.');
  }
  if (versioned) config.PreTokenGeneration = versioned.LambdaArn;
  else if (legacy !== undefined) config.PreTokenGenerationConfig = { LambdaArn: legacy, LambdaVersion: 'V1_0' };
  return config;
}

/**
 * Access token customization (V2_0, and V3_0 for machine identities too) needs the Essentials or Plus
 * feature plan; Cognito refuses a feature the pool's plan lacks with FeatureUnavailableInTierException
 * (developer guide, pre token generation trigger and feature plans). The message is a guess.
 */
export function checkTierAllows(config: LambdaConfig | undefined, tier: string): void {
  const version = config?.PreTokenGenerationConfig?.LambdaVersion;
  if (tier === 'LITE' && (version === 'V2_0' || version === 'V3_0')) {
    throw new CognitoError(
      'FeatureUnavailableInTierException',
      `Pre token generation trigger version ${version} (access token customization) is not available in the LITE feature plan. Use ESSENTIALS or PLUS.`,
    );
  }
}

/** The pool's pre token generation trigger, if it has one. */
export function preTokenGenerationTrigger(config: LambdaConfig | undefined): PreTokenGenerationTrigger | undefined {
  const versioned = config?.PreTokenGenerationConfig;
  if (versioned) return { lambdaArn: versioned.LambdaArn, lambdaVersion: versioned.LambdaVersion };
  if (typeof config?.PreTokenGeneration === 'string') return { lambdaArn: config.PreTokenGeneration, lambdaVersion: 'V1_0' };
  return undefined;
}
