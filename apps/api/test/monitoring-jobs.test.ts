import { UpdateIdentityProviderCommand } from '@aws-sdk/client-cognito-identity-provider';
import { type HealthFinding, isGatehouseError, type JobRun } from '@gatehouse/core';
import { localCognitoClient } from '@gatehouse/dev-pool';
import { type SamlIdpOptions, startSamlIdp, type TestSamlIdp } from '@gatehouse/test-idps';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MONITORING_JOBS, runJob } from '../src/jobs.ts';
import { activateRevision } from '../src/services/activation.ts';
import { removeDomain } from '../src/services/domains.ts';
import { OIDC_SECRET, recordTest, submittedConnection } from './flows.ts';
import { adminOf, createHarness, type Harness, useTestDns } from './harness.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const testDns = useTestDns();

const harness = (overrides: Parameters<typeof createHarness>[0] = {}) =>
  createHarness({ allowPrivateNetwork: true, dns: testDns.config().dns, ...overrides }, { cognito: true });

/** A tenant with one live SAML connection whose metadata comes from a real test IdP (file or URL). */
async function liveSaml(h: Harness, options: { source: 'file' | 'url'; idp?: SamlIdpOptions; tenant?: string }) {
  const pool = h.pool;
  if (!pool) throw new Error('needs the local Cognito');
  const idp: TestSamlIdp = await startSamlIdp({
    ...options.idp,
    serviceProviders: [{ entityId: `urn:amazon:cognito:sp:${pool.userPoolId}`, acsUrl: `${pool.domainUrl}/saml2/idpresponse` }],
  });
  onTestFinished(() => idp.stop().catch(() => undefined));
  const admin = await adminOf(h, options.tenant ?? 'Acme');
  const created = await (await admin.send('POST', '/connections', { vendor: 'generic', protocol: 'saml' })).json();
  const metadata =
    options.source === 'file' ? { source: 'file', xml: idp.metadataXml() } : { source: 'url', url: idp.metadataUrl };
  const saved = await admin.send('PUT', `/connections/${created.id}/saml`, { metadata, version: 0 });
  expect(saved.status).toBe(200);
  const tested = await recordTest(h, admin.tenant.id, created.id, true);
  const submitted = await admin.send('POST', `/connections/${created.id}/submit`, { version: tested.version });
  expect(submitted.status).toBe(200);
  const stored = await h.deps.connections.get(admin.tenant.id, created.id);
  if (!stored) throw new Error('missing connection');
  const connection = await activateRevision(h.deps, stored, { version: stored.version, approvedBy: 'operator@example.com' });
  return { admin, idp, connection };
}

async function findings(h: Harness, tenantId: string, connectionId: string, job: (typeof MONITORING_JOBS)[number]) {
  return (await h.deps.monitoring.getHealth(tenantId, connectionId))?.sections[job]?.findings ?? [];
}

/** Deletes the live IdP behind Gatehouse's back (Cognito wants it off the app clients first). */
async function removeLiveIdp(h: Harness, providerName: string) {
  for (const clientId of h.deps.config.cognito.appClientIds)
    await h.deps.cognito.setProviderOnClient(clientId, providerName, false);
  await h.deps.cognito.deleteIdentityProvider(providerName);
}

const codes = (list: HealthFinding[]) => list.map((f) => f.code).sort();

async function auditActions(h: Harness, tenantId: string) {
  return (await h.deps.audit.listForTenant(tenantId, { limit: 200 })).events;
}

const warnLines = (h: Harness) =>
  h.logs.map((line) => JSON.parse(line)).filter((line) => line.level === 'warn' && line.msg === 'monitoring finding');

