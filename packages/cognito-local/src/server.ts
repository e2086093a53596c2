import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { runOperation } from './control/index.ts';
import type { Engine } from './engine.ts';
import { CognitoError } from './errors.ts';
import { FAULT_EXCEPTIONS, type FaultSpec, type Faults } from './faults.ts';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const JSON_11 = 'application/x-amz-json-1.1';
const MAX_CONTROL_BODY = 2 * 1024 * 1024;

function awsJson(body: unknown, status: number, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': JSON_11, 'x-amzn-requestid': randomUUID(), ...extra },
  });
}

function awsError(error: CognitoError): Response {
  return awsJson({ __type: error.type, message: error.message }, error.status, { 'x-amzn-errortype': error.type });
}

/** The region of the SigV4 credential scope (`Credential=<key>/<date>/<region>/cognito-idp/aws4_request`). */
function regionOf(authorization: string): string | null {
  const match = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/cognito-idp\/aws4_request/.exec(authorization);
  return match?.[1] ?? null;
}

/**
 * Operations an app calls without AWS credentials: the API reference marks them "Authorization: none" (no
 * IAM policy applies, the request is not signed), and the AWS SDK sends them unsigned.
 */
const PUBLIC_OPERATIONS = new Set(['SignUp', 'InitiateAuth', 'RespondToAuthChallenge']);

/** The control plane: AWS JSON 1.1 on `POST /`, and the fault admin endpoint for other processes. */
export function controlPlane(engine: Engine, faults: Faults): Hono {
  const app = new Hono();

  app.post('/', async (c) => {
    const target = c.req.header('x-amz-target') ?? '';
    if (!target.startsWith(TARGET_PREFIX)) {
      return awsError(new CognitoError('UnknownOperationException', 'Unknown operation'));
    }
    const operation = target.slice(TARGET_PREFIX.length);
    // SigV4 is required but not verified: any credentials sign a valid request here.
    const authorization = c.req.header('authorization') ?? '';
    let region = '';
    if (!PUBLIC_OPERATIONS.has(operation) || authorization) {
      if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) {
        return awsError(new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token'));
      }
      const signed = regionOf(authorization);
      if (!signed)
        return awsError(new CognitoError('NotAuthorizedException', 'The security token included in the request is invalid.'));
      region = signed;
    }
    const text = await c.req.text();
    if (text.length > MAX_CONTROL_BODY) return awsError(new CognitoError('SerializationException', 'Request body too large'));
    let input: unknown;
    try {
      input = text ? JSON.parse(text) : {};
    } catch {
      return awsError(new CognitoError('SerializationException', 'Start of structure or map found where not expected.'));
    }
    try {
      const output = await runOperation(engine, faults, operation, input, region);
      return awsJson(output, 200);
    } catch (error) {
      if (error instanceof CognitoError) return awsError(error);
      console.error(error);
      return awsError(new CognitoError('InternalErrorException', 'Internal server error.'));
    }
  });

  // Fault admin endpoint: POST {operation, exception, count?, message?} queues a fault; GET lists the
  // pending ones; DELETE clears them.
  app.get('/_local/faults', (c) => c.json({ pending: faults.list(), raised: faults.raised }));
  app.delete('/_local/faults', (c) => {
    faults.clear();
    return c.body(null, 204);
  });
  app.post('/_local/faults', async (c) => {
    const body = (await c.req.json().catch(() => null)) as Partial<FaultSpec> | null;
    if (
      !body ||
      typeof body.operation !== 'string' ||
      typeof body.exception !== 'string' ||
      !(FAULT_EXCEPTIONS as readonly string[]).includes(body.exception) ||
      (body.count !== undefined && (!Number.isInteger(body.count) || body.count < 1))
    ) {
      return c.json(
        { error: `Send {"operation", "exception": one of ${FAULT_EXCEPTIONS.join(', ')}, "count"?, "message"?}` },
        400,
      );
    }
    try {
      faults.add(body as FaultSpec);
    } catch (error) {
      return c.json({ error: (error as Error).message }, 400);
    }
    return c.json({ pending: faults.list() }, 201);
  });

  return app;
}
