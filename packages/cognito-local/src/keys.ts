// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { PoolKeys } from './state.ts';

x509.cryptoProvider.set(globalThis.crypto);

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

/**
 * Makes a pool's keys: an RSA key whose public half is published at the pool's JWKS, and a self-signed
 * certificate for that key, which GetSigningCertificate returns and AuthnRequests are signed with. Cognito
 * keeps separate keys for the two uses; one key serves both here because generating RSA keys is the
 * slowest part of creating a pool.
 */
export async function createPoolKeys(poolId: string, now: Date): Promise<PoolKeys> {
  const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const notAfter = new Date(now);
  // Cognito's SAML signing certificates last ten years.
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8)
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    name: `CN=${poolId}`,
    notBefore: now,
    notAfter,
    signingAlgorithm: ALGORITHM,
    keys,
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const kid = randomBytes(20).toString('base64');
  return {
    kid,
    privateJwk: privateKey.export({ format: 'jwk' }) as Record<string, unknown>,
    publicJwk: createPublicKey(privateKey).export({ format: 'jwk' }) as Record<string, unknown>,
    samlPrivateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    samlCertificate: Buffer.from(certificate.rawData).toString('base64'),
  };
}

/** The certificate as PEM, the form samlify reads. */
export function certificatePem(base64Der: string): string {
  return `-----BEGIN CERTIFICATE-----\n${base64Der.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
}
