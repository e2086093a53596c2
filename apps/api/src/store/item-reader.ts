import type { Agent, ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import aws4 from 'aws4';
import { awsCredentialsFromEnv } from '../env.ts';
import { lazyFunction } from '../lazy.ts';

/**
 * Reads by key for the discovery path. The SaaS's login page calls discovery, and loading and warming
 * the AWS SDK's DynamoDB client alone makes a bare Lambda's cold start about 1.7 times as long
 * (docs/benchmarks.md). This reader speaks DynamoDB's JSON protocol over Node's own HTTP client and
 * signs requests with Signature Version 4 (aws4), so discovery reads the same items from the same table
 * without the SDK. Writes and queries stay with the SDK stores.
 */
export interface ItemReader {
  /** The item at `key`, unmarshalled, or undefined. `consistent` asks for a strongly consistent read. */
  get(key: TableKey, options?: ReadOptions): Promise<Record<string, unknown> | undefined>;
  /** The items at up to 100 keys in one request (BatchGetItem), in the order of `keys`; undefined where absent. */
  getMany(keys: readonly TableKey[], options?: ReadOptions): Promise<Array<Record<string, unknown> | undefined>>;
}

export interface TableKey {
  PK: string;
  SK: string;
}

export interface ReadOptions {
  /** A strongly consistent read (the stores read connections and tenants so). */
  consistent?: boolean;
  /** Read only these top-level attributes (and the key), for items much larger than what is needed. */
  attributes?: readonly string[];
}

/** ProjectionExpression and its names for `attributes`: every name through a placeholder (`status` is reserved). */
function projection(attributes: readonly string[] | undefined) {
  if (!attributes?.length) return {};
  const names = [...new Set(['PK', 'SK', ...attributes])];
  return {
    ProjectionExpression: names.map((_, i) => `#a${i}`).join(','),
    ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
  };
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** DynamoDB Local ignores credentials, but requests must still be signed with some. */
export const LOCAL_DYNAMO_CREDENTIALS: AwsCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A DynamoDB error answer (or a failure to get one), with DynamoDB's error type. */
export class DynamoReadError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(`DynamoDB read failed: ${type}: ${message}`);
    this.name = 'DynamoReadError';
  }
}

/** Error types DynamoDB asks callers to retry (with backoff), besides any 5xx answer. */
const RETRYABLE_TYPES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'TransactionInProgressException',
]);

export interface SignedReaderOptions {
  tableName: string;
  region: string;
  /** DynamoDB Local's URL; unset for AWS (https://dynamodb.<region>.amazonaws.com). */
  endpoint?: string | undefined;
  /** Asked on every request, so rotated credentials are picked up. */
  credentials: () => AwsCredentials | Promise<AwsCredentials>;
  /** Attempts per read, as the SDK stores are configured (maxAttempts 3). */
  maxAttempts?: number;
  /** Gives up on one attempt after this long. */
  timeoutMs?: number;
  /** Base of the full-jitter backoff between attempts. */
  backoffMs?: number;
}

