import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchGetCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { DynamoReadError, type ItemReader, signedItemReader } from '../src/store/item-reader.ts';
import { connectDynamo, type DynamoConnection, ensureTable } from '../src/store/table.ts';

/** The same reads made with the AWS SDK's document client, to compare with. */
function sdkReads(dynamo: DynamoConnection): ItemReader {
  const id = (key: Record<string, unknown>) => `${String(key.PK)}/${String(key.SK)}`;
  return {
    async get(key, options = {}) {
      return (
        await dynamo.doc.send(new GetCommand({ TableName: dynamo.tableName, Key: key, ConsistentRead: options.consistent }))
      ).Item;
    },
    async getMany(keys, options = {}) {
      const result = await dynamo.doc.send(
        new BatchGetCommand({ RequestItems: { [dynamo.tableName]: { Keys: [...keys], ConsistentRead: options.consistent } } }),
      );
      const found = new Map((result.Responses?.[dynamo.tableName] ?? []).map((item) => [id(item), item]));
      return keys.map((key) => found.get(id({ ...key })));
    },
  };
}

/** A table of its own in the suite's DynamoDB Local, with a few items, read by both readers. */
async function seededTable() {
  const dynamo = connectDynamo({
    tableName: `reader-${Date.now()}-${Math.random()}`,
    region: 'us-east-1',
    endpoint: inject('dynamoEndpoint'),
  });
  await ensureTable(dynamo);
  const items = [
    { PK: 'DOMAIN#acme.example.com', SK: 'DOMAIN', tenantId: 't1', connectionId: 'c1', verified: true },
    { PK: 'TENANT#t1', SK: 'META', id: 't1', name: 'Acme', status: 'active', version: 3 },
    {
      PK: 'TENANT#t1',
      SK: 'CONN#c1',
      providerName: 'gh-acme',
      activeRevision: 2,
      suspended: false,
      tags: ['a', 'b'],
      nested: { n: 1 },
    },
  ];
  for (const item of items) await dynamo.doc.send(new PutCommand({ TableName: dynamo.tableName, Item: item }));
  const signed = signedItemReader({
    tableName: dynamo.tableName,
    region: 'us-east-1',
    endpoint: inject('dynamoEndpoint'),
    credentials: () => ({ accessKeyId: 'local', secretAccessKey: 'local' }),
  });
  return { dynamo, items, signed, sdk: sdkReads(dynamo) };
}

