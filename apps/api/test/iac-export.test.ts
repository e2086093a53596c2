import { DescribeIdentityProviderCommand } from '@aws-sdk/client-cognito-identity-provider';
import { type IacSource, renderCdk, renderTerraform } from '@gatehouse/core/cognito';
import { localCognitoClient } from '@gatehouse/dev-pool';
import { startSamlIdp } from '@gatehouse/test-idps';
import { describe, expect, it, onTestFinished } from 'vitest';
import { activateRevision } from '../src/services/activation.ts';
import { OIDC_SECRET, recordTest, submittedConnection } from './flows.ts';
import { adminOf, type Harness, type Loose, useTestDns } from './harness.ts';
import { compileAndSynth, onlyResource, parseTerraform, terraformLiteral } from './iac-tools.ts';
import { operatorHarness, operatorSession } from './operators.ts';

const testDns = useTestDns();

/** Text no string literal may let out: quotes, template openers, backticks, comment ends, newlines. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${ is the point.
const HOSTILE = 'a"b\'c`d${e}f%{g}h$${i}j\\k\nl\r\tm*/n<!--o-->p\u2028q\u0001r';

async function signedInOperator() {
  const { h, signIn } = await operatorHarness({ config: { dns: testDns.config().dns } });
  const done = await signIn();
  if (!done.cookie) throw new Error('no operator session');
  return { h, operator: await operatorSession(h, done.cookie) };
}

/** Verifies `domain` for the connection through the test DNS server, as the IT admin would. */
async function verifyDomain(admin: Awaited<ReturnType<typeof adminOf>>, connectionId: string, domain: string) {
  const claim = await (await admin.send('POST', '/domains', { domain, connectionId })).json();
  testDns.server.setTxt(claim.record.name, [claim.record.value]);
  expect((await (await admin.send('POST', `/domains/${domain}/verify`)).json()).status).toBe('verified');
}

/** A live SAML connection whose metadata file carries hostile text (a comment after the root element). */
async function liveSamlConnection(h: Harness) {
  const pool = h.pool;
  if (!pool) throw new Error('needs the local Cognito');
  const admin = await adminOf(h, 'Acme');
  const created = await (await admin.send('POST', '/connections', { vendor: 'generic', protocol: 'saml' })).json();
  const idp = await startSamlIdp({
    serviceProviders: [{ entityId: `urn:amazon:cognito:sp:${pool.userPoolId}`, acsUrl: `${pool.domainUrl}/saml2/idpresponse` }],
  });
  onTestFinished(() => idp.stop());
  const xml = `${idp.metadataXml()}\n<!-- ${HOSTILE.replaceAll('--', '- -').replaceAll('\u0001', '')} -->\n`;
  const saved = await admin.send('PUT', `/connections/${created.id}/saml`, { metadata: { source: 'file', xml }, version: 0 });
  expect(saved.status).toBe(200);
  await verifyDomain(admin, created.id, 'acme-iac.example.com');
  const tested = await recordTest(h, admin.tenant.id, created.id, true);
  expect((await admin.send('POST', `/connections/${created.id}/submit`, { version: tested.version })).status).toBe(200);
  const submitted = await h.deps.connections.get(admin.tenant.id, created.id);
  if (!submitted) throw new Error('missing connection');
  const active = await activateRevision(h.deps, submitted, { version: submitted.version, approvedBy: 'op' });
  return { admin, connection: active, xml };
}

async function liveOidcConnection(h: Harness) {
  const { admin, connection } = await submittedConnection(h, 'oidc', 'Globex');
  await verifyDomain(admin, connection.id, 'globex-iac.example.com');
  const fresh = await h.deps.connections.get(admin.tenant.id, connection.id);
  if (!fresh) throw new Error('missing connection');
  return { admin, connection: await activateRevision(h.deps, fresh, { version: fresh.version, approvedBy: 'op' }) };
}

/** What DescribeIdentityProvider in the local Cognito returns for the live IdP. */
async function described(h: Harness, providerName: string) {
  if (!h.cognitoEndpoint || !h.pool) throw new Error('needs the local Cognito');
  const result = await localCognitoClient(h.cognitoEndpoint).send(
    new DescribeIdentityProviderCommand({ UserPoolId: h.pool.userPoolId, ProviderName: providerName }),
  );
  const provider = result.IdentityProvider;
  if (!provider) throw new Error('no live IdP');
  return provider;
}

/**
 * Keys Cognito adds to ProviderDetails itself (read from the metadata, or defaulted) and that are not
 * sent: a template that sets what was sent gives exactly the same IdP.
 */
