import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { attachPreTokenTrigger, detachPreTokenTrigger, type PreTokenTrigger } from './index.ts';

/** The request the CDK custom resource provider framework hands its onEvent handler. */
export interface CustomResourceEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  PhysicalResourceId?: string;
  ResourceProperties: { UserPoolId: string; LambdaArn: string };
  OldResourceProperties?: { UserPoolId: string; LambdaArn: string };
}

const PREFIX = 'gatehouse-tenant-claims';

/**
 * The physical id records the pool and the trigger the attachment replaced: CloudFormation hands a Delete
 * only the physical id and the properties, and the previous trigger must be restored then.
 */
export function physicalIdFor(userPoolId: string, previous: PreTokenTrigger | null): string {
  return [PREFIX, userPoolId, previous?.version ?? '-', previous?.lambdaArn ?? '-'].join('|');
}

export function parsePhysicalId(id: string | undefined): { userPoolId: string; previous: PreTokenTrigger | null } | null {
  const [prefix, userPoolId, version, lambdaArn] = (id ?? '').split('|');
  if (prefix !== PREFIX || !userPoolId || !version || !lambdaArn) return null;
  if (lambdaArn === '-') return { userPoolId, previous: null };
  if (version !== 'V1_0' && version !== 'V2_0' && version !== 'V3_0') return null;
  return { userPoolId, previous: { lambdaArn, version } };
}

/**
 * The custom resource that attaches Gatehouse's tenant claims trigger to the SaaS's existing user pool.
 * Create attaches it (read-modify-write); an Update to another pool answers a new physical id, so
 * CloudFormation deletes the old attachment, which restores the old pool; an Update of the function on
 * the same pool keeps the physical id (and with it the trigger to restore); Delete restores what was there.
 */
export function createOnEvent(client: CognitoIdentityProviderClient) {
  return async (event: CustomResourceEvent): Promise<{ PhysicalResourceId: string; Data?: Record<string, string> }> => {
    const { UserPoolId, LambdaArn } = event.ResourceProperties;
    const recorded = parsePhysicalId(event.PhysicalResourceId);
    if (event.RequestType === 'Delete') {
      if (recorded) await detachPreTokenTrigger(client, recorded.userPoolId, LambdaArn, recorded.previous);
      return { PhysicalResourceId: event.PhysicalResourceId ?? physicalIdFor(UserPoolId, null) };
    }
    const { previous } = await attachPreTokenTrigger(client, UserPoolId, LambdaArn);
    if (event.RequestType === 'Update' && recorded?.userPoolId === UserPoolId && event.PhysicalResourceId) {
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    // A trigger that was already Gatehouse's (a stack deployed anew over a pool that kept it) is not
    // something to restore.
    const replaced = previous?.lambdaArn === LambdaArn ? null : previous;
    return {
      PhysicalResourceId: physicalIdFor(UserPoolId, replaced),
      Data: { PreviousLambdaArn: replaced?.lambdaArn ?? '' },
    };
  };
}

/** AWS Lambda entry point of the custom resource (bundled by infra/src/bundle.ts). */
export const handler = createOnEvent(new CognitoIdentityProviderClient({}));