describe('refresh-metadata', () => {
  it('reports a signing certificate once as it crosses 30, 14 and 7 days, then once as expired', async () => {
    const h = await harness();
    const { admin, connection } = await liveSaml(h, {
      source: 'file',
      idp: { certificate: { notAfter: new Date(Date.now() + 40 * DAY_MS) } },
    });
    const run = () => runJob('refresh-metadata', h.deps);

    expect(await run()).toMatchObject({ status: 'done', checked: 1, findings: 0, newFindings: 0 });
    const expected: Array<[number, number | null, string]> = [
      [11, 30, 'warning'], // 29 days left
      [16, 14, 'warning'], // 13 days left
      [7, 7, 'error'], // 6 days left
    ];
    for (const [days, threshold, severity] of expected) {
      h.clock.advance(days * DAY_MS);
      expect(await run(), `after ${days} more days`).toMatchObject({ status: 'done', findings: 1, newFindings: 1 });
      const [finding] = await findings(h, admin.tenant.id, connection.id, 'refresh-metadata');
      expect(finding).toMatchObject({ code: 'CERTIFICATE_EXPIRING', severity, details: { threshold } });
      // The same threshold on the next run is no news.
      h.clock.advance(HOUR_MS);
      expect(await run()).toMatchObject({ findings: 1, newFindings: 0 });
    }
    h.clock.advance(7 * DAY_MS);
    expect(await run()).toMatchObject({ status: 'done', findings: 1, newFindings: 1 });
    expect(codes(await findings(h, admin.tenant.id, connection.id, 'refresh-metadata'))).toEqual(['CERTIFICATE_EXPIRED']);
    expect(await run()).toMatchObject({ newFindings: 0 });

    // Four events, each an audit entry by the job and a warn line CloudWatch can alarm on.
    const events = (await auditActions(h, admin.tenant.id)).filter((e) => e.action === 'monitoring.finding');
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.actor.type === 'system' && e.actor.id === 'job refresh-metadata')).toBe(true);
    expect(events.every((e) => e.target.connectionId === connection.id)).toBe(true);
    expect(warnLines(h).map((line) => line.code)).toEqual([
      'CERTIFICATE_EXPIRING',
      'CERTIFICATE_EXPIRING',
      'CERTIFICATE_EXPIRING',
      'CERTIFICATE_EXPIRED',
    ]);
  });

  it('re-fetches a metadata URL: flags a rotated key, an unreachable URL and a page that is no metadata', async () => {
    const h = await harness();
    const { admin, idp, connection } = await liveSaml(h, { source: 'url' });
    const run = () => runJob('refresh-metadata', h.deps);
    const open = () => findings(h, admin.tenant.id, connection.id, 'refresh-metadata');

    expect(await run()).toMatchObject({ status: 'done', checked: 1, findings: 0 });

    // The IdP rolls its key over; Cognito follows the URL, the approved revision does not.
    const before = idp.signingCertificatePem;
    await idp.rotateSigningKey();
    expect(await run()).toMatchObject({ status: 'done', newFindings: 1 });
    const [rotated] = await open();
    expect(rotated).toMatchObject({ code: 'CERTIFICATE_ROTATED', severity: 'warning' });
    expect(rotated?.details?.added).toHaveLength(1);
    expect(rotated?.details?.removed).toHaveLength(1);
    expect(idp.signingCertificatePem).not.toBe(before);

    idp.setMetadataBehaviour('not-xml');
    expect(await run()).toMatchObject({ status: 'done', newFindings: 1 });
    expect(codes(await open())).toEqual(['METADATA_INVALID']);

    idp.setMetadataBehaviour('unavailable');
    expect(await run()).toMatchObject({ status: 'done', newFindings: 1 });
    expect(await open()).toMatchObject([{ code: 'METADATA_UNREACHABLE', details: { reason: 'FETCH_HTTP_ERROR' } }]);

    // Back up: the rotation is still open, and was already reported when first seen.
    idp.setMetadataBehaviour('normal');
    const rotatedAgain = await run();
    expect(codes(await open())).toEqual(['CERTIFICATE_ROTATED']);
    expect(rotatedAgain.newFindings).toBe(1);

    await idp.stop();
    expect(await run()).toMatchObject({ status: 'done', findings: 1 });
    expect(codes(await open())).toEqual(['METADATA_UNREACHABLE']);
  });

  it('refuses to fetch a metadata URL on a private address when the portal does not allow it', async () => {
    const h = await harness();
    const { admin, connection } = await liveSaml(h, { source: 'url' });
    const strict = {
      ...h.deps,
      fetchUrl: (await import('@gatehouse/guarded-fetch')).createGuardedFetch({ allowPrivateNetwork: false }),
    };
    expect(await runJob('refresh-metadata', strict)).toMatchObject({ status: 'done', findings: 1 });
    expect(await findings(h, admin.tenant.id, connection.id, 'refresh-metadata')).toMatchObject([
      { code: 'METADATA_UNREACHABLE', details: { reason: expect.stringMatching(/^FETCH_(URL|ADDRESS)_REFUSED$/) } },
    ]);
  });
});

