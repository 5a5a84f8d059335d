// The simulator's own "Ministerstwo Finansów" certificates, made fresh at every start: one RSA-2048
// key for wrapping session keys (SymmetricKeyEncryption) and a different one for KSeF tokens, as
// KSeF publishes two (NOTES.md §8.1). Clients do real RSA-OAEP against them, so the same code
// works against the real test environment.
// @peculiar/x509 (via tsyringe) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { createHash, createPrivateKey, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type {
  PublicKeyCertificateDto,
  PublicKeyCertificateUsageDto,
} from '../../ksef/wire/sessions.dto';

export interface SimulatorCertificate {
  dto: PublicKeyCertificateDto;
  privateKey: KeyObject;
}

type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]>;

const VALIDITY_MS = 2 * 365 * 24 * 3600 * 1000;

const ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

// RSA-2048 generation costs up to seconds of CPU; one key pair per usage per process is enough
// (tests start many simulators). Certificates, ids and every HMAC secret are still made per start.
const keyPairs = new Map<PublicKeyCertificateUsageDto, Promise<webcrypto.CryptoKeyPair>>();

function keyPairFor(usage: PublicKeyCertificateUsageDto): Promise<webcrypto.CryptoKeyPair> {
  let pair = keyPairs.get(usage);
  if (!pair) {
    pair = webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
    keyPairs.set(usage, pair);
  }
  return pair;
}

async function createCertificate(
  usage: PublicKeyCertificateUsageDto,
  now: Date,
): Promise<SimulatorCertificate> {
  // The library is typed against the DOM's Crypto; node's webcrypto implements it.
  x509.cryptoProvider.set(webcrypto as unknown as X509Crypto);
  const algorithm = ALGORITHM;
  const keys = await keyPairFor(usage);
  const validFrom = new Date(now.getTime() - 60_000);
  const validTo = new Date(now.getTime() + VALIDITY_MS);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex'),
    name: `CN=Ministerstwo Finansów (simulator), O=KSeF simulator, C=PL`,
    notBefore: validFrom,
    notAfter: validTo,
    keys,
    signingAlgorithm: algorithm,
  });
  const der = Buffer.from(cert.rawData);
  const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    dto: {
      certificate: der.toString('base64'),
      certificateId: createHash('sha256').update(der).digest('base64'),
      publicKeyId: createHash('sha256').update(spki).digest('base64'),
      validFrom: cert.notBefore.toISOString(),
      validTo: cert.notAfter.toISOString(),
      usage: [usage],
    },
    privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
  };
}

export interface CertificateSet {
  symmetricKey: SimulatorCertificate;
  ksefToken: SimulatorCertificate;
  all(): PublicKeyCertificateDto[];
  byPublicKeyId(publicKeyId: string): SimulatorCertificate | undefined;
}

export async function createCertificateSet(now: Date = new Date()): Promise<CertificateSet> {
  const [symmetricKey, ksefToken] = await Promise.all([
    createCertificate('SymmetricKeyEncryption', now),
    createCertificate('KsefTokenEncryption', now),
  ]);
  return {
    symmetricKey,
    ksefToken,
    all: () => [symmetricKey.dto, ksefToken.dto],
    byPublicKeyId: (id) => [symmetricKey, ksefToken].find((c) => c.dto.publicKeyId === id),
  };
}