const DERIVED = [
  'ActiveEncryptionCertificate',
  'SSORedirectBindingURI',
  'SLORedirectBindingURI',
  'attributes_url_add_attributes',
];
const sent = (details: Record<string, string> | undefined) =>
  Object.fromEntries(Object.entries(details ?? {}).filter(([key]) => !DERIVED.includes(key) && key !== 'client_secret'));

const exportOf = (h: Harness, cookie: string, tenantId: string, connectionId: string, query = '') =>
  h.request(`/v1/admin/tenants/${tenantId}/connections/${connectionId}/iac${query}`, { cookie });

describe('GET /v1/admin/tenants/{id}/connections/{connectionId}/iac', () => {
  it('gives CDK that compiles and synthesises to exactly the live SAML IdP in Cognito, and Terraform that parses to it', async () => {
    const { h, operator } = await signedInOperator();
    const { admin, connection, xml } = await liveSamlConnection(h);
    const response = await exportOf(h, operator.cookie, admin.tenant.id, connection.id);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ providerName: connection.providerName, providerType: 'SAML', revision: 1, secret: null });

    const live = await described(h, connection.providerName);
    expect(live.ProviderDetails?.MetadataFile).toBe(xml);
    expect(live.IdpIdentifiers).toEqual(['acme-iac.example.com']);

    const template = await compileAndSynth(body.cdk);
    const resource = onlyResource(template, 'AWS::Cognito::UserPoolIdentityProvider');
    expect(resource.Properties).toEqual({
      UserPoolId: h.pool?.userPoolId,
      ProviderName: live.ProviderName,
      ProviderType: live.ProviderType,
      ProviderDetails: sent(live.ProviderDetails),
      AttributeMapping: live.AttributeMapping,
      IdpIdentifiers: live.IdpIdentifiers,
    });

    const terraform = await parseTerraform(body.terraform);
    const [idp] = terraform.resource.aws_cognito_identity_provider[connection.providerName.replace(/-/g, '_')];
    expect(terraformLiteral(idp.user_pool_id)).toBe(h.pool?.userPoolId);
    expect(terraformLiteral(idp.provider_name)).toBe(live.ProviderName);
    expect(terraformLiteral(idp.provider_type)).toBe('SAML');
    const values = (map: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(map).map(([key, value]) => [key, terraformLiteral(value)]));
    expect(values(idp.provider_details)).toEqual(sent(live.ProviderDetails));
    expect(values(idp.attribute_mapping)).toEqual(live.AttributeMapping);
    expect(idp.idp_identifiers.map(terraformLiteral)).toEqual(live.IdpIdentifiers);
    expect(terraform.variable).toBeUndefined();
  });

  it('never puts the OIDC client secret in the code: a SecretValue in CDK, a sensitive variable in Terraform', async () => {
    const { h, operator } = await signedInOperator();
    const { admin, connection } = await liveOidcConnection(h);
    const response = await exportOf(h, operator.cookie, admin.tenant.id, connection.id);
    expect(response.status).toBe(200);
    const text = await response.clone().text();
    expect(text).not.toContain(OIDC_SECRET);
    const body = await response.json();
    const live = await described(h, connection.providerName);
    expect(live.ProviderDetails?.client_secret).toBe(OIDC_SECRET);
    const publicDetails = sent(live.ProviderDetails);

    const template = await compileAndSynth(body.cdk);
    const properties = onlyResource(template, 'AWS::Cognito::UserPoolIdentityProvider').Properties;
    const { client_secret: reference, ...details } = properties.ProviderDetails;
    expect(details).toEqual(publicDetails);
    expect(reference).toBe(`{{resolve:secretsmanager:${body.secret.secretName}:SecretString:::}}`);
    expect(properties).toMatchObject({
      ProviderName: live.ProviderName,
      ProviderType: 'OIDC',
      AttributeMapping: live.AttributeMapping,
      IdpIdentifiers: ['globex-iac.example.com'],
    });

    const terraform = await parseTerraform(body.terraform);
    const variable = terraform.variable[body.secret.terraformVariable][0];
    expect(variable).toMatchObject({ sensitive: true });
    expect(variable.default).toBeUndefined();
    const [idp] = terraform.resource.aws_cognito_identity_provider[connection.providerName.replace(/-/g, '_')];
    expect(idp.provider_details.client_secret).toBe(`\${var.${body.secret.terraformVariable}}`);
    expect(JSON.stringify(terraform)).not.toContain(OIDC_SECRET);
    // Exporting reads nothing secret and logs nothing secret either.
    expect(h.logs.join('\n')).not.toContain(OIDC_SECRET);
  });

  it('gives one format on request', async () => {
    const { h, operator } = await signedInOperator();
    const { admin, connection } = await liveOidcConnection(h);
    const only = await (await exportOf(h, operator.cookie, admin.tenant.id, connection.id, '?format=terraform')).json();
    expect(only.terraform).toContain('resource "aws_cognito_identity_provider"');
    expect(only.cdk).toBeUndefined();
    const bad = await exportOf(h, operator.cookie, admin.tenant.id, connection.id, '?format=pulumi');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a connection that is not active with INVALID_STATE and changes nothing', async () => {
    const { h, operator } = await signedInOperator();
    const { admin, connection } = await submittedConnection(h, 'saml', 'Initech');
    const before = await h.tableDump();
    const response = await exportOf(h, operator.cookie, admin.tenant.id, connection.id);
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe('INVALID_STATE');
    const missing = await exportOf(h, operator.cookie, admin.tenant.id, 'c_doesnotexist0000');
    expect([400, 404]).toContain(missing.status);
    expect(await h.tableDump()).toBe(before);
  });

  it('refuses IT-admin sessions and anonymous callers', async () => {
    const { h } = await signedInOperator();
    const { admin, connection } = await liveOidcConnection(h);
    const path = `/v1/admin/tenants/${admin.tenant.id}/connections/${connection.id}/iac`;
    const anonymous = await h.request(path);
    expect(anonymous.status).toBe(401);
    const asAdmin = await h.request(path, { cookie: admin.cookie });
    expect(asAdmin.status).toBe(401);
    expect((await asAdmin.json()).error.code).toBe('SESSION_REQUIRED');
  });
});

