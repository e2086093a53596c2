import {
  type CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_SCHEMA, failure, type Harness, startHarness } from './harness.ts';

const TRIGGER = 'arn:aws:lambda:eu-west-1:000000000000:function:gatehouse-pre-token';
const OTHER = 'arn:aws:lambda:eu-west-1:000000000000:function:other';

let h: Harness;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  h = await startHarness();
  cognito = h.cognito;
});
afterAll(() => h.stop());

async function create(input: Partial<CreateUserPoolCommandInput> = {}) {
  const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: 'triggers', Schema: CUSTOM_SCHEMA, ...input }));
  return UserPool?.Id ?? '';
}

const describePool = async (poolId: string) => (await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool;

describe('LambdaConfig on CreateUserPool and DescribeUserPool (API reference, LambdaConfigType)', () => {
  it('keeps the pre token generation trigger and the other triggers as given', async () => {
    const poolId = await create({
      LambdaConfig: {
        PreTokenGenerationConfig: { LambdaArn: TRIGGER, LambdaVersion: 'V2_0' },
        PostConfirmation: OTHER,
      },
    });
    const pool = await describePool(poolId);
    expect(pool?.LambdaConfig).toEqual({
      PreTokenGenerationConfig: { LambdaArn: TRIGGER, LambdaVersion: 'V2_0' },
      // The legacy member "has the same value" as PreTokenGenerationConfig.LambdaArn.
      PreTokenGeneration: TRIGGER,
      PostConfirmation: OTHER,
    });
  });

  it('reads the legacy PreTokenGeneration member as a V1_0 trigger', async () => {
    const poolId = await create({ LambdaConfig: { PreTokenGeneration: TRIGGER } });
    expect((await describePool(poolId))?.LambdaConfig?.PreTokenGenerationConfig).toEqual({
      LambdaArn: TRIGGER,
      LambdaVersion: 'V1_0',
    });
  });

  it('describes a pool without triggers with an empty LambdaConfig', async () => {
    expect((await describePool(await create()))?.LambdaConfig).toEqual({});
  });

  it('refuses PreTokenGeneration and PreTokenGenerationConfig naming different functions', async () => {
    const error = await failure(
      create({
        LambdaConfig: {
          PreTokenGeneration: OTHER,
          PreTokenGenerationConfig: { LambdaArn: TRIGGER, LambdaVersion: 'V2_0' },
        },
      }),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it.each([
    ['not an ARN', 'gatehouse-pre-token'],
    ['an ARN of another service', 'arn:aws:iam::000000000000:role/gatehouse'],
    ['a Lambda layer', 'arn:aws:lambda:eu-west-1:000000000000:layer:gatehouse'],
  ])('refuses a LambdaArn that is %s', async (_case, arn) => {
    const error = await failure(
      create({ LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: arn, LambdaVersion: 'V2_0' } } }),
    );
    expect(error.name).toBe('InvalidParameterException');
    const legacy = await failure(create({ LambdaConfig: { PostAuthentication: arn } }));
    expect(legacy.name).toBe('InvalidParameterException');
  });

  it('accepts a function ARN with a version or alias qualifier', async () => {
    const poolId = await create({
      LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: `${TRIGGER}:live`, LambdaVersion: 'V2_0' } },
    });
    expect((await describePool(poolId))?.LambdaConfig?.PreTokenGeneration).toBe(`${TRIGGER}:live`);
  });

  it.each(['V2_0', 'V3_0'] as const)('refuses %s on a LITE pool with FeatureUnavailableInTierException', async (version) => {
    const error = await failure(
      create({
        UserPoolTier: 'LITE',
        LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: TRIGGER, LambdaVersion: version } },
      }),
    );
    expect(error.name).toBe('FeatureUnavailableInTierException');
  });

  it('allows V1_0 on a LITE pool, and V2_0 on the default ESSENTIALS plan', async () => {
    const lite = await create({
      UserPoolTier: 'LITE',
      LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: TRIGGER, LambdaVersion: 'V1_0' } },
    });
    expect((await describePool(lite))?.UserPoolTier).toBe('LITE');
    const essentials = await create({
      LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: TRIGGER, LambdaVersion: 'V2_0' } },
    });
    expect((await describePool(essentials))?.UserPoolTier).toBe('ESSENTIALS');
  });
});

