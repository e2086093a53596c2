import {
  changeProviderInputSchema,
  chooseProviderInputSchema,
  connectionIdSchema,
  connectionListSchema,
  connectionViewSchema,
  poolViewSchema,
  saveMappingInputSchema,
  saveOidcInputSchema,
  saveSamlInputSchema,
  setStepInputSchema,
  versionedSchema,
} from '@gatehouse/core';
import { MAX_METADATA_FILE_CHARACTERS } from '@gatehouse/core/cognito';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../deps.ts';
import { bodyLimitOf } from '../http/edge.ts';
import { requireSetupSession } from '../http/middleware.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';
import { actorOf, audit, connectionTarget } from '../services/audit.ts';
import { saveAttributeMapping, saveOidcDetails, saveSamlDetails } from '../services/connection-details.ts';
import { chooseProvider, createConnection, recordStep, requireConnection, toConnectionView } from '../services/connections.ts';
import { startRevision, submitForReview, withdrawSubmission } from '../services/submission.ts';
import type { StoredConnection } from '../store/connection-store.ts';

const idParam = z.object({ id: connectionIdSchema });

/**
 * The largest body of a SAML details save (400 KB): room for a metadata file at Cognito's limit however
 * it is written (an XML character takes at most 3 bytes in UTF-8, and JSON escapes only quotes,
 * backslashes and line breaks, in 2), and for the other fields. Well below the API's 1 MB, so an upload
 * Cognito could never take is refused from its length before it is read, let alone parsed.
 */
export const SAML_DETAILS_MAX_BODY_BYTES = 3 * MAX_METADATA_FILE_CHARACTERS + 16 * 1024;

/**
 * /v1/setup/connections: an IT admin's connections. The tenant is always the session's; a connection
 * id of another tenant is simply not found ("Tenancy, sessions and the browser" in docs/security.md).
 */
