import { describe, expect, it } from 'vitest';
import { startCognitoLocal } from '../src/index.ts';
import { invokeLocalLambda, LambdaRegistry, TRIGGER_ATTEMPTS } from '../src/triggers/registry.ts';

const ARN = 'arn:aws:lambda:eu-west-1:000000000000:function:trigger';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('invoking local handlers in place of Lambda (developer guide, Lambda triggers)', () => {
  it('hands the handler a copy of the event and returns its result through JSON', async () => {
    const event = { request: { scopes: ['openid'] }, response: { claims: null as unknown } };
    const registry = new LambdaRegistry({
      [ARN]: async (received) => {
        const copy = received as typeof event;
        copy.request.scopes.push('changed');
        copy.response.claims = { at: new Date(0), dropped: undefined };
        return copy;
      },
    });
    const result = await invokeLocalLambda(registry, ARN, event, 1000);
    expect(event.request.scopes).toEqual(['openid']);
    expect(result).toEqual({
      ok: true,
      attempts: 1,
      response: { request: { scopes: ['openid', 'changed'] }, response: { claims: { at: '1970-01-01T00:00:00.000Z' } } },
    });
  });

  it('reports an ARN without a handler as not found, and sees handlers registered later', async () => {
    const registry = new LambdaRegistry();
    expect(await invokeLocalLambda(registry, ARN, {}, 1000)).toEqual({ ok: false, failure: { kind: 'not-found' } });
    registry.register(ARN, async (event) => event);
    expect((await invokeLocalLambda(registry, ARN, { a: 1 }, 1000)).ok).toBe(true);
    registry.unregister(ARN);
    expect(await invokeLocalLambda(registry, ARN, {}, 1000)).toEqual({ ok: false, failure: { kind: 'not-found' } });
  });

  it('reports a thrown error with its message, without retrying', async () => {
    let calls = 0;
    const registry = new LambdaRegistry({
      [ARN]: async () => {
        calls += 1;
        throw new Error('Not on the roster');
      },
    });
    expect(await invokeLocalLambda(registry, ARN, {}, 1000)).toEqual({
      ok: false,
      failure: { kind: 'function-error', message: 'Not on the roster' },
    });
    expect(calls).toBe(1);
  });

  it('retries an answer that comes too late, then gives up after three attempts', async () => {
    let calls = 0;
    const registry = new LambdaRegistry({
      [ARN]: async () => {
        calls += 1;
        await sleep(200);
        throw new Error('too late to matter');
      },
    });
    expect(await invokeLocalLambda(registry, ARN, {}, 20)).toEqual({ ok: false, failure: { kind: 'timeout' } });
    expect(calls).toBe(TRIGGER_ATTEMPTS);
    expect(TRIGGER_ATTEMPTS).toBe(3);
    // The abandoned attempts reject later, with nobody waiting: that must not surface as an unhandled rejection.
    await sleep(250);
  });

  it('takes the answer of a retry that is in time', async () => {
    let calls = 0;
    const registry = new LambdaRegistry({
      [ARN]: async (event) => {
        calls += 1;
        if (calls === 1) await sleep(200);
        return event;
      },
    });
    const result = await invokeLocalLambda(registry, ARN, { n: 1 }, 50);
    expect(result).toEqual({ ok: true, attempts: 2, response: { n: 1 } });
  });

  it('reports a result that cannot be serialized', async () => {
    const registry = new LambdaRegistry({ [ARN]: async () => ({ big: 1n }) });
    expect(await invokeLocalLambda(registry, ARN, {}, 1000)).toEqual({ ok: false, failure: { kind: 'unserializable' } });
  });

  it.each([
    'my-function',
    'arn:aws:iam::000000000000:role/x',
    'arn:aws:lambda:eu-west-1:000000000000:layer:x',
    'arn:aws:lambda:eu-west-1:0000:function:x',
  ])('refuses to register %s, which is not a Lambda function ARN', (arn) => {
    expect(() => new LambdaRegistry().register(arn, async (event) => event)).toThrow();
  });
});

describe('the registry on a running stand-in', () => {
  it('refuses to register what is not a function ARN, and a timeout that is not positive', async () => {
    const local = await startCognitoLocal();
    try {
      expect(() => local.registerLambda('not-an-arn', async (event) => event)).toThrow();
      expect(() => local.registerLambda(`${ARN}:live`, async (event) => event)).not.toThrow();
    } finally {
      await local.stop();
    }
    await expect(startCognitoLocal({ triggerTimeoutMs: 0 })).rejects.toThrow();
    await expect(startCognitoLocal({ lambdas: { 'not-an-arn': async (event) => event } })).rejects.toThrow();
  });
});
