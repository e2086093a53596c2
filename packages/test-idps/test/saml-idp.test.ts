import { X509Certificate } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { certificateBody, generateSigningMaterial } from '../src/certificate.ts';
import { DEMO_USERS, ENTRA_CLAIMS, NAME_ID_FORMAT_URIS, type SamlShape, startSamlIdp, type TestSamlIdp } from '../src/index.ts';
import {
  ACS_URL,
  attr,
  DSIG,
  idpFromMetadata,
  parseAtSp,
  roundTrip,
  SAML,
  SAMLP,
  SP_ENTITY_ID,
  serviceProvider,
  signaturesVerify,
  text,
  warmUpSchemaValidator,
} from './saml-sp.ts';
import { parseLoginForm, UserAgent } from './user-agent.ts';

const alice = DEMO_USERS.find((user) => user.username === 'alice');
if (!alice) throw new Error('alice is a demo user');

beforeAll(warmUpSchemaValidator, 180_000);

describe('SAML IdP metadata', () => {
  let idp: TestSamlIdp;
  beforeAll(async () => {
    idp = await startSamlIdp();
  });
  afterAll(() => idp.stop());

  it('serves metadata an SP can load, with the signing certificate and the redirect SSO endpoint', async () => {
    const response = await fetch(idp.metadataUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/xml/);
    expect(await response.text()).toBe(idp.metadataXml());
    const metadata = (await idpFromMetadata(idp)).entityMeta;
    expect(metadata.getEntityID()).toBe(idp.entityId);
    expect(metadata.getX509Certificate('signing')).toBe(certificateBody(idp.signingCertificatePem));
    const redirect = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
    expect(metadata.getSingleSignOnService(redirect)).toEqual({ [redirect]: idp.ssoUrl });
    expect(metadata.isWantAuthnRequestsSigned()).toBe(false);
    const logout = metadata.getSingleLogoutService('redirect') as string;
    expect(logout).toBe(idp.metadataUrl.replace(/\/metadata$/, '/slo'));
    expect((await fetch(logout)).status).toBe(200);
  });

  it('builds its metadata without samlify warning on the console', async () => {
    const warn = vi.spyOn(console, 'warn');
    const another = await startSamlIdp();
    await another.stop();
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('offers the same metadata as a file download', async () => {
    const response = await fetch(`${idp.metadataUrl}/download`);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.xml"$/);
    expect(await response.text()).toBe(idp.metadataXml());
  });

  it('generates a self-signed RSA certificate valid now by default', () => {
    const certificate = new X509Certificate(idp.signingCertificatePem);
    expect(certificate.publicKey.asymmetricKeyType).toBe('rsa');
    expect(new Date(certificate.validFrom).getTime()).toBeLessThan(Date.now());
    expect(new Date(certificate.validTo).getTime()).toBeGreaterThan(Date.now());
  });

  it('issues a certificate with the validity asked for, for expiry tests', async () => {
    const notBefore = new Date('2020-01-01T00:00:00Z');
    const notAfter = new Date('2021-01-01T00:00:00Z');
    const expired = await startSamlIdp({ certificate: { notBefore, notAfter } });
    try {
      const certificate = new X509Certificate(expired.signingCertificatePem);
      expect(new Date(certificate.validFrom).toISOString()).toBe(notBefore.toISOString());
      expect(new Date(certificate.validTo).toISOString()).toBe(notAfter.toISOString());
    } finally {
      await expired.stop();
    }
  });
});

describe('SAML IdP key rollover and metadata outages', () => {
  it('rotates its signing key: metadata and later responses carry the new certificate only', async () => {
    const idp = await startSamlIdp({ serviceProviders: [{ entityId: SP_ENTITY_ID, acsUrl: ACS_URL }] });
    try {
      const before = idp.signingCertificatePem;
      const notAfter = new Date(Date.now() + 10 * 86_400_000);
      const after = await idp.rotateSigningKey({ certificate: { notAfter } });
      expect(after).not.toBe(before);
      expect(idp.signingCertificatePem).toBe(after);
      expect(new Date(new X509Certificate(after).validTo).getTime()).toBe(Math.floor(notAfter.getTime() / 1000) * 1000);
      const metadata = await (await fetch(idp.metadataUrl)).text();
      expect(metadata).toContain(certificateBody(after));
      expect(metadata).not.toContain(certificateBody(before));
      const trip = await roundTrip(idp, serviceProvider(), 'alice');
      expect(signaturesVerify(trip.xml ?? '', after)).toEqual([true]);
    } finally {
      await idp.stop();
    }
  });

  it('serves a non-metadata page or a 503 from its metadata URL when told to', async () => {
    const idp = await startSamlIdp();
    try {
      idp.setMetadataBehaviour('not-xml');
      const page = await fetch(idp.metadataUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).not.toContain('EntityDescriptor');
      idp.setMetadataBehaviour('unavailable');
      expect((await fetch(idp.metadataUrl)).status).toBe(503);
      idp.setMetadataBehaviour('normal');
      expect(await (await fetch(idp.metadataUrl)).text()).toBe(idp.metadataXml());
    } finally {
      await idp.stop();
    }
  });
});

describe('SAML IdP sign-in by HTTP-Redirect', () => {
  let idp: TestSamlIdp;
  const sp = serviceProvider();

  beforeAll(async () => {
    idp = await startSamlIdp({ serviceProviders: [{ entityId: SP_ENTITY_ID, acsUrl: ACS_URL }] });
  });
  afterAll(() => idp.stop());

  it('shows a sign-in page with a button per demo user', async () => {
    const trip = await roundTrip(idp, sp, 'alice');
    expect(trip.ssoResponse.status).toBe(200);
    expect(trip.form).toBeDefined();
  });

  it('posts a response to the ACS URL whose assertion signature verifies against the metadata certificate', async () => {
    const trip = await roundTrip(idp, sp, 'alice', 'relay-42');
    expect(trip.form?.action).toBe(ACS_URL);
    expect(trip.form?.relayState).toBe('relay-42');
    expect(trip.form?.html).toContain('>Continue</button>');

    const parsed = await parseAtSp(idp, sp, trip.form?.samlResponse ?? '');
    expect(parsed.extract.nameID).toBe(alice.id);
    expect(parsed.extract.audience).toBe(SP_ENTITY_ID);
    expect(parsed.extract.response?.inResponseTo).toBe(trip.requestId);
    expect(parsed.extract.response?.destination).toBe(ACS_URL);

    // Only the assertion is signed by default, with RSA-SHA256 over a SHA-256 digest.
    const signatures = trip.doc?.getElementsByTagNameNS(DSIG, 'Signature');
    expect(signatures?.length).toBe(1);
    expect((signatures?.item(0)?.parentNode as Element | null)?.localName).toBe('Assertion');
    expect(attr(trip.doc, DSIG, 'SignatureMethod', 'Algorithm')).toEqual(['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256']);
    expect(attr(trip.doc, DSIG, 'DigestMethod', 'Algorithm')).toEqual(['http://www.w3.org/2001/04/xmlenc#sha256']);
    expect(signaturesVerify(trip.xml ?? '', idp.signingCertificatePem)).toEqual([true]);
  });

  it('addresses the assertion to the SP: Audience, Recipient, InResponseTo, and a five-minute window', async () => {
    const before = Date.now();
    const trip = await roundTrip(idp, sp, 'bob');
    const doc = trip.doc;
    expect(text(doc, SAML, 'Audience')).toEqual([SP_ENTITY_ID]);
    expect(attr(doc, SAML, 'SubjectConfirmationData', 'Recipient')).toEqual([ACS_URL]);
    expect(attr(doc, SAML, 'SubjectConfirmationData', 'InResponseTo')).toEqual([trip.requestId]);
    expect(attr(doc, SAMLP, 'Response', 'InResponseTo')).toEqual([trip.requestId]);
    expect(text(doc, SAML, 'Issuer')).toEqual([idp.entityId, idp.entityId]);
    const [notBefore = ''] = attr(doc, SAML, 'Conditions', 'NotBefore');
    const [notOnOrAfter = ''] = attr(doc, SAML, 'Conditions', 'NotOnOrAfter');
    expect(Date.parse(notBefore)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(notBefore)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(notOnOrAfter) - Date.parse(notBefore)).toBe(5 * 60 * 1000);
    expect(attr(doc, SAML, 'NameID', 'Format')).toEqual([NAME_ID_FORMAT_URIS.persistent]);
  });

  it('refuses an AuthnRequest from an SP that is not registered', async () => {
    const stranger = serviceProvider({ entityId: 'urn:amazon:cognito:sp:eu-west-1_Stranger' });
    const trip = await roundTrip(idp, stranger, 'alice');
    expect(trip.ssoResponse.status).toBe(400);
    expect(trip.ssoResponse.headers.get('x-error-code')).toBe('UNKNOWN_SERVICE_PROVIDER');
  });

  it('refuses an AuthnRequest that asks for an ACS URL the SP did not register', async () => {
    const elsewhere = serviceProvider({ acsUrl: 'https://evil.example/acs' });
    const trip = await roundTrip(idp, elsewhere, 'alice');
    expect(trip.ssoResponse.headers.get('x-error-code')).toBe('ACS_URL_MISMATCH');
  });

  it('refuses an AuthnRequest carrying a DOCTYPE before parsing it', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "x">]><samlp:AuthnRequest xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="_1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><saml:Issuer>${SP_ENTITY_ID}</saml:Issuer></samlp:AuthnRequest>`;
    const request = deflateRawSync(Buffer.from(xml)).toString('base64');
    const response = await fetch(`${idp.ssoUrl}?SAMLRequest=${encodeURIComponent(request)}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-error-code')).toBe('AUTHN_REQUEST_INVALID');
  });

  it('refuses an SSO call without a SAMLRequest', async () => {
    const response = await fetch(idp.ssoUrl);
    expect(response.headers.get('x-error-code')).toBe('AUTHN_REQUEST_MISSING');
  });

  it('answers each AuthnRequest once: the sign-in form cannot be replayed', async () => {
    const request = sp.createLoginRequest(await idpFromMetadata(idp), 'redirect') as { context: string };
    const agent = new UserAgent();
    const login = parseLoginForm(await (await agent.request(request.context)).text());
    const submit = () =>
      agent.request(new URL(login.action, idp.ssoUrl).toString(), { form: { ...login.hidden, username: 'alice' } });
    const first = await submit();
    expect(first.status).toBe(200);
    const second = await submit();
    expect(second.status).toBe(400);
    expect(second.headers.get('x-error-code')).toBe('LOGIN_REQUEST_UNKNOWN');
  });

  it('knows a service provider registered after start', async () => {
    const late = serviceProvider({ entityId: 'urn:amazon:cognito:sp:eu-west-1_Late', acsUrl: 'https://late.example/acs' });
    idp.registerServiceProvider({ entityId: 'urn:amazon:cognito:sp:eu-west-1_Late', acsUrl: 'https://late.example/acs' });
    const trip = await roundTrip(idp, late, 'carol');
    expect(trip.form?.action).toBe('https://late.example/acs');
  });
});

describe('SAML IdP signing the whole response', () => {
  it('signs both the response and the assertion, and both verify', async () => {
    const idp = await startSamlIdp({ signResponse: true, serviceProviders: [{ entityId: SP_ENTITY_ID, acsUrl: ACS_URL }] });
    try {
      const sp = serviceProvider();
      const trip = await roundTrip(idp, sp, 'alice');
      const parents = Array.from(trip.doc?.getElementsByTagNameNS(DSIG, 'Signature') ?? []).map(
        (s) => (s.parentNode as Element | null)?.localName,
      );
      expect(parents.sort()).toEqual(['Assertion', 'Response']);
      expect(signaturesVerify(trip.xml ?? '', idp.signingCertificatePem)).toEqual([true, true]);
      const parsed = await parseAtSp(idp, sp, trip.form?.samlResponse ?? '');
      expect(parsed.extract.nameID).toBe(alice.id);
    } finally {
      await idp.stop();
    }
  });
});

describe('SAML IdP attribute shapes and NameID formats', () => {
  const expectations: Record<SamlShape, Record<string, string[]>> = {
    entra: {
      [ENTRA_CLAIMS.emailAddress]: [alice.email],
      [ENTRA_CLAIMS.objectId]: [alice.id],
      [ENTRA_CLAIMS.givenName]: ['Alice'],
      [ENTRA_CLAIMS.surname]: ['Anders'],
      [ENTRA_CLAIMS.groups]: alice.groups ?? [],
    },
    okta: { email: [alice.email], firstName: ['Alice'], lastName: ['Anders'], groups: alice.groups ?? [] },
    google: { email: [alice.email], firstName: ['Alice'], lastName: ['Anders'] },
    generic: { email: [alice.email], given_name: ['Alice'], family_name: ['Anders'], username: ['alice'] },
  };

  for (const [shape, expected] of Object.entries(expectations) as Array<[SamlShape, Record<string, string[]>]>) {
    it(`sends ${shape}-shaped attributes`, async () => {
      const idp = await startSamlIdp({ shape, serviceProviders: [{ entityId: SP_ENTITY_ID, acsUrl: ACS_URL }] });
      try {
        const sp = serviceProvider();
        const trip = await roundTrip(idp, sp, 'alice');
        const parsed = await parseAtSp(idp, sp, trip.form?.samlResponse ?? '');
        const attributes = parsed.extract.attributes ?? {};
        for (const [name, values] of Object.entries(expected)) {
          expect([attributes[name]].flat(), name).toEqual(values);
        }
        expect([attributes.department].flat()).toEqual(['Engineering']);
        if (shape === 'google') expect(attributes.groups).toBeUndefined();
      } finally {
        await idp.stop();
      }
    });
  }

  it('sends the email address as NameID in the emailAddress format', async () => {
    const idp = await startSamlIdp({ nameIdFormat: 'email', serviceProviders: [{ entityId: SP_ENTITY_ID, acsUrl: ACS_URL }] });
    try {
      const trip = await roundTrip(idp, serviceProvider(), 'alice');
      expect(text(trip.doc, SAML, 'NameID')).toEqual([alice.email]);
      expect(attr(trip.doc, SAML, 'NameID', 'Format')).toEqual([NAME_ID_FORMAT_URIS.email]);
    } finally {
      await idp.stop();
    }
  });

  it('sends a new transient NameID on every sign-in', async () => {
    const idp = await startSamlIdp({
      nameIdFormat: 'transient',
      serviceProviders: [{ entityId: SP_ENTITY_ID, acsUrl: ACS_URL }],
    });
    try {
      const first = await roundTrip(idp, serviceProvider(), 'alice');
      const second = await roundTrip(idp, serviceProvider(), 'alice');
      expect(attr(first.doc, SAML, 'NameID', 'Format')).toEqual([NAME_ID_FORMAT_URIS.transient]);
      const [a = ''] = text(first.doc, SAML, 'NameID');
      const [b = ''] = text(second.doc, SAML, 'NameID');
      expect(a).not.toBe(b);
      expect([a, b]).not.toContain(alice.id);
    } finally {
      await idp.stop();
    }
  });
});

describe('SAML IdP broken on purpose', () => {
  let idp: TestSamlIdp;
  const sp = serviceProvider();

  beforeAll(async () => {
    idp = await startSamlIdp({ serviceProviders: [{ entityId: SP_ENTITY_ID, acsUrl: ACS_URL }] });
  });
  afterAll(() => idp.stop());

  it("'unsigned' strips every signature, and an SP refuses it", async () => {
    idp.setBehaviour('unsigned');
    const trip = await roundTrip(idp, sp, 'alice');
    expect(trip.doc?.getElementsByTagNameNS(DSIG, 'Signature').length).toBe(0);
    expect(text(trip.doc, SAML, 'NameID')).toEqual([alice.id]);
    await expect(parseAtSp(idp, sp, trip.form?.samlResponse ?? '')).rejects.toThrow();
  });

  it("'bad-signature' changes the NameID after signing, so the signature no longer verifies", async () => {
    idp.setBehaviour('bad-signature');
    const trip = await roundTrip(idp, sp, 'alice');
    expect(trip.doc?.getElementsByTagNameNS(DSIG, 'Signature').length).toBe(1);
    expect(text(trip.doc, SAML, 'NameID')).not.toEqual([alice.id]);
    expect(signaturesVerify(trip.xml ?? '', idp.signingCertificatePem)).toEqual([false]);
    await expect(parseAtSp(idp, sp, trip.form?.samlResponse ?? '')).rejects.toThrow();
  });

  it("'wrong-audience' names another SP as Audience in a validly signed assertion", async () => {
    idp.setBehaviour('wrong-audience');
    const trip = await roundTrip(idp, sp, 'alice');
    const [audience = ''] = text(trip.doc, SAML, 'Audience');
    expect(audience).not.toBe(SP_ENTITY_ID);
    expect(audience).toMatch(/.+/);
    expect(signaturesVerify(trip.xml ?? '', idp.signingCertificatePem)).toEqual([true]);
  });

  it("'expired' sends a validly signed assertion whose windows closed in the past", async () => {
    idp.setBehaviour('expired');
    const trip = await roundTrip(idp, sp, 'alice');
    const [notOnOrAfter = ''] = attr(trip.doc, SAML, 'Conditions', 'NotOnOrAfter');
    const [confirmationNotOnOrAfter = ''] = attr(trip.doc, SAML, 'SubjectConfirmationData', 'NotOnOrAfter');
    expect(Date.parse(notOnOrAfter)).toBeLessThan(Date.now());
    expect(Date.parse(confirmationNotOnOrAfter)).toBeLessThan(Date.now());
    expect(signaturesVerify(trip.xml ?? '', idp.signingCertificatePem)).toEqual([true]);
    await expect(parseAtSp(idp, sp, trip.form?.samlResponse ?? '')).rejects.toThrow('ERR_SUBJECT_UNCONFIRMED');
  });

  it("'wrong-issuer' signs with the right key but names another issuer", async () => {
    idp.setBehaviour('wrong-issuer');
    const trip = await roundTrip(idp, sp, 'alice');
    const issuers = text(trip.doc, SAML, 'Issuer');
    expect(issuers).toHaveLength(2);
    for (const issuer of issuers) expect(issuer).not.toBe(idp.entityId);
    expect(signaturesVerify(trip.xml ?? '', idp.signingCertificatePem)).toEqual([true]);
    await expect(parseAtSp(idp, sp, trip.form?.samlResponse ?? '')).rejects.toThrow('ERR_UNMATCH_ISSUER');
  });

  it("'normal' restores valid responses", async () => {
    idp.setBehaviour('normal');
    const trip = await roundTrip(idp, sp, 'alice');
    const parsed = await parseAtSp(idp, sp, trip.form?.samlResponse ?? '');
    expect(parsed.extract.nameID).toBe(alice.id);
  });
});

describe('SAML IdP that wants signed AuthnRequests', () => {
  let idp: TestSamlIdp;
  let spKeys: Awaited<ReturnType<typeof generateSigningMaterial>>;

  beforeAll(async () => {
    spKeys = await generateSigningMaterial({ commonName: 'sp' });
    idp = await startSamlIdp({
      wantAuthnRequestsSigned: true,
      serviceProviders: [
        { entityId: SP_ENTITY_ID, acsUrl: ACS_URL, signingCertificate: spKeys.certificatePem },
        { entityId: 'urn:amazon:cognito:sp:eu-west-1_NoCert', acsUrl: ACS_URL },
      ],
    });
  });
  afterAll(() => idp.stop());

  it('says so in its metadata', async () => {
    expect((await idpFromMetadata(idp)).entityMeta.isWantAuthnRequestsSigned()).toBe(true);
  });

  it('accepts a request signed with the registered certificate', async () => {
    const sp = serviceProvider({ privateKeyPem: spKeys.privateKeyPem, certificatePem: spKeys.certificatePem });
    const trip = await roundTrip(idp, sp, 'alice');
    expect(trip.ssoResponse.status).toBe(200);
    const parsed = await parseAtSp(idp, sp, trip.form?.samlResponse ?? '');
    expect(parsed.extract.nameID).toBe(alice.id);
  });

  it('refuses an unsigned request', async () => {
    const sp = serviceProvider({ privateKeyPem: spKeys.privateKeyPem, certificatePem: spKeys.certificatePem });
    const trip = await roundTrip(idp, sp, 'alice', 'relay', (url) => {
      const unsigned = new URL(url);
      unsigned.searchParams.delete('Signature');
      unsigned.searchParams.delete('SigAlg');
      return unsigned.toString();
    });
    expect(trip.ssoResponse.headers.get('x-error-code')).toBe('AUTHN_REQUEST_UNSIGNED');
  });

  it('refuses a request signed with another key', async () => {
    const other = await generateSigningMaterial({ commonName: 'impostor' });
    const sp = serviceProvider({ privateKeyPem: other.privateKeyPem, certificatePem: other.certificatePem });
    const trip = await roundTrip(idp, sp, 'alice');
    expect(trip.ssoResponse.headers.get('x-error-code')).toBe('AUTHN_REQUEST_SIGNATURE_INVALID');
  });

  it('refuses a request from an SP that registered no certificate to check it with', async () => {
    const sp = serviceProvider({
      entityId: 'urn:amazon:cognito:sp:eu-west-1_NoCert',
      privateKeyPem: spKeys.privateKeyPem,
      certificatePem: spKeys.certificatePem,
    });
    const trip = await roundTrip(idp, sp, 'alice');
    expect(trip.ssoResponse.headers.get('x-error-code')).toBe('AUTHN_REQUEST_SIGNATURE_UNVERIFIABLE');
  });
});