describe('UpdateUserPool resets what it is not sent (API reference, UpdateUserPool)', () => {
  it('sets a trigger, then removes it when an update leaves LambdaConfig out', async () => {
    const poolId = await create();
    await cognito.send(
      new UpdateUserPoolCommand({
        UserPoolId: poolId,
        LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: TRIGGER, LambdaVersion: 'V2_0' } },
        DeletionProtection: 'ACTIVE',
      }),
    );
    const set = await describePool(poolId);
    expect(set?.LambdaConfig?.PreTokenGenerationConfig).toEqual({ LambdaArn: TRIGGER, LambdaVersion: 'V2_0' });
    expect(set?.DeletionProtection).toBe('ACTIVE');

    await cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF' }));
    const reset = await describePool(poolId);
    expect(reset?.LambdaConfig).toEqual({});
    expect(reset?.DeletionProtection).toBe('INACTIVE');
  });

  it('keeps the name, the schema and the domain-independent identity of the pool', async () => {
    const poolId = await create();
    const before = await describePool(poolId);
    await cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId }));
    const after = await describePool(poolId);
    expect(after?.Name).toBe('triggers');
    expect(after?.SchemaAttributes).toEqual(before?.SchemaAttributes);
    expect(after?.SchemaAttributes?.some((a) => a.Name === 'custom:tenant')).toBe(true);
    expect(after?.Arn).toBe(before?.Arn);
    expect(after?.CreationDate).toEqual(before?.CreationDate);
  });

  it('renames the pool when PoolName is sent', async () => {
    const poolId = await create();
    await cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, PoolName: 'renamed' }));
    expect((await describePool(poolId))?.Name).toBe('renamed');
  });

  it('changes the feature plan, and resets it to ESSENTIALS when left out', async () => {
    const poolId = await create({ UserPoolTier: 'PLUS' });
    await cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolTier: 'LITE' }));
    expect((await describePool(poolId))?.UserPoolTier).toBe('LITE');
    await cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId }));
    expect((await describePool(poolId))?.UserPoolTier).toBe('ESSENTIALS');
  });

  it('refuses V2_0 on a LITE pool, and a move to LITE that keeps a V2_0 trigger', async () => {
    const lite = await create({ UserPoolTier: 'LITE' });
    const onLite = await failure(
      cognito.send(
        new UpdateUserPoolCommand({
          UserPoolId: lite,
          UserPoolTier: 'LITE',
          LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: TRIGGER, LambdaVersion: 'V2_0' } },
        }),
      ),
    );
    expect(onLite.name).toBe('FeatureUnavailableInTierException');

    const essentials = await create({
      LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: TRIGGER, LambdaVersion: 'V2_0' } },
    });
    const toLite = await failure(
      cognito.send(
        new UpdateUserPoolCommand({
          UserPoolId: essentials,
          UserPoolTier: 'LITE',
          LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: TRIGGER, LambdaVersion: 'V2_0' } },
        }),
      ),
    );
    expect(toLite.name).toBe('FeatureUnavailableInTierException');
    // A refused update changes nothing.
    const pool = await describePool(essentials);
    expect(pool?.UserPoolTier).toBe('ESSENTIALS');
    expect(pool?.LambdaConfig?.PreTokenGenerationConfig?.LambdaVersion).toBe('V2_0');
  });

  it('validates LambdaConfig as CreateUserPool does', async () => {
    const poolId = await create();
    const error = await failure(
      cognito.send(
        new UpdateUserPoolCommand({
          UserPoolId: poolId,
          LambdaConfig: {
            PreTokenGenerationConfig: { LambdaArn: 'arn:aws:sns:eu-west-1:000000000000:topic', LambdaVersion: 'V2_0' },
          },
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it('answers ResourceNotFoundException for an unknown pool, and can be made to fail on demand', async () => {
    const missing = await failure(cognito.send(new UpdateUserPoolCommand({ UserPoolId: 'eu-west-1_missing' })));
    expect(missing.name).toBe('ResourceNotFoundException');
    const poolId = await create();
    h.local.faults.add({ operation: 'UpdateUserPool', exception: 'ConcurrentModificationException' });
    const fault = await failure(cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId })));
    expect(fault.name).toBe('ConcurrentModificationException');
  });
});
