import { InternalServerError } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { DynamoConnectionStore } from '../src/store/connection-store.ts';
import { connectDynamo } from '../src/store/table.ts';
import type { Harness } from './harness.ts';

/**
 * Fault injection for DynamoDB, as cognito-local's faults do for Cognito: a real SDK client to the
 * harness's table in DynamoDB Local, whose requests matching `matches` fail `count` times with the
 * service's own InternalServerError before they are sent. Nothing else about the SDK changes.
 */
export function dynamoFaults(h: Harness, fault: { matches: (input: unknown) => boolean; count: number }) {
  const connection = connectDynamo({
    tableName: h.deps.config.tableName,
    region: 'us-east-1',
    endpoint: inject('dynamoEndpoint'),
  });
  let remaining = fault.count;
  const state = { raised: 0 };
  connection.client.middlewareStack.add(
    (next) => async (args) => {
      if (remaining > 0 && fault.matches(args.input)) {
        remaining--;
        state.raised++;
        throw new InternalServerError({ message: 'Injected fault: internal server error', $metadata: { httpStatusCode: 500 } });
      }
      return next(args);
    },
    { step: 'initialize', name: 'injectedFault' },
  );
  return { connections: new DynamoConnectionStore(connection), state };
}

/** Whether a request writes a revision marked superseded, marshalled or not. */
export const writesSupersededRevision = (input: unknown) => JSON.stringify(input).includes('"superseded"');
