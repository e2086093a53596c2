import { describe, expect, it } from 'vitest';
import { recordTest, savedDraft } from './flows.ts';
import { adminOf, createHarness, useTestDns } from './harness.ts';

const testDns = useTestDns();

describe('wizard progress in the connection view', () => {
  it('starts with only the provider done and the register step next', async () => {
    const h = await createHarness();
    const admin = await adminOf(h, 'Acme');
    const created = await (await admin.send('POST', '/connections', { vendor: 'okta', protocol: 'saml' })).json();
    expect(created.domains).toEqual({ verified: 0, failed: 0 });
    expect(created.progress).toEqual({
      steps: {
        provider: 'done',
        register: 'todo',
        details: 'todo',
        mapping: 'todo',
        domains: 'todo',
        test: 'todo',
        submit: 'todo',
      },
      done: 1,
      total: 7,
      next: 'register',
    });
  });

  it('follows saved details, domains and test logins, and the list shows the same as the connection', async () => {
    const h = await createHarness({ allowPrivateNetwork: true, ...testDns.config() }, { cognito: true });
    const { admin, connection } = await savedDraft(h);
    expect(connection.progress).toMatchObject({
      steps: { register: 'done', details: 'done', mapping: 'done', domains: 'todo', test: 'todo' },
      done: 4,
      next: 'domains',
    });

    // A domain whose check failed needs the admin; once verified the step is done.
    const claim = await (
      await admin.send('POST', '/domains', { domain: 'acme-progress.example.com', connectionId: connection.id })
    ).json();
    await admin.send('POST', '/domains/acme-progress.example.com/verify');
    const afterFailure = await (await admin.get(`/connections/${connection.id}`)).json();
    expect(afterFailure.domains).toEqual({ verified: 0, failed: 1 });
    expect(afterFailure.progress).toMatchObject({ steps: { domains: 'needs-attention' }, next: 'domains' });
    const listed = (await (await admin.get('/connections')).json()).connections;
    expect(listed[0].progress).toEqual(afterFailure.progress);

    h.clock.advance(10_000);
    testDns.server.setTxt(claim.record.name, [claim.record.value]);
    await admin.send('POST', '/domains/acme-progress.example.com/verify');
    const verified = await (await admin.get(`/connections/${connection.id}`)).json();
    expect(verified.domains).toEqual({ verified: 1, failed: 0 });
    expect(verified.progress).toMatchObject({ steps: { domains: 'done' }, done: 5, next: 'test' });

    // A failed test login needs attention; a passing one is done, until an edit makes it stale.
    await recordTest(h, admin.tenant.id, connection.id, false);
    const failed = await (await admin.get(`/connections/${connection.id}`)).json();
    expect(failed.progress).toMatchObject({ steps: { test: 'needs-attention' }, next: 'test' });
    await recordTest(h, admin.tenant.id, connection.id, true);
    const passed = await (await admin.get(`/connections/${connection.id}`)).json();
    expect(passed.progress).toMatchObject({ steps: { test: 'done' }, done: 6, next: 'submit' });
    const edited = await (
      await admin.send('PUT', `/connections/${connection.id}/mapping`, {
        attributeMapping: passed.attributeMapping,
        version: passed.version,
      })
    ).json();
    expect(edited.progress).toMatchObject({ steps: { test: 'needs-attention' }, done: 5, next: 'test' });

    // Submitted after a fresh test: every step is done and nothing is next.
    const retested = await recordTest(h, admin.tenant.id, connection.id, true);
    const submitted = await (
      await admin.send('POST', `/connections/${connection.id}/submit`, { version: retested.version })
    ).json();
    expect(submitted.progress).toMatchObject({ steps: { submit: 'done' }, done: 7, next: null });
  });

  it('marks a step whose saved findings hold an error as needing attention', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const { admin, connection } = await savedDraft(h);
    // Saves refuse error findings, so only a draft stored otherwise (an older rule set) can hold one.
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    if (!stored?.draft) throw new Error('missing draft');
    const error = { code: 'METADATA_CERTIFICATE_EXPIRED', severity: 'error' as const, field: 'metadata', message: 'm', fix: 'f' };
    await h.deps.connections.save(
      { ...stored, draft: { ...stored.draft, findings: [error], mappingFindings: [error] } },
      stored.version,
    );
    const view = await (await admin.get(`/connections/${connection.id}`)).json();
    expect(view.progress).toMatchObject({
      steps: { details: 'needs-attention', mapping: 'needs-attention' },
      next: 'details',
    });
  });
});