/** A stand-in DynamoDB endpoint that answers each request from a script, and records what it received. */
async function scriptedEndpoint(answers: Array<{ status: number; body: unknown } | 'hang'>) {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers[Math.min(received.length - 1, answers.length - 1)];
      if (answer === 'hang' || answer === undefined) return;
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  server.on('connection', (socket) => stops.push(async () => void socket.destroy()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const reader = (options: { timeoutMs?: number; sessionToken?: string } = {}) =>
    signedItemReader({
      tableName: 'gatehouse',
      region: 'eu-west-1',
      endpoint,
      credentials: () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example', sessionToken: options.sessionToken }),
      backoffMs: 1,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  return { received, reader };
}

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

const throttled = {
  status: 400,
  body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' },
};

async function readBoth(readers: ItemReader[], read: (reader: ItemReader) => Promise<unknown>) {
  return Promise.all(readers.map(read));
}

describe('The discovery path item reader', () => {
  it('reads exactly what the AWS SDK reads from DynamoDB Local, one item or many in key order', async () => {
    const { items, signed, sdk } = await seededTable();
    const [owner, tenant, connection] = items;
    const readers = [signed, sdk];
    for (const consistent of [false, true]) {
      const [bySigned, bySdk] = await readBoth(readers, (r) =>
        r.get({ PK: 'DOMAIN#acme.example.com', SK: 'DOMAIN' }, { consistent }),
      );
      expect(bySigned).toEqual(owner);
      expect(bySdk).toEqual(owner);
    }
    const [missingSigned, missingSdk] = await readBoth(readers, (r) => r.get({ PK: 'DOMAIN#nobody.example.com', SK: 'DOMAIN' }));
    expect(missingSigned).toBeUndefined();
    expect(missingSdk).toBeUndefined();
    const keys = [
      { PK: 'TENANT#t1', SK: 'CONN#c1' },
      { PK: 'TENANT#t9', SK: 'META' },
      { PK: 'TENANT#t1', SK: 'META' },
    ];
    const [manySigned, manySdk] = await readBoth(readers, (r) => r.getMany(keys, { consistent: true }));
    expect(manySigned).toEqual([connection, undefined, tenant]);
    expect(manySdk).toEqual(manySigned);
  });

  it('signs each request as the AWS SDK signer would (Signature Version 4, session token included)', async () => {
    const { received, reader } = await scriptedEndpoint([{ status: 200, body: {} }]);
    await reader({ sessionToken: 'session-token-example' }).get({ PK: 'TENANT#t1', SK: 'META' });
    const [request] = received;
    if (!request) throw new Error('no request arrived');
    expect(request.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(request.headers['x-amz-security-token']).toBe('session-token-example');
    expect(JSON.parse(request.body)).toEqual({ TableName: 'gatehouse', Key: { PK: { S: 'TENANT#t1' }, SK: { S: 'META' } } });

    type Data = string | ArrayBuffer | ArrayBufferView;
    const bytes = (data: Data) =>
      typeof data === 'string'
        ? Buffer.from(data)
        : ArrayBuffer.isView(data)
          ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
          : Buffer.from(data);
    class Sha256 {
      private readonly hash;
      constructor(secret?: Data) {
        this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
      }
      update(data: Data) {
        this.hash.update(bytes(data));
      }
      async digest() {
        return new Uint8Array(this.hash.digest());
      }
      reset() {}
    }
    const signer = new SignatureV4({
      service: 'dynamodb',
      region: 'eu-west-1',
      sha256: Sha256,
      applyChecksum: false,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example', sessionToken: 'session-token-example' },
    });
    const { authorization, connection: _connection, ...sent } = request.headers as Record<string, string>;
    const amzDate = sent['x-amz-date'] ?? '';
    const signingDate = new Date(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
    );
    const [hostname, port] = (sent.host ?? '').split(':');
    const expected = await signer.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: hostname ?? '',
        port: Number(port),
        path: '/',
        query: {},
        headers: sent,
        body: request.body,
      },
      { signingDate },
    );
    expect(authorization).toBe(expected.headers.authorization);
  });

  it('retries throttling and server errors with backoff, then answers', async () => {
    const item = { PK: { S: 'TENANT#t1' }, SK: { S: 'META' }, name: { S: 'Acme' } };
    const { received, reader } = await scriptedEndpoint([
      throttled,
      { status: 500, body: { message: 'oops' } },
      { status: 200, body: { Item: item } },
    ]);
    expect(await reader().get({ PK: 'TENANT#t1', SK: 'META' })).toEqual({ PK: 'TENANT#t1', SK: 'META', name: 'Acme' });
    expect(received).toHaveLength(3);
  });

  it('gives up after three attempts with the DynamoDB error type, and never retries a refusal', async () => {
    const busy = await scriptedEndpoint([throttled]);
    const error = await busy
      .reader()
      .get({ PK: 'x', SK: 'y' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamoReadError);
    expect((error as DynamoReadError).type).toBe('ProvisionedThroughputExceededException');
    expect(busy.received).toHaveLength(3);

    const refused = await scriptedEndpoint([
      { status: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', message: 'bad key' } },
    ]);
    const refusal = await refused
      .reader()
      .get({ PK: 'x', SK: 'y' })
      .catch((e: unknown) => e);
    expect((refusal as DynamoReadError).type).toBe('ValidationException');
    expect(refused.received).toHaveLength(1);
  });

  it('stops waiting for an endpoint that does not answer', async () => {
    const { received, reader } = await scriptedEndpoint(['hang']);
    const error = await reader({ timeoutMs: 100 })
      .get({ PK: 'x', SK: 'y' })
      .catch((e: unknown) => e);
    expect((error as DynamoReadError).type).toBe('TimeoutError');
    expect(received).toHaveLength(3);
  });

  it('asks again for keys a batch read left unprocessed', async () => {
    const tenant = { PK: { S: 'TENANT#t1' }, SK: { S: 'META' }, id: { S: 't1' } };
    const connection = { PK: { S: 'TENANT#t1' }, SK: { S: 'CONN#c1' }, id: { S: 'c1' } };
    const { received, reader } = await scriptedEndpoint([
      {
        status: 200,
        body: {
          Responses: { gatehouse: [tenant] },
          UnprocessedKeys: { gatehouse: { Keys: [{ PK: connection.PK, SK: connection.SK }] } },
        },
      },
      { status: 200, body: { Responses: { gatehouse: [connection] }, UnprocessedKeys: {} } },
    ]);
    const found = await reader().getMany([
      { PK: 'TENANT#t1', SK: 'CONN#c1' },
      { PK: 'TENANT#t1', SK: 'META' },
    ]);
    expect(found).toEqual([
      { PK: 'TENANT#t1', SK: 'CONN#c1', id: 'c1' },
      { PK: 'TENANT#t1', SK: 'META', id: 't1' },
    ]);
    expect(JSON.parse(received[1]?.body ?? '{}')).toEqual({
      RequestItems: { gatehouse: { Keys: [{ PK: connection.PK, SK: connection.SK }] } },
    });
  });
});
