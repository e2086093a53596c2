import { ECParameters } from '@peculiar/asn1-ecc';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type Name } from '@peculiar/asn1-x509';

/** What an IT admin (and the operator) needs to know about one signing certificate. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  /** `RSA`, `EC`, `Ed25519`, `Ed448` or the key algorithm's OID. */
  keyType: string;
  /** RSA modulus bits or EC curve size; null when unknown. */
  keySize: number | null;
  /** e.g. `sha256WithRSAEncryption`, or the OID. */
  signatureAlgorithm: string;
  /** Length of the base64 body as published (whitespace removed), checked against Cognito's 4,096. */
  length: number;
  /** The base64 body without whitespace, as Cognito would store it. */
  pem: string;
}

const NAME_ATTRIBUTES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.25': 'DC',
};

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

const KEY_TYPES: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA',
  '1.2.840.10045.2.1': 'EC',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

const CURVE_BITS: Record<string, number> = {
  '1.2.840.10045.3.1.7': 256,
  '1.3.132.0.34': 384,
  '1.3.132.0.35': 521,
};

function nameToString(name: Name): string {
  return name
    .map((rdn) => rdn.map((atv) => `${NAME_ATTRIBUTES[atv.type] ?? atv.type}=${atv.value.toString()}`).join('+'))
    .join(', ');
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) BASE64_VALUES[BASE64.charCodeAt(i)] = i;

// Decoded here rather than with atob so that core needs no DOM or Node globals.
function base64ToBytes(base64: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) return null;
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((base64.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < base64.length; i += 4) {
    const a = BASE64_VALUES[base64.charCodeAt(i)] ?? 0;
    const b = BASE64_VALUES[base64.charCodeAt(i + 1)] ?? 0;
    const c = Math.max(0, BASE64_VALUES[base64.charCodeAt(i + 2)] ?? 0);
    const d = Math.max(0, BASE64_VALUES[base64.charCodeAt(i + 3)] ?? 0);
    const triple = (a << 18) | (b << 12) | (c << 6) | d;
    if (out < bytes.length) bytes[out++] = (triple >> 16) & 0xff;
    if (out < bytes.length) bytes[out++] = (triple >> 8) & 0xff;
    if (out < bytes.length) bytes[out++] = triple & 0xff;
  }
  return bytes;
}

function rsaModulusBits(spki: ArrayBuffer): number | null {
  const key = AsnConvert.parse(spki, RSAPublicKey);
  const modulus = new Uint8Array(key.modulus);
  let start = 0;
  while (start < modulus.length && modulus[start] === 0) start++;
  if (start === modulus.length) return null;
  const first = modulus[start] ?? 0;
  return (modulus.length - start - 1) * 8 + (32 - Math.clz32(first));
}

/**
 * Parses the base64 body of an X.509 certificate as published in `ds:X509Certificate`. Returns null for an
 * empty or malformed certificate, never throws.
 */
export function parseCertificate(text: string): CertificateSummary | null {
  const body = text.replace(/\s+/g, '');
  if (body.length === 0) return null;
  const der = base64ToBytes(body);
  if (!der) return null;
  try {
    const cert = AsnConvert.parse(der, Certificate);
    const tbs = cert.tbsCertificate;
    const keyOid = tbs.subjectPublicKeyInfo.algorithm.algorithm;
    const keyType = KEY_TYPES[keyOid] ?? keyOid;
    let keySize: number | null = null;
    if (keyType === 'RSA') {
      keySize = rsaModulusBits(tbs.subjectPublicKeyInfo.subjectPublicKey);
    } else if (keyType === 'EC' && tbs.subjectPublicKeyInfo.algorithm.parameters) {
      const params = AsnConvert.parse(tbs.subjectPublicKeyInfo.algorithm.parameters, ECParameters);
      keySize = params.namedCurve ? (CURVE_BITS[params.namedCurve] ?? null) : null;
    } else if (keyType === 'Ed25519') {
      keySize = 256;
    }
    const sigOid = cert.signatureAlgorithm.algorithm;
    return {
      subject: nameToString(tbs.subject),
      issuer: nameToString(tbs.issuer),
      notBefore: tbs.validity.notBefore.getTime().toISOString(),
      notAfter: tbs.validity.notAfter.getTime().toISOString(),
      keyType,
      keySize,
      signatureAlgorithm: SIGNATURE_ALGORITHMS[sigOid] ?? sigOid,
      length: body.length,
      pem: body,
    };
  } catch {
    return null;
  }
}