export function setupConnectionRoutes(deps: AppDeps) {
  const router = newRouter();
  // Before the session check, so an oversized upload costs a header read and nothing more.
  router.use('/:id/saml', bodyLimitOf(SAML_DETAILS_MAX_BODY_BYTES));
  router.use('*', requireSetupSession(deps));
  // The view counts the connection's domains: each answer reads them, so progress is never stale.
  const view = async (c: StoredConnection) =>
    toConnectionView(c, deps.config, await deps.domains.listForConnection(c.tenantId, c.id));

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['setup'],
      summary: 'The tenant’s connections',
      responses: {
        200: { description: 'Connections', ...json(connectionListSchema) },
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const tenantId = c.var.setup.tenant.id;
      const [connections, claims] = await Promise.all([deps.connections.list(tenantId), deps.domains.listForTenant(tenantId)]);
      return c.json({ connections: connections.map((connection) => toConnectionView(connection, deps.config, claims)) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['setup'],
      summary: 'Start a connection with the chosen identity provider',
      request: { body: { required: true, ...json(chooseProviderInputSchema) } },
      responses: { 201: { description: 'Created', ...json(connectionViewSchema) }, ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const connection = await createConnection(deps.connections, c.var.setup.tenant.id, c.req.valid('json'), deps.now());
      c.var.log.info('connection created', {
        connectionId: connection.id,
        vendor: connection.vendor,
        protocol: connection.protocol,
      });
      await audit(deps, actorOf(c), {
        tenantId: connection.tenantId,
        action: 'connection.created',
        target: connectionTarget(connection),
        summary: `Started a ${connection.protocol.toUpperCase()} connection with ${connection.vendor}.`,
      });
      return c.json(await view(connection), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags: ['setup'],
      summary: 'One connection, with the values to register at the IdP',
      request: { params: idParam },
      responses: { 200: { description: 'The connection', ...json(connectionViewSchema) }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const connection = requireConnection(await deps.connections.get(c.var.setup.tenant.id, c.req.valid('param').id));
      return c.json(await view(connection), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/{id}/provider',
      tags: ['setup'],
      summary: 'Change the identity provider or protocol of a draft',
      request: { params: idParam, body: { required: true, ...json(changeProviderInputSchema) } },
      responses: { 200: { description: 'Saved', ...json(connectionViewSchema) }, ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const connection = requireConnection(await deps.connections.get(c.var.setup.tenant.id, c.req.valid('param').id));
      const saved = await chooseProvider(deps.connections, connection, c.req.valid('json'), deps.now());
      await audit(deps, actorOf(c), {
        tenantId: saved.tenantId,
        action: 'connection.provider-changed',
        target: connectionTarget(saved),
        summary: `Changed the identity provider to ${saved.vendor} (${saved.protocol.toUpperCase()}).`,
        before: { vendor: connection.vendor, protocol: connection.protocol },
        after: { vendor: saved.vendor, protocol: saved.protocol },
      });
      return c.json(await view(saved), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/{id}/step',
      tags: ['setup'],
      summary: 'Record the wizard step the admin is on, so a reload resumes there',
      request: { params: idParam, body: { required: true, ...json(setStepInputSchema) } },
      responses: { 200: { description: 'Recorded', ...json(connectionViewSchema) }, ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const connection = requireConnection(await deps.connections.get(c.var.setup.tenant.id, c.req.valid('param').id));
      return c.json(await view(await recordStep(deps.connections, connection, c.req.valid('json').step)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/{id}/saml',
      tags: ['setup'],
      summary: 'Save SAML metadata (file or URL); refused with every finding when any is an error',
      request: { params: idParam, body: { required: true, ...json(saveSamlInputSchema) } },
      responses: {
        200: { description: 'Saved', ...json(connectionViewSchema) },
        ...errorResponses(400, 401, 403, 404, 409, 413),
      },
    }),
    async (c) => {
      const connection = requireConnection(await deps.connections.get(c.var.setup.tenant.id, c.req.valid('param').id));
      const saved = await saveSamlDetails(deps, connection, c.req.valid('json'));
      c.var.log.info('saml details saved', { connectionId: saved.id, source: saved.draft?.saml?.metadataSource });
      await auditSettings(c, connection, saved, 'connection.saml-saved', 'Saved the SAML metadata.');
      return c.json(await view(saved), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/{id}/oidc',
      tags: ['setup'],
      summary: 'Save OIDC settings; the client secret is write-only and goes to Cognito alone',
      request: { params: idParam, body: { required: true, ...json(saveOidcInputSchema) } },
      responses: { 200: { description: 'Saved', ...json(connectionViewSchema) }, ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const connection = requireConnection(await deps.connections.get(c.var.setup.tenant.id, c.req.valid('param').id));
      const saved = await saveOidcDetails(deps, connection, c.req.valid('json'));
      c.var.log.info('oidc details saved', { connectionId: saved.id });
      await auditSettings(c, connection, saved, 'connection.oidc-saved', 'Saved the OIDC settings.');
      return c.json(await view(saved), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/{id}/mapping',
      tags: ['setup'],
      summary: 'Save the attribute mapping after checking it against the user pool’s schema',
      request: { params: idParam, body: { required: true, ...json(saveMappingInputSchema) } },
      responses: { 200: { description: 'Saved', ...json(connectionViewSchema) }, ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const connection = requireConnection(await deps.connections.get(c.var.setup.tenant.id, c.req.valid('param').id));
      const saved = await saveAttributeMapping(deps, connection, c.req.valid('json'));
      await auditSettings(c, connection, saved, 'connection.mapping-saved', 'Saved the attribute mapping.');
      return c.json(await view(saved), 200);
    },
  );

  const lifecycle = [
    ['submit', 'Submit the draft for the operator’s review (needs a passing test login since the last change)', submitForReview],
    ['withdraw', 'Take a submitted draft back to edit it', withdrawSubmission],
    ['revisions', 'Start a new revision of an active connection; the active one keeps serving', startRevision],
  ] as const;
  for (const [action, summary, run] of lifecycle) {
    router.openapi(
      createRoute({
        method: 'post',
        path: `/{id}/${action}`,
        tags: ['setup'],
        summary,
        request: { params: idParam, body: { required: true, ...json(versionedSchema) } },
        responses: { 200: { description: 'Done', ...json(connectionViewSchema) }, ...errorResponses(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const connection = requireConnection(await deps.connections.get(c.var.setup.tenant.id, c.req.valid('param').id));
        const saved = await run(deps, connection, c.req.valid('json').version);
        c.var.log.info(`connection ${action}`, { connectionId: saved.id, revision: saved.draftRevision });
        await audit(deps, actorOf(c), {
          tenantId: saved.tenantId,
          action: `connection.${action === 'revisions' ? 'revision-started' : action === 'submit' ? 'submitted' : 'withdrawn'}`,
          target: connectionTarget(saved, action === 'withdraw' ? connection.draftRevision : saved.draftRevision),
          summary:
            action === 'submit'
              ? `Submitted revision ${saved.draftRevision} for review.`
              : action === 'withdraw'
                ? `Withdrew revision ${connection.draftRevision} from review to edit it.`
                : 'Started a new revision; the active one keeps serving.',
        });
        return c.json(await view(saved), 200);
      },
    );
  }

  /** Records a settings save with what changed: the draft's settings before and after (secrets redacted). */
  async function auditSettings(
    c: Context<AppEnv>,
    before: StoredConnection,
    after: StoredConnection,
    action: 'connection.saml-saved' | 'connection.oidc-saved' | 'connection.mapping-saved',
    summary: string,
  ): Promise<void> {
    const settingsOf = (connection: StoredConnection) => {
      const draft = connection.draft;
      if (!draft) return null;
      const { metadataXml: _xml, ...saml } = draft.saml ?? {};
      return { saml: draft.saml ? saml : undefined, oidc: draft.oidc, attributeMapping: draft.attributeMapping };
    };
    await audit(deps, actorOf(c), {
      tenantId: after.tenantId,
      action,
      target: connectionTarget(after),
      summary,
      before: settingsOf(before),
      after: settingsOf(after),
    });
  }

  return router;
}

/** /v1/setup/pool: the user pool's attributes (for the mapping editor) and SAML signing certificate. */
export function setupPoolRoutes(deps: AppDeps) {
  const router = newRouter();
  // Before the session check, so an oversized upload costs a header read and nothing more.
  router.use('/:id/saml', bodyLimitOf(SAML_DETAILS_MAX_BODY_BYTES));
  router.use('*', requireSetupSession(deps));
  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['setup'],
      summary: 'The user pool’s attributes and its SAML request-signing certificate',
      responses: { 200: { description: 'The pool', ...json(poolViewSchema) }, ...errorResponses(401) },
    }),
    async (c) => {
      const [attributes, signingCertificate] = await Promise.all([deps.cognito.poolSchema(), deps.cognito.signingCertificate()]);
      return c.json({ attributes, signingCertificate }, 200);
    },
  );
  return router;
}
