import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_LIVE_DOMAIN, seedDemoLiveConnection } from '../src/local/demo-connection.ts';
import { type LocalStack, startLocalStack } from '../src/local/stack.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-stack-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function discover(stack: LocalStack, email: string) {
  const response = await fetch(`${stack.portalUrl}/v1/discovery`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

async function liveMetadataUrl(stack: LocalStack) {
  // DescribeIdentityProvider in the local Cognito, through the portal's own gateway.
  return (await stack.deps.cognito.describeIdentityProvider(stack.demoLive.providerName))?.details.MetadataURL;
}

describe('gatehouse local: the live demo tenant', () => {
  it('answers discovery for the demo domain out of the box, and again after a restart on the same data', async () => {
    const first = await startLocalStack({ dataDir, port: 0, logLevel: 'silent' });
    let connectionId: string;
    try {
      expect(first.demoLive.domain).toBe(DEMO_LIVE_DOMAIN);
      expect(await discover(first, `someone@${DEMO_LIVE_DOMAIN}`)).toEqual({
        providerName: first.demoLive.providerName,
        idpIdentifier: DEMO_LIVE_DOMAIN,
      });
      expect(await discover(first, 'someone@elsewhere.example.com')).toEqual({ providerName: null });
      expect(await liveMetadataUrl(first)).toBe(first.samlIdp.metadataUrl);
      connectionId = first.demoLive.connectionId;

      // Seeding again on the same run keeps everything: no new connection, no new revision.
      const before = await first.deps.connections.get(first.demoLive.tenantId, connectionId);
      const again = await seedDemoLiveConnection(first.deps, {
        metadataUrl: first.samlIdp.metadataUrl,
        setTxt: first.dns.setTxt,
      });
      expect(again).toEqual(first.demoLive);
      const after = await first.deps.connections.get(first.demoLive.tenantId, connectionId);
      expect(after?.activeRevision).toBe(before?.activeRevision);
      expect(after?.version).toBe(before?.version);
    } finally {
      await first.stop();
    }

    // The demo IdPs come back on other ports with new keys: the live connection follows them.
    const second = await startLocalStack({ dataDir, port: 0, logLevel: 'silent' });
    try {
      expect(second.demoLive.connectionId).toBe(connectionId);
      expect((await second.deps.connections.list(second.demoLive.tenantId)).length).toBe(1);
      expect(await liveMetadataUrl(second)).toBe(second.samlIdp.metadataUrl);
      expect(await discover(second, `SomeOne@${DEMO_LIVE_DOMAIN.toUpperCase()}`)).toEqual({
        providerName: second.demoLive.providerName,
        idpIdentifier: DEMO_LIVE_DOMAIN,
      });
      expect(await discover(second, 'someone@elsewhere.example.com')).toEqual({ providerName: null });
      // The wizard's demo tenant keeps its own, unverified domain flow.
      expect(await second.deps.connections.list(second.demo.tenantId)).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 180_000);
});
