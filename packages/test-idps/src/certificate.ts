// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

/** A freshly generated RSA key and the self-signed certificate for it, both PEM. */
export interface SigningMaterial {
  privateKeyPem: string;
  certificatePem: string;
  /** The certificate's DER as base64 without PEM armour, as it appears in metadata and KeyInfo. */
  certificateBase64: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Generates an RSA-2048 signing key and a self-signed certificate (SHA-256), as IdPs do for SAML signing.
 * The validity is configurable so tests can produce expired or not-yet-valid certificates.
 */
export async function generateSigningMaterial(options: {
  commonName: string;
  notBefore?: Date;
  notAfter?: Date;
}): Promise<SigningMaterial> {
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    // Positive serial: a leading 0x01 byte keeps the DER integer from reading as negative.
    serialNumber: `01${randomBytes(15).toString('hex')}`,
    name: `CN=${options.commonName}`,
    notBefore: options.notBefore ?? new Date(now - DAY_MS),
    notAfter: options.notAfter ?? new Date(now + 365 * DAY_MS),
    signingAlgorithm: algorithm,
    keys,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const certificateBase64 = Buffer.from(certificate.rawData).toString('base64');
  return {
    privateKeyPem: toPem('PRIVATE KEY', pkcs8.toString('base64')),
    certificatePem: toPem('CERTIFICATE', certificateBase64),
    certificateBase64,
  };
}

function toPem(label: string, base64: string): string {
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Accepts a certificate as PEM or bare base64 DER and returns the bare base64. */
export function certificateBody(certificate: string): string {
  return certificate
    .replace(/-----BEGIN CERTIFICATE-----/g, '')
    .replace(/-----END CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
}
