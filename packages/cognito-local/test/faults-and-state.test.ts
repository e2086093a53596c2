import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Harness, startHarness } from './harness.ts';

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}

describe('faults on demand', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('fails the next N calls of one operation with the given exception, then recovers', async () => {
    const poolId = await createPool(h.cognito);
    h.local.faults.add({ operation: 'DescribeUserPool', exception: 'TooManyRequestsException', count: 2 });
    const describe = () => h.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(await errorName(describe())).toBe('TooManyRequestsException');
    // Other operations are not affected.
    await h.cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    expect(await errorName(describe())).toBe('TooManyRequestsException');
    expect((await describe()).UserPool?.Id).toBe(poolId);
    expect(h.local.faults.raised.filter((r) => r.operation === 'DescribeUserPool')).toHaveLength(2);
  });

  it('answers InternalErrorException with status 500 and leaves state untouched', async () => {
    h.local.faults.add({ operation: 'UpdateUserPoolClient', exception: 'InternalErrorException' });
    try {
      await h.cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: 'eu-west-1_x', ClientId: 'abc' }));
      expect.unreachable();
    } catch (error) {
      const e = error as Error & { $metadata: { httpStatusCode?: number } };
      expect(e.name).toBe('InternalErrorException');
      expect(e.$metadata.httpStatusCode).toBe(500);
    }
  });

  it('takes faults from other processes over the HTTP admin endpoint', async () => {
    const poolId = await createPool(h.cognito);
    const response = await fetch(`${h.local.endpoint}/_local/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'DescribeUserPool', exception: 'ConcurrentModificationException', count: 1 }),
    });
    expect(response.status).toBe(201);
    expect(await errorName(h.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId })))).toBe(
      'ConcurrentModificationException',
    );
    for (const fault of [
      { operation: 'DescribeUserPool', exception: 'NoSuchException' },
      { operation: 'DescribeUserPol', exception: 'TooManyRequestsException' },
    ]) {
      const bad = await fetch(`${h.local.endpoint}/_local/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fault),
      });
      expect(bad.status).toBe(400);
    }
  });

  it('lets the SDK retry a throttled call by itself when it has attempts left', async () => {
    const poolId = await createPool(h.cognito);
    const retrying = new CognitoIdentityProviderClient({
      endpoint: h.local.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 3,
      retryStrategy: undefined,
    });
    h.local.faults.add({ operation: 'DescribeUserPool', exception: 'ThrottlingException', count: 1 });
    const { UserPool } = await retrying.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool?.Id).toBe(poolId);
    retrying.destroy();
  });
});

describe('state', () => {
  it('keeps pools between runs with a state folder, and nothing without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognito-local-'));
    try {
      const first = await startHarness({ stateDir: dir });
      const poolId = await createPool(first.cognito, 'persisted-domain');
      await first.stop();
      const second = await startHarness({ stateDir: dir });
      const { UserPool } = await second.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      expect(UserPool?.Domain).toBe('persisted-domain');
      await second.stop();
      const memory = await startHarness();
      expect(await errorName(memory.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId })))).toBe(
        'ResourceNotFoundException',
      );
      await memory.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('gatehouse-cognito-local', () => {
  it('runs alone on the port it is given and prints where it listens', async () => {
    const bin = fileURLToPath(new URL('../bin/gatehouse-cognito-local.js', import.meta.url));
    const child = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const cognito = new CognitoIdentityProviderClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const { UserPools } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }));
      expect(UserPools).toEqual([]);
      cognito.destroy();
    } finally {
      child.kill('SIGTERM');
    }
  });
});
