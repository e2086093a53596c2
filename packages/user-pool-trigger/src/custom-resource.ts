import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { attachTrigger, detachTrigger, type PreTokenTrigger, type TriggerKind } from './index.ts';

/** The request the CDK custom resource provider framework hands its onEvent handler. */
export interface CustomResourceEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  PhysicalResourceId?: string;
  ResourceProperties: TriggerProperties;
  OldResourceProperties?: TriggerProperties;
}

interface TriggerProperties {
  UserPoolId: string;
  LambdaArn: string;
  /** Which trigger of the pool: PreTokenGeneration (the default), PreAuthentication or PreSignUp. */
  Trigger?: TriggerKind;
  /**
   * `attach` (the default) or `skip`: with skip the function is not the pool's trigger (and stops being it
   * when it was). A property rather than a CloudFormation condition, so that the attachments can wait for
   * one another whatever is chosen.
   */
  Attach?: 'attach' | 'skip';
}

const KINDS: readonly TriggerKind[] = ['PreTokenGeneration', 'PreAuthentication', 'PreSignUp'];

const PREFIX = 'gatehouse-trigger';

/**
 * The physical id records the pool, the trigger and the one the attachment replaced: CloudFormation hands
 * a Delete only the physical id and the properties, and the previous trigger must be restored then.
 */
export function physicalIdFor(
  userPoolId: string,
  previous: PreTokenTrigger | null,
  kind: TriggerKind = 'PreTokenGeneration',
): string {
  return [PREFIX, kind, userPoolId, previous?.version ?? '-', previous?.lambdaArn ?? '-'].join('|');
}

export function parsePhysicalId(
  id: string | undefined,
): { userPoolId: string; kind: TriggerKind; previous: PreTokenTrigger | null } | null {
  const [prefix, kind, userPoolId, version, lambdaArn] = (id ?? '').split('|');
  if (prefix !== PREFIX || !userPoolId || !version || !lambdaArn || !KINDS.includes(kind as TriggerKind)) return null;
  const trigger = kind as TriggerKind;
  if (lambdaArn === '-') return { userPoolId, kind: trigger, previous: null };
  if (version !== 'V1_0' && version !== 'V2_0' && version !== 'V3_0') return null;
  return { userPoolId, kind: trigger, previous: { lambdaArn, version } };
}

/**
 * The custom resource that attaches one of Gatehouse's triggers to the SaaS's existing user pool.
 * Create attaches it (read-modify-write); an Update to another pool answers a new physical id, so
 * CloudFormation deletes the old attachment, which restores the old pool; an Update of the function on
 * the same pool keeps the physical id (and with it the trigger to restore); Delete restores what was there.
 */
export function createOnEvent(client: CognitoIdentityProviderClient) {
  return async (event: CustomResourceEvent): Promise<{ PhysicalResourceId: string; Data?: Record<string, string> }> => {
    const { UserPoolId, LambdaArn } = event.ResourceProperties;
    const kind = event.ResourceProperties.Trigger ?? 'PreTokenGeneration';
    const recorded = parsePhysicalId(event.PhysicalResourceId);
    if (event.RequestType === 'Delete') {
      if (recorded) await detachTrigger(client, recorded.userPoolId, recorded.kind, LambdaArn, recorded.previous);
      return { PhysicalResourceId: event.PhysicalResourceId ?? physicalIdFor(UserPoolId, null, kind) };
    }
    if (event.ResourceProperties.Attach === 'skip') {
      // Not attached (any more): put back what an earlier attachment replaced, if it is still ours.
      if (recorded) await detachTrigger(client, recorded.userPoolId, recorded.kind, LambdaArn, recorded.previous);
      return { PhysicalResourceId: physicalIdFor(UserPoolId, null, kind), Data: { PreviousLambdaArn: '' } };
    }
    const { previous } = await attachTrigger(client, UserPoolId, kind, LambdaArn);
    if (
      event.RequestType === 'Update' &&
      recorded?.userPoolId === UserPoolId &&
      recorded.kind === kind &&
      event.PhysicalResourceId
    ) {
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    // A trigger that was already Gatehouse's (a stack deployed anew over a pool that kept it) is not
    // something to restore.
    const replaced = previous?.lambdaArn === LambdaArn ? null : previous;
    return {
      PhysicalResourceId: physicalIdFor(UserPoolId, replaced, kind),
      Data: { PreviousLambdaArn: replaced?.lambdaArn ?? '' },
    };
  };
}

/** AWS Lambda entry point of the custom resource (bundled by infra/src/bundle.ts). */
export const handler = createOnEvent(new CognitoIdentityProviderClient({}));
