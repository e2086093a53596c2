import 'reflect-metadata';
import { createPrivateKey } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

export interface TestCertificate {
  /** Base64 DER, as metadata carries it. */
  certificate: string;
  pem: string;
  privateKeyPem: string;
}

/** A self-signed RSA certificate valid over the given window, for metadata and attacker keys. */
export async function makeCertificate(notBefore: Date, notAfter: Date, name = 'CN=test-idp'): Promise<TestCertificate> {
  const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name,
    notBefore,
    notAfter,
    signingAlgorithm: ALGORITHM,
    keys,
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    certificate: Buffer.from(cert.rawData).toString('base64'),
    pem: cert.toString('pem'),
    privateKeyPem: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
      .export({ format: 'pem', type: 'pkcs8' })
      .toString(),
  };
}

const DAY = 86_400_000;
export const validCertificate = () => makeCertificate(new Date(Date.now() - DAY), new Date(Date.now() + 365 * DAY));
export const expiredCertificate = () => makeCertificate(new Date(Date.now() - 400 * DAY), new Date(Date.now() - DAY));