/** The reader over DynamoDB's HTTP API: GetItem and BatchGetItem, kept-alive connections, retries with backoff. */
export function signedItemReader(options: SignedReaderOptions): ItemReader {
  const url = new URL(options.endpoint ?? `https://dynamodb.${options.region}.amazonaws.com`);
  const secure = url.protocol === 'https:';
  // Node's http or https client, whichever the endpoint needs (loading https costs DynamoDB Local's
  // plain-http reads a few milliseconds of cold start for nothing).
  let transport: Promise<{
    send: (options: RequestOptions, onResponse: (r: IncomingMessage) => void) => ClientRequest;
    agent: Agent;
  }>;
  const connect = () =>
    (transport ??= (secure ? import('node:https') : import('node:http')).then((client) => ({
      send: client.request,
      agent: new client.Agent({ keepAlive: true, maxSockets: 64 }),
    })));
  const port = url.port || (secure ? '443' : '80');
  const maxAttempts = options.maxAttempts ?? 3;
  const timeoutMs = options.timeoutMs ?? 3000;
  const backoffMs = options.backoffMs ?? 50;

  const sleep = (tries: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * backoffMs * 2 ** tries));

  /** One signed call of a DynamoDB action; resolves with its JSON answer, rejects with DynamoReadError. */
  const call = async (action: 'GetItem' | 'BatchGetItem', body: string): Promise<Record<string, unknown>> => {
    const [{ send, agent }, credentials] = await Promise.all([connect(), options.credentials()]);
    const signed = aws4.sign(
      {
        host: url.host,
        path: '/',
        method: 'POST',
        service: 'dynamodb',
        region: options.region,
        headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `DynamoDB_20120810.${action}` },
        body,
      },
      credentials,
    );
    return new Promise((resolve, reject) => {
      const request = send(
        { hostname: url.hostname, port, path: '/', method: 'POST', headers: signed.headers, agent, timeout: timeoutMs },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error: Error) => reject(new DynamoReadError(error.name, error.message, true)));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            let answer: Record<string, unknown>;
            try {
              answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              reject(new DynamoReadError(`HTTP${status}`, 'the answer was not JSON', status >= 500));
              return;
            }
            if (status === 200) {
              resolve(answer);
              return;
            }
            const type =
              String(answer.__type ?? `HTTP${status}`)
                .split('#')
                .pop() ?? 'Unknown';
            const message = String(answer.message ?? answer.Message ?? '');
            reject(new DynamoReadError(type, message, status >= 500 || RETRYABLE_TYPES.has(type)));
          });
        },
      );
      request.on('timeout', () => request.destroy(new DynamoReadError('TimeoutError', `no answer in ${timeoutMs} ms`, true)));
      request.on('error', (error: Error) =>
        reject(error instanceof DynamoReadError ? error : new DynamoReadError(error.name, error.message, true)),
      );
      request.end(body);
    });
  };

  /** `call`, tried again after a retryable failure, up to maxAttempts in all. */
  const callWithRetries = async (action: 'GetItem' | 'BatchGetItem', body: string) => {
    for (let tries = 1; ; tries++) {
      try {
        return await call(action, body);
      } catch (error) {
        if (!(error instanceof DynamoReadError) || !error.retryable || tries >= maxAttempts) throw error;
        await sleep(tries);
      }
    }
  };

  const wireKey = (key: TableKey) => ({ PK: { S: key.PK }, SK: { S: key.SK } });
  const keyId = (key: { PK?: unknown; SK?: unknown }) => `${String(key.PK)}\n${String(key.SK)}`;

  return {
    async get(key, readOptions = {}) {
      const body = JSON.stringify({
        TableName: options.tableName,
        Key: wireKey(key),
        ...(readOptions.consistent ? { ConsistentRead: true } : {}),
        ...projection(readOptions.attributes),
      });
      const answer = await callWithRetries('GetItem', body);
      return answer.Item ? unmarshall(answer.Item as Record<string, AttributeValue>) : undefined;
    },

    async getMany(keys, readOptions = {}) {
      const found = new Map<string, Record<string, unknown>>();
      let pending: Record<string, unknown> | undefined = {
        [options.tableName]: {
          Keys: keys.map(wireKey),
          ...(readOptions.consistent ? { ConsistentRead: true } : {}),
          ...projection(readOptions.attributes),
        },
      };
      // DynamoDB may leave some keys unprocessed (throttling); those are asked for again, with backoff.
      for (let tries = 1; pending; tries++) {
        const answer = await callWithRetries('BatchGetItem', JSON.stringify({ RequestItems: pending }));
        const items = ((answer.Responses as Record<string, unknown[]> | undefined)?.[options.tableName] ?? []) as Array<
          Record<string, AttributeValue>
        >;
        for (const wire of items) {
          const item = unmarshall(wire);
          found.set(keyId(item), item);
        }
        const unprocessed = answer.UnprocessedKeys as Record<string, unknown> | undefined;
        pending = unprocessed && Object.keys(unprocessed).length > 0 ? unprocessed : undefined;
        if (pending && tries >= maxAttempts) {
          throw new DynamoReadError('UnprocessedKeys', `keys still unprocessed after ${tries} attempts`, true);
        }
        if (pending) await sleep(tries);
      }
      return keys.map((key) => found.get(keyId(key)));
    },
  };
}

/**
 * The discovery path's reader for this configuration: DynamoDB Local's endpoint with placeholder
 * credentials; in AWS, the credentials in the environment (always there on Lambda), or else those of
 * the SDK's own provider chain (a profile or SSO on a developer's machine), loaded on first use.
 */
export function createItemReader(
  config: { tableName: string; region: string; dynamoEndpoint: string | undefined },
  environmentCredentials: () => AwsCredentials | undefined = awsCredentialsFromEnv,
  limits: Pick<SignedReaderOptions, 'maxAttempts' | 'timeoutMs' | 'backoffMs'> = {},
): ItemReader {
  const signed = (credentials: SignedReaderOptions['credentials']) =>
    signedItemReader({
      tableName: config.tableName,
      region: config.region,
      endpoint: config.dynamoEndpoint,
      credentials,
      ...limits,
    });
  if (config.dynamoEndpoint) return signed(() => LOCAL_DYNAMO_CREDENTIALS);
  if (environmentCredentials()) {
    return signed(() => {
      const credentials = environmentCredentials();
      if (!credentials) throw new DynamoReadError('CredentialsError', 'AWS credentials left the environment', false);
      return credentials;
    });
  }
  // The chain caches what it finds and refreshes it before it expires.
  return signed(
    lazyFunction(async () => {
      const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
      return defaultProvider();
    }),
  );
}
