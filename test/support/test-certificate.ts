// A self-signed RSA certificate standing in for MF's SymmetricKeyEncryption certificate, with the
// private key so tests can unwrap what the client wrapped. Generated once per test file (RSA key
// generation is the slow part: give the hook that calls this a generous timeout).
import { createPrivateKey, createHash, webcrypto } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type {
  PublicKeyCertificateDto,
  PublicKeyCertificateUsageDto,
} from '../../src/ksef/wire/sessions.dto';

// The library's types name DOM's `Crypto`, absent from this project's libs; Node's webcrypto is it.
x509.cryptoProvider.set(
  webcrypto as unknown as NonNullable<
    Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]
  >,
);

export interface TestCertificate {
  /** Base64 DER, as KSeF sends it. */
  certificateBase64: string;
  /** Base64(SHA-256(SPKI DER)). */
  publicKeyId: string;
  privateKey: KeyObject;
}

export async function createTestCertificate(
  options: { notBefore?: Date; notAfter?: Date; cn?: string; modulusLength?: 1024 | 2048 } = {},
): Promise<TestCertificate> {
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    // 1024 bits is enough for tests that only need distinct keys (OAEP-SHA-256 still fits 32
    // bytes) and is several times faster to generate on a busy CI core.
    modulusLength: options.modulusLength ?? 2048,
  };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${options.cn ?? 'Test MF'}`,
    notBefore: options.notBefore ?? new Date('2020-01-01T00:00:00Z'),
    notAfter: options.notAfter ?? new Date('2040-01-01T00:00:00Z'),
    signingAlgorithm: algorithm,
    keys,
  });
  const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    certificateBase64: Buffer.from(certificate.rawData).toString('base64'),
    publicKeyId: createHash('sha256').update(spki).digest('base64'),
    privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
  };
}

export function certificateDto(
  cert: TestCertificate,
  overrides: Partial<PublicKeyCertificateDto> & { usage?: PublicKeyCertificateUsageDto[] } = {},
): PublicKeyCertificateDto {
  return {
    certificate: cert.certificateBase64,
    certificateId: createHash('sha256')
      .update(Buffer.from(cert.certificateBase64, 'base64'))
      .digest('base64'),
    publicKeyId: cert.publicKeyId,
    validFrom: '2020-01-01T00:00:00+00:00',
    validTo: '2040-01-01T00:00:00+00:00',
    usage: ['SymmetricKeyEncryption'],
    ...overrides,
  };
}