describe('detect-drift', () => {
  it('finds nothing on a live IdP as activation left it, then reports each field changed in Cognito', async () => {
    const h = await harness();
    const { admin, connection } = await liveSaml(h, { source: 'file' });
    const run = () => runJob('detect-drift', h.deps);
    expect(await run()).toMatchObject({ status: 'done', checked: 1, findings: 0 });

    const pool = h.pool;
    if (!pool || !h.cognitoEndpoint) throw new Error('needs the local Cognito');
    const cognito = localCognitoClient(h.cognitoEndpoint);
    await cognito.send(
      new UpdateIdentityProviderCommand({
        UserPoolId: pool.userPoolId,
        ProviderName: connection.providerName,
        AttributeMapping: { email: 'mail', family_name: 'family_name' },
      }),
    );
    expect(await run()).toMatchObject({ status: 'done', findings: 1, newFindings: 1 });
    const [drift] = await findings(h, admin.tenant.id, connection.id, 'detect-drift');
    expect(drift?.code).toBe('IDP_DRIFT');
    const fields = ((drift?.details?.differences ?? []) as Array<{ field: string }>).map((d) => d.field);
    expect(fields).toContain('AttributeMapping.email');
    expect(fields.every((field) => field.startsWith('AttributeMapping.'))).toBe(true);
    expect(await run()).toMatchObject({ findings: 1, newFindings: 0 });

    // Taken off the production app client: its users can no longer sign in there.
    await h.deps.cognito.setProviderOnClient(pool.appClientId, connection.providerName, false);
    expect(await run()).toMatchObject({ findings: 2, newFindings: 1 });
    expect(codes(await findings(h, admin.tenant.id, connection.id, 'detect-drift'))).toEqual([
      'IDP_DRIFT',
      'IDP_NOT_ON_APP_CLIENT',
    ]);

    await h.deps.cognito.deleteIdentityProvider(connection.providerName);
    expect(await run()).toMatchObject({ status: 'done', newFindings: 1 });
    expect(codes(await findings(h, admin.tenant.id, connection.id, 'detect-drift'))).toEqual(['IDP_MISSING']);
    const events = (await auditActions(h, admin.tenant.id)).filter((e) => e.action === 'monitoring.finding');
    expect(events.map((e) => (e.after as { code: string }).code).sort()).toEqual([
      'IDP_DRIFT',
      'IDP_MISSING',
      'IDP_NOT_ON_APP_CLIENT',
    ]);
  });

  it('ignores the OIDC secret and the details Cognito adds, and never stores or logs the secret', async () => {
    const h = await harness();
    const { admin, connection } = await submittedConnection(h, 'oidc');
    await activateRevision(h.deps, connection, { version: connection.version, approvedBy: 'op' });
    expect(await runJob('detect-drift', h.deps)).toMatchObject({ status: 'done', checked: 1, findings: 0 });

    const pool = h.pool;
    if (!pool || !h.cognitoEndpoint) throw new Error('needs the local Cognito');
    const live = await h.deps.cognito.describeIdentityProvider(connection.providerName);
    const { attributes_url_add_attributes: _added, ...details } = live?.details ?? {};
    await localCognitoClient(h.cognitoEndpoint).send(
      new UpdateIdentityProviderCommand({
        UserPoolId: pool.userPoolId,
        ProviderName: connection.providerName,
        ProviderDetails: { ...details, client_secret: 'rotated-secret-value-0002', authorize_scopes: 'openid' },
      }),
    );
    expect(await runJob('detect-drift', h.deps)).toMatchObject({ findings: 1 });
    const [drift] = await findings(h, admin.tenant.id, connection.id, 'detect-drift');
    expect(((drift?.details?.differences ?? []) as Array<{ field: string }>).map((d) => d.field)).toEqual([
      'ProviderDetails.authorize_scopes',
    ]);
    const stored = await h.tableDump();
    expect(stored).not.toContain(OIDC_SECRET);
    expect(stored).not.toContain('rotated-secret-value-0002');
    expect(h.logs.join('\n')).not.toContain('rotated-secret-value-0002');
  });

  it('fails (so the alarm fires) when Cognito cannot be read, records the failed run and keeps the last result', async () => {
    const h = await harness();
    const { admin, connection } = await liveSaml(h, { source: 'file' });
    await removeLiveIdp(h, connection.providerName);
    await runJob('detect-drift', h.deps);
    h.cognitoFaults?.add({ operation: 'DescribeIdentityProvider', exception: 'InternalErrorException', count: 20 });

    const error = await runJob('detect-drift', h.deps).catch((e: unknown) => e);
    expect(isGatehouseError(error) && error.code).toBe('INTERNAL');
    expect(h.cognitoFaults?.raised.some((f) => f.operation === 'DescribeIdentityProvider')).toBe(true);
    expect(await h.deps.monitoring.lastRun('detect-drift')).toMatchObject({ status: 'failed', errors: 1 });
    expect(codes(await findings(h, admin.tenant.id, connection.id, 'detect-drift'))).toEqual(['IDP_MISSING']);
    h.cognitoFaults?.clear();
    expect(await runJob('detect-drift', h.deps)).toMatchObject({ status: 'done' });
  });

  it('does not expect a suspended connection on the app clients', async () => {
    const h = await harness();
    const { admin, connection } = await liveSaml(h, { source: 'file' });
    const pool = h.pool;
    if (!pool) throw new Error('needs the local Cognito');
    await h.deps.cognito.setProviderOnClient(pool.appClientId, connection.providerName, false);
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    if (!stored) throw new Error('missing');
    await h.deps.connections.save({ ...stored, suspended: true }, stored.version);
    expect(await runJob('detect-drift', h.deps)).toMatchObject({ status: 'done', checked: 1, findings: 0 });
  });

  it('drops the result of a connection that is no longer live', async () => {
    const h = await harness();
    const { admin, connection } = await liveSaml(h, { source: 'file' });
    await removeLiveIdp(h, connection.providerName);
    await runJob('detect-drift', h.deps);
    expect(await findings(h, admin.tenant.id, connection.id, 'detect-drift')).toHaveLength(1);
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    if (!stored) throw new Error('missing');
    await h.deps.connections.save({ ...stored, activeRevision: null }, stored.version);
    expect(await runJob('detect-drift', h.deps)).toMatchObject({ checked: 0, findings: 0 });
    expect((await h.deps.monitoring.getHealth(admin.tenant.id, connection.id))?.sections['detect-drift']).toBeUndefined();
  });
});