describe('generated code with hostile values', () => {
  const source = (protocol: 'SAML' | 'OIDC'): IacSource => ({
    input: {
      UserPoolId: 'us-east-1_Hostile1',
      ProviderName: 'gh-hostile-0000001',
      ProviderType: protocol,
      ProviderDetails:
        protocol === 'SAML'
          ? { MetadataFile: `<x a="1">${HOSTILE}</x>\n`, IDPSignout: 'false', IDPInit: 'false' }
          : { client_id: HOSTILE, authorize_scopes: 'openid email', attributes_request_method: 'GET', oidc_issuer: HOSTILE },
      AttributeMapping: { email: HOSTILE, [`custom:${HOSTILE.slice(0, 8)}`]: 'x' },
      IdpIdentifiers: ['hostile.example.com'],
    },
    ...(protocol === 'OIDC'
      ? {
          secret: {
            secretName: 'gatehouse/gh-hostile-0000001/client-secret',
            terraformVariable: 'gh_hostile_0000001_client_secret',
          },
        }
      : {}),
    origin: { tenantId: 'hostile\n*/ }; throw 1; /*', connectionId: 'c_hostile\r\nx', revision: 1 },
  });

  for (const protocol of ['SAML', 'OIDC'] as const) {
    it(`keeps every ${protocol} value inside its string literal, in CDK and in Terraform`, async () => {
      const input = source(protocol);
      const template = await compileAndSynth(renderCdk(input));
      const properties: Loose = onlyResource(template, 'AWS::Cognito::UserPoolIdentityProvider').Properties;
      const { client_secret: _secret, ...details } = properties.ProviderDetails;
      expect(details).toEqual(input.input.ProviderDetails);
      expect(properties.AttributeMapping).toEqual(input.input.AttributeMapping);
      expect(properties.ProviderName).toBe(input.input.ProviderName);

      const terraform = await parseTerraform(renderTerraform(input));
      const [idp] = terraform.resource.aws_cognito_identity_provider.gh_hostile_0000001;
      const values = (map: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(map).map(([key, value]) => [key, terraformLiteral(value)]));
      const { client_secret: secretReference, ...tfDetails } = idp.provider_details;
      expect(values(tfDetails)).toEqual(input.input.ProviderDetails);
      expect(values(idp.attribute_mapping)).toEqual(input.input.AttributeMapping);
      expect(Object.keys(terraform.resource)).toEqual(['aws_cognito_identity_provider']);
      expect(Object.keys(terraform.resource.aws_cognito_identity_provider)).toEqual(['gh_hostile_0000001']);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform's JSON form of a variable reference.
      if (protocol === 'OIDC') expect(secretReference).toBe('${var.gh_hostile_0000001_client_secret}');
    });
  }
});
