import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  type LambdaConfigType,
  UpdateUserPoolCommand,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startCognitoLocal } from '@gatehouse/cognito-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnEvent, parsePhysicalId } from '../src/custom-resource.ts';
import { attachPreTokenTrigger, detachPreTokenTrigger, TriggerAttachmentError, userPoolUpdateInput } from '../src/index.ts';

const OURS = 'arn:aws:lambda:eu-west-1:123456789012:function:gatehouse-tenant-claims';
const OURS_NEXT = 'arn:aws:lambda:eu-west-1:123456789012:function:gatehouse-tenant-claims-2';
const THEIRS = 'arn:aws:lambda:eu-west-1:123456789012:function:saas-own-claims';
const POST_CONFIRMATION = 'arn:aws:lambda:eu-west-1:123456789012:function:saas-welcome';

let local: Awaited<ReturnType<typeof startCognitoLocal>>;
let client: CognitoIdentityProviderClient;
beforeAll(async () => {
  local = await startCognitoLocal();
  client = new CognitoIdentityProviderClient({
    region: 'eu-west-1',
    endpoint: local.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(() => local.stop());

/** A pool with settings of its own, as a SaaS's pool has: everything an update could reset. */
async function saasPool(extra: { tier?: 'LITE' | 'ESSENTIALS' | 'PLUS'; lambdaConfig?: LambdaConfigType } = {}) {
  const created = await client.send(
    new CreateUserPoolCommand({
      PoolName: `saas-${Math.random().toString(36).slice(2)}`,
      AutoVerifiedAttributes: ['email'],
      DeletionProtection: 'INACTIVE',
      UserPoolTags: { team: 'identity' },
      VerificationMessageTemplate: {
        DefaultEmailOption: 'CONFIRM_WITH_CODE',
        EmailSubject: 'Your ACME code',
        EmailMessage: 'Code: {####}',
      },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolTier: extra.tier ?? 'ESSENTIALS',
      LambdaConfig: { PostConfirmation: POST_CONFIRMATION, ...extra.lambdaConfig },
    }),
  );
  const id = created.UserPool?.Id;
  if (!id) throw new Error('no pool');
  return id;
}

const describePool = async (id: string) =>
  (await client.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool as UserPoolType;

/** A described pool without what an update changes by itself. */
const settings = (pool: UserPoolType) => {
  const { LastModifiedDate: _modified, LambdaConfig: _lambda, ...rest } = pool;
  return rest;
};

describe('attaching the trigger by read-modify-write', () => {
  it('makes it the V2_0 pre token generation trigger and changes nothing else of the pool', async () => {
    const id = await saasPool();
    const before = await describePool(id);
    expect(await attachPreTokenTrigger(client, id, OURS)).toEqual({ previous: null, changed: true });
    const after = await describePool(id);
    expect(after.LambdaConfig).toMatchObject({
      PostConfirmation: POST_CONFIRMATION,
      PreTokenGenerationConfig: { LambdaArn: OURS, LambdaVersion: 'V2_0' },
    });
    expect(settings(after)).toEqual(settings(before));
    // Again: nothing to do.
    expect(await attachPreTokenTrigger(client, id, OURS)).toEqual({
      previous: { lambdaArn: OURS, version: 'V2_0' },
      changed: false,
    });
  });

  it('proves the point: a bare UpdateUserPool would have reset the pool’s settings', async () => {
    const id = await saasPool();
    await client.send(
      new UpdateUserPoolCommand({
        UserPoolId: id,
        LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: OURS, LambdaVersion: 'V2_0' } },
      }),
    );
    const reset = await describePool(id);
    expect(reset.AutoVerifiedAttributes ?? []).not.toEqual(['email']);
    expect(reset.LambdaConfig?.PostConfirmation).toBeUndefined();
  });

  it('refuses a pool on the Lite plan with its own code, and leaves the pool as it was', async () => {
    const id = await saasPool({ tier: 'LITE' });
    const before = await describePool(id);
    const refused = await attachPreTokenTrigger(client, id, OURS).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TriggerAttachmentError);
    expect((refused as TriggerAttachmentError).code).toBe('POOL_ON_LITE_PLAN');
    expect(await describePool(id)).toEqual(before);
  });

  it('sends back everything DescribeUserPool gave, less what an update may not carry', async () => {
    const id = await saasPool();
    const input = userPoolUpdateInput(await describePool(id));
    expect(input).toMatchObject({
      UserPoolId: id,
      AutoVerifiedAttributes: ['email'],
      UserPoolTags: { team: 'identity' },
      UserPoolTier: 'ESSENTIALS',
      LambdaConfig: { PostConfirmation: POST_CONFIRMATION },
    });
  });

  it('detaches only its own trigger, and not from a pool that is gone', async () => {
    const id = await saasPool();
    await attachPreTokenTrigger(client, id, OURS);
    await attachPreTokenTrigger(client, id, THEIRS);
    expect(await detachPreTokenTrigger(client, id, OURS, null)).toEqual({ changed: false });
    expect((await describePool(id)).LambdaConfig?.PreTokenGenerationConfig?.LambdaArn).toBe(THEIRS);
    await client.send(new DeleteUserPoolCommand({ UserPoolId: id }));
    expect(await detachPreTokenTrigger(client, id, THEIRS, null)).toEqual({ changed: false });
  });
});

describe('the custom resource', () => {
  const onEvent = () => createOnEvent(client);

  it('records the trigger it replaced and puts it back on delete', async () => {
    const id = await saasPool({ lambdaConfig: { PreTokenGenerationConfig: { LambdaArn: THEIRS, LambdaVersion: 'V1_0' } } });
    const created = await onEvent()({ RequestType: 'Create', ResourceProperties: { UserPoolId: id, LambdaArn: OURS } });
    expect(parsePhysicalId(created.PhysicalResourceId)).toEqual({
      userPoolId: id,
      kind: 'PreTokenGeneration',
      previous: { lambdaArn: THEIRS, version: 'V1_0' },
    });
    expect((await describePool(id)).LambdaConfig?.PreTokenGenerationConfig).toEqual({ LambdaArn: OURS, LambdaVersion: 'V2_0' });

    // A new version of the function on the same pool keeps the record of what to restore.
    const updated = await onEvent()({
      RequestType: 'Update',
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: { UserPoolId: id, LambdaArn: OURS_NEXT },
      OldResourceProperties: { UserPoolId: id, LambdaArn: OURS },
    });
    expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect((await describePool(id)).LambdaConfig?.PreTokenGenerationConfig?.LambdaArn).toBe(OURS_NEXT);

    await onEvent()({
      RequestType: 'Delete',
      PhysicalResourceId: updated.PhysicalResourceId,
      ResourceProperties: { UserPoolId: id, LambdaArn: OURS_NEXT },
    });
    const restored = await describePool(id);
    expect(restored.LambdaConfig?.PreTokenGenerationConfig).toEqual({ LambdaArn: THEIRS, LambdaVersion: 'V1_0' });
    expect(restored.LambdaConfig?.PostConfirmation).toBe(POST_CONFIRMATION);
  });

  it('moving to another pool answers a new physical id, so CloudFormation restores the old pool', async () => {
    const first = await saasPool();
    const second = await saasPool();
    const created = await onEvent()({ RequestType: 'Create', ResourceProperties: { UserPoolId: first, LambdaArn: OURS } });
    const moved = await onEvent()({
      RequestType: 'Update',
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: { UserPoolId: second, LambdaArn: OURS },
      OldResourceProperties: { UserPoolId: first, LambdaArn: OURS },
    });
    expect(moved.PhysicalResourceId).not.toBe(created.PhysicalResourceId);
    // CloudFormation's clean-up of the replaced resource: a Delete with the old id and the old properties.
    await onEvent()({
      RequestType: 'Delete',
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: { UserPoolId: first, LambdaArn: OURS },
    });
    expect((await describePool(first)).LambdaConfig?.PreTokenGenerationConfig).toBeUndefined();
    expect((await describePool(second)).LambdaConfig?.PreTokenGenerationConfig?.LambdaArn).toBe(OURS);
  });

  it('fails a Create on a Lite pool with the words a deployer needs', async () => {
    const id = await saasPool({ tier: 'LITE' });
    await expect(
      onEvent()({ RequestType: 'Create', ResourceProperties: { UserPoolId: id, LambdaArn: OURS } }),
    ).rejects.toMatchObject({
      code: 'POOL_ON_LITE_PLAN',
    });
  });
});

describe('the SSO enforcement triggers', () => {
  const onEvent = () => createOnEvent(client);
  const SSO = 'arn:aws:lambda:eu-west-1:123456789012:function:gatehouse-sso-enforcement';
  const THEIR_PRE_AUTH = 'arn:aws:lambda:eu-west-1:123456789012:function:saas-pre-auth';

  it('attach as pre authentication and pre sign-up, one after the other, keeping every other trigger', async () => {
    const id = await saasPool({ lambdaConfig: { PreAuthentication: THEIR_PRE_AUTH } });
    const auth = await onEvent()({
      RequestType: 'Create',
      ResourceProperties: { UserPoolId: id, LambdaArn: SSO, Trigger: 'PreAuthentication' },
    });
    const signUp = await onEvent()({
      RequestType: 'Create',
      ResourceProperties: { UserPoolId: id, LambdaArn: SSO, Trigger: 'PreSignUp' },
    });
    const claims = await onEvent()({ RequestType: 'Create', ResourceProperties: { UserPoolId: id, LambdaArn: OURS } });
    const attached = (await describePool(id)).LambdaConfig;
    expect(attached).toMatchObject({
      PreAuthentication: SSO,
      PreSignUp: SSO,
      PostConfirmation: POST_CONFIRMATION,
      PreTokenGenerationConfig: { LambdaArn: OURS, LambdaVersion: 'V2_0' },
    });
    expect(parsePhysicalId(auth.PhysicalResourceId)?.previous?.lambdaArn).toBe(THEIR_PRE_AUTH);
    // Deleting the stack: each restores what it replaced.
    for (const [created, props] of [
      [auth, { UserPoolId: id, LambdaArn: SSO, Trigger: 'PreAuthentication' as const }],
      [signUp, { UserPoolId: id, LambdaArn: SSO, Trigger: 'PreSignUp' as const }],
      [claims, { UserPoolId: id, LambdaArn: OURS }],
    ] as const) {
      await onEvent()({ RequestType: 'Delete', PhysicalResourceId: created.PhysicalResourceId, ResourceProperties: props });
    }
    const restored = (await describePool(id)).LambdaConfig;
    expect(restored?.PreAuthentication).toBe(THEIR_PRE_AUTH);
    expect(restored?.PreSignUp).toBeUndefined();
    expect(restored?.PreTokenGenerationConfig).toBeUndefined();
    expect(restored?.PostConfirmation).toBe(POST_CONFIRMATION);
  });

  it('attach to a Lite pool too: only pre token generation V2_0 needs a paid plan', async () => {
    const id = await saasPool({ tier: 'LITE' });
    await onEvent()({
      RequestType: 'Create',
      ResourceProperties: { UserPoolId: id, LambdaArn: SSO, Trigger: 'PreAuthentication' },
    });
    expect((await describePool(id)).LambdaConfig?.PreAuthentication).toBe(SSO);
  });
});

describe('skipping an attachment', () => {
  const onEvent = () => createOnEvent(client);

  it('attaches nothing (not even refusing a Lite pool), and turning to skip later restores the previous trigger', async () => {
    const lite = await saasPool({ tier: 'LITE' });
    await onEvent()({ RequestType: 'Create', ResourceProperties: { UserPoolId: lite, LambdaArn: OURS, Attach: 'skip' } });
    expect((await describePool(lite)).LambdaConfig?.PreTokenGenerationConfig).toBeUndefined();

    const id = await saasPool({ lambdaConfig: { PreTokenGenerationConfig: { LambdaArn: THEIRS, LambdaVersion: 'V2_0' } } });
    const created = await onEvent()({ RequestType: 'Create', ResourceProperties: { UserPoolId: id, LambdaArn: OURS } });
    const skipped = await onEvent()({
      RequestType: 'Update',
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: { UserPoolId: id, LambdaArn: OURS, Attach: 'skip' },
      OldResourceProperties: { UserPoolId: id, LambdaArn: OURS },
    });
    expect((await describePool(id)).LambdaConfig?.PreTokenGenerationConfig?.LambdaArn).toBe(THEIRS);
    // CloudFormation then deletes the old physical id: nothing changes any more.
    await onEvent()({
      RequestType: 'Delete',
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: { UserPoolId: id, LambdaArn: OURS },
    });
    await onEvent()({
      RequestType: 'Delete',
      PhysicalResourceId: skipped.PhysicalResourceId,
      ResourceProperties: { UserPoolId: id, LambdaArn: OURS, Attach: 'skip' },
    });
    expect((await describePool(id)).LambdaConfig?.PreTokenGenerationConfig?.LambdaArn).toBe(THEIRS);
  });
});