describe('verify-domains', () => {
  async function verifiedDomain(h: Harness, domain: string) {
    const { admin, connection } = await liveSaml(h, { source: 'file' });
    const claim = await (await admin.send('POST', '/domains', { domain, connectionId: connection.id })).json();
    testDns.server.setTxt(claim.record.name, [claim.record.value]);
    expect((await (await admin.send('POST', `/domains/${domain}/verify`)).json()).status).toBe('verified');
    // Activation ran before the domain was verified: put it on the live IdP as promotion would.
    await h.deps.cognito.setIdpIdentifiers(connection.providerName, [domain]);
    return { admin, connection, record: claim.record as { name: string; value: string } };
  }

  const discover = async (h: Harness, email: string) =>
    (await (await h.request('/v1/discovery', { json: { email } })).json()).providerName;

  it('withdraws routing only after the grace period: the claim, discovery and the IdP’s identifiers', async () => {
    const h = await harness({ discovery: { perMinute: 1000, cacheSeconds: 0 } });
    const domain = 'monitor-gone.example.com';
    const { admin, connection, record } = await verifiedDomain(h, domain);
    const run = () => runJob('verify-domains', h.deps);
    expect(await run()).toMatchObject({ status: 'done', checked: 1, findings: 0 });

    testDns.server.removeTxt(record.name);
    const missingSince = h.clock.now.toISOString();
    expect(await run()).toMatchObject({ status: 'done', newFindings: 1 });
    expect(await findings(h, admin.tenant.id, connection.id, 'verify-domains')).toMatchObject([
      { code: 'DOMAIN_RECORD_MISSING', severity: 'warning', details: { domain, failingSince: missingSince } },
    ]);
    expect(await h.deps.domains.get(admin.tenant.id, domain)).toMatchObject({ status: 'verified', failingSince: missingSince });
    expect(await discover(h, `jane@${domain}`)).toBe(connection.providerName);

    h.clock.advance(71 * HOUR_MS);
    expect(await run()).toMatchObject({ newFindings: 0 });
    expect((await h.deps.cognito.describeIdentityProvider(connection.providerName))?.idpIdentifiers).toEqual([domain]);

    h.clock.advance(2 * HOUR_MS);
    expect(await run()).toMatchObject({ status: 'done', newFindings: 1 });
    expect(await h.deps.domains.get(admin.tenant.id, domain)).toMatchObject({
      status: 'failed',
      failure: { reason: 'record_not_found' },
    });
    expect(await h.deps.domains.routeOf(domain)).toBeNull();
    expect(await discover(h, `jane@${domain}`)).toBeNull();
    expect((await h.deps.cognito.describeIdentityProvider(connection.providerName))?.idpIdentifiers).toEqual([]);
    expect(codes(await findings(h, admin.tenant.id, connection.id, 'verify-domains'))).toEqual(['DOMAIN_WITHDRAWN']);
    const withdrawn = (await auditActions(h, admin.tenant.id)).find((e) => e.action === 'domain.withdrawn');
    expect(withdrawn).toMatchObject({ actor: { id: 'job verify-domains' }, target: { domain } });

    // The withdrawn domain stays an open finding on later runs, until it is verified again or removed.
    expect(await run()).toMatchObject({ status: 'done', findings: 1, newFindings: 0 });
    // (The admin's setup session has long expired by now: the store removes it as the wizard would.)
    const claim = await h.deps.domains.get(admin.tenant.id, domain);
    if (!claim) throw new Error('missing claim');
    await removeDomain(h.deps, claim, h.clock.now);
    expect(await run()).toMatchObject({ findings: 0 });
  });

  it('finishes a withdrawal on the next run when Cognito failed at that step', async () => {
    const h = await harness();
    h.deps.config.monitoring = { ...h.deps.config.monitoring, domainGraceMs: 0 };
    const domain = 'monitor-outage.example.com';
    const { admin, connection, record } = await verifiedDomain(h, domain);
    testDns.server.removeTxt(record.name);
    h.cognitoFaults?.add({ operation: 'UpdateIdentityProvider', exception: 'InternalErrorException', count: 20 });

    const error = await runJob('verify-domains', h.deps).catch((e: unknown) => e);
    expect(isGatehouseError(error) && error.code).toBe('INTERNAL');
    expect(await h.deps.monitoring.lastRun('verify-domains')).toMatchObject({ status: 'failed' });
    // Routing is withdrawn in Gatehouse already; Cognito still lists the domain.
    expect(await h.deps.domains.routeOf(domain)).toBeNull();
    expect((await h.deps.cognito.describeIdentityProvider(connection.providerName))?.idpIdentifiers).toEqual([domain]);

    h.cognitoFaults?.clear();
    expect(await runJob('verify-domains', h.deps)).toMatchObject({ status: 'done', findings: 1 });
    expect((await h.deps.cognito.describeIdentityProvider(connection.providerName))?.idpIdentifiers).toEqual([]);
    expect(codes(await findings(h, admin.tenant.id, connection.id, 'verify-domains'))).toEqual(['DOMAIN_WITHDRAWN']);
  });

  it('clears the failure when the record is back within the grace period', async () => {
    const h = await harness();
    const domain = 'monitor-back.example.com';
    const { admin, connection, record } = await verifiedDomain(h, domain);
    testDns.server.removeTxt(record.name);
    await runJob('verify-domains', h.deps);
    testDns.server.setTxt(record.name, [record.value]);
    h.clock.advance(10 * HOUR_MS);
    expect(await runJob('verify-domains', h.deps)).toMatchObject({ status: 'done', findings: 0 });
    const claim = await h.deps.domains.get(admin.tenant.id, domain);
    expect(claim?.status).toBe('verified');
    expect(claim?.failingSince).toBeUndefined();
    expect(await h.deps.domains.routeOf(domain)).toEqual({ tenantId: admin.tenant.id, connectionId: connection.id });
    expect((await auditActions(h, admin.tenant.id)).some((e) => e.action === 'domain.record_restored')).toBe(true);
  });

  it('takes its grace period from the configuration', async () => {
    const h = await harness();
    h.deps.config.monitoring = { ...h.deps.config.monitoring, domainGraceMs: HOUR_MS };
    const domain = 'monitor-short.example.com';
    const { admin, record } = await verifiedDomain(h, domain);
    testDns.server.removeTxt(record.name);
    await runJob('verify-domains', h.deps);
    h.clock.advance(HOUR_MS);
    await runJob('verify-domains', h.deps);
    expect((await h.deps.domains.get(admin.tenant.id, domain))?.status).toBe('failed');
  });
});

describe('runJob', () => {
  it('fails on an unknown job so the failed-job alarm fires, and stores nothing', async () => {
    const h = await harness();
    const error = await runJob('reticulate-splines', h.deps).catch((e: unknown) => e);
    expect(isGatehouseError(error) && error.code).toBe('VALIDATION_FAILED');
    expect(await h.tableDump()).toBe('[]');
  });

  it('records the last run of every job', async () => {
    const h = await harness();
    for (const job of MONITORING_JOBS) {
      const result: JobRun = await runJob(job, h.deps);
      expect(result).toMatchObject({ job, status: 'done', checked: 0, findings: 0, errors: 0 });
      expect(await h.deps.monitoring.lastRun(job)).toEqual(result);
    }
  });
});
