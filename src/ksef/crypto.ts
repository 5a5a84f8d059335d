// Client-side encryption as KSeF requires it (KSeF docs: bezpieczenstwo/klucze-publiczne-do-szyfrowania.md and sesja-interaktywna.md): a fresh AES-256 key and IV
// per session, the key wrapped with RSA-OAEP (SHA-256, MGF1-SHA-256) under MF's
// `SymmetricKeyEncryption` certificate, invoices encrypted with AES-256-CBC/PKCS#7; and the
// KSeF token of a login, RSA-OAEP-encrypted under the `KsefTokenEncryption` certificate.
//
// Keys are secrets of the caller: nothing here logs them, and they live only in the returned values.
import {
  X509Certificate,
  constants,
  createCipheriv,
  createHash,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { KsefError } from './ksef-error';
import { ksefTokenPlaintext } from './wire/auth.dto';
import type { SendInvoiceRequestDto } from './wire/sessions.dto';

export interface SessionKey {
  /** 32 bytes, AES-256. */
  key: Buffer;
  /** 16 bytes, the CBC initialization vector (sent separately; never prefixed to ciphertext). */
  iv: Buffer;
}

export function generateSessionKey(): SessionKey {
  return { key: randomBytes(32), iv: randomBytes(16) };
}

/** Base64 RSA-OAEP(SHA-256, MGF1-SHA-256) of `key` under the certificate's public key. */
export function wrapSymmetricKey(key: Buffer, certificateBase64Der: string): string {
  return rsaOaepEncrypt(key, certificateBase64Der);
}

/**
 * What POST /auth/ksef-token carries: Base64 RSA-OAEP (SHA-256) of `ksefToken|timestampMs` under
 * MF's `KsefTokenEncryption` certificate (KSeF docs: uwierzytelnianie.md §2.2). The token is a
 * secret: it exists here only as the plaintext of this one encryption.
 */
export function encryptKsefToken(
  ksefToken: string,
  timestampMs: number,
  certificateBase64Der: string,
): string {
  return rsaOaepEncrypt(
    Buffer.from(ksefTokenPlaintext(ksefToken, timestampMs), 'utf8'),
    certificateBase64Der,
  );
}

function rsaOaepEncrypt(plaintext: Buffer, certificateBase64Der: string): string {
  return publicEncrypt(
    {
      key: publicKeyOf(certificateBase64Der),
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      // Node uses the same hash for MGF1 as for OAEP, which is what KSeF expects.
      oaepHash: 'sha256',
    },
    plaintext,
  ).toString('base64');
}

/** Base64(SHA-256(SubjectPublicKeyInfo DER)) — how KSeF names a key in `publicKeyId`. */
export function publicKeyIdOf(certificateBase64Der: string): string {
  const spki = publicKeyOf(certificateBase64Der).export({ type: 'spki', format: 'der' });
  return sha256Base64(spki);
}

/**
 * AES-256-CBC/PKCS#7 of the invoice XML with the session key, ciphertext only (KSeF reads the IV
 * from the session's `encryption.initializationVector`; a prefixed IV makes the invoice fail
 * with 435), plus the hashes and sizes KSeF checks (21402/21403).
 */
export function encryptInvoice(
  xml: string | Buffer,
  key: Buffer,
  iv: Buffer,
  options: { offlineMode?: boolean; hashOfCorrectedInvoice?: string } = {},
): SendInvoiceRequestDto {
  const plaintext = Buffer.isBuffer(xml) ? xml : Buffer.from(xml, 'utf8');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    invoiceHash: sha256Base64(plaintext),
    invoiceSize: plaintext.length,
    encryptedInvoiceHash: sha256Base64(ciphertext),
    encryptedInvoiceSize: ciphertext.length,
    encryptedInvoiceContent: ciphertext.toString('base64'),
    ...(options.offlineMode !== undefined && { offlineMode: options.offlineMode }),
    ...(options.hashOfCorrectedInvoice !== undefined && {
      hashOfCorrectedInvoice: options.hashOfCorrectedInvoice,
    }),
  };
}

export function sha256Base64(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('base64');
}

function publicKeyOf(certificateBase64Der: string): KeyObject {
  try {
    return new X509Certificate(Buffer.from(certificateBase64Der, 'base64')).publicKey;
  } catch {
    // The certificate comes from KSeF's /security/public-key-certificates.
    throw new KsefError({
      kind: 'contract-violation',
      message: 'KSeF public key certificate is not a readable X.509 DER certificate',
    });
  }
}
