import { describe, expect, it } from 'vitest';
import { recordTest, savedDraft } from './flows.ts';
import { adminOf, createHarness } from './harness.ts';

describe('submitting for review', () => {
  it('needs a passing test login since the last change, and says what is missing', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const { admin, connection } = await savedDraft(h);
    expect(connection.submissionBlockers).toEqual(['TEST_LOGIN_MISSING']);

    const untested = await admin.send('POST', `/connections/${connection.id}/submit`, { version: connection.version });
    expect(untested.status).toBe(409);
    expect((await untested.json()).error).toMatchObject({
      code: 'SUBMISSION_BLOCKED',
      details: { blockers: ['TEST_LOGIN_MISSING'] },
    });

    const failed = await recordTest(h, admin.tenant.id, connection.id, false);
    const afterFailure = await admin.send('POST', `/connections/${connection.id}/submit`, { version: failed.version });
    expect((await afterFailure.json()).error.details.blockers).toEqual(['TEST_LOGIN_FAILED']);

    await recordTest(h, admin.tenant.id, connection.id, true);
    // An edit after the test makes it stale.
    const current = await (await admin.get(`/connections/${connection.id}`)).json();
    const edited = await (
      await admin.send('PUT', `/connections/${connection.id}/mapping`, {
        attributeMapping: { email: 'email' },
        version: current.version,
      })
    ).json();
    expect(edited.submissionBlockers).toEqual(['TEST_LOGIN_STALE']);
    expect(edited.lastTest).toMatchObject({ passed: true, current: false });
  });

  it('freezes the tested settings as a revision, refuses edits while in review, and can be withdrawn', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const { admin, connection } = await savedDraft(h);
    const tested = await recordTest(h, admin.tenant.id, connection.id, true);

    const submitted = await admin.send('POST', `/connections/${connection.id}/submit`, { version: tested.version });
    expect(submitted.status).toBe(200);
    const view = await submitted.json();
    expect(view).toMatchObject({ status: 'submitted', draftState: 'submitted', editable: false, draftRevision: 1 });
    expect(view.submittedAt).toBeTruthy();

    const revision = await h.deps.connections.getRevision(admin.tenant.id, connection.id, 1);
    expect(revision).toMatchObject({ state: 'submitted', revision: 1, test: { passed: true } });
    expect(revision?.settings.saml?.metadataXml).toContain('EntityDescriptor');

    const edit = await admin.send('PUT', `/connections/${connection.id}/mapping`, {
      attributeMapping: {},
      version: view.version,
    });
    expect((await edit.json()).error.code).toBe('CONNECTION_NOT_EDITABLE');

    const withdrawn = await admin.send('POST', `/connections/${connection.id}/withdraw`, { version: view.version });
    expect(await withdrawn.json()).toMatchObject({ status: 'draft', editable: true });
    expect((await h.deps.connections.getRevision(admin.tenant.id, connection.id, 1))?.state).toBe('withdrawn');
    const again = await admin.send('POST', `/connections/${connection.id}/withdraw`, { version: view.version + 1 });
    expect((await again.json()).error.code).toBe('INVALID_STATE');
  });

  it('starts a new revision of an active connection from the serving settings, while they keep serving', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const { admin, connection } = await savedDraft(h);
    const draftOnly = await admin.send('POST', `/connections/${connection.id}/revisions`, { version: connection.version });
    expect((await draftOnly.json()).error.code).toBe('INVALID_STATE');

    // The state approval leaves behind: revision 1 serves, no draft.
    const tested = await recordTest(h, admin.tenant.id, connection.id, true);
    const submitted = await (
      await admin.send('POST', `/connections/${connection.id}/submit`, { version: tested.version })
    ).json();
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    const revision = await h.deps.connections.getRevision(admin.tenant.id, connection.id, 1);
    if (!stored || !revision) throw new Error('missing');
    await h.deps.connections.saveWithRevision(
      { ...stored, activeRevision: 1, draft: null, draftState: null },
      submitted.version,
      { ...revision, state: 'approved' },
    );

    const active = await (await admin.get(`/connections/${connection.id}`)).json();
    expect(active).toMatchObject({ status: 'active', editable: false });
    const next = await (await admin.send('POST', `/connections/${connection.id}/revisions`, { version: active.version })).json();
    expect(next).toMatchObject({
      status: 'active',
      activeRevision: 1,
      draftRevision: 2,
      draftState: 'draft',
      editable: true,
      step: 'details',
    });
    expect(next.saml.entityId).toBe(connection.saml.entityId);
    expect(next.submissionBlockers).toEqual(['TEST_LOGIN_MISSING']);
  });

  it('keeps other tenants out', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const { connection } = await savedDraft(h);
    const intruder = await adminOf(h, 'Globex');
    for (const action of ['submit', 'withdraw', 'revisions']) {
      expect(
        (await intruder.send('POST', `/connections/${connection.id}/${action}`, { version: connection.version })).status,
      ).toBe(404);
    }
  });
});
