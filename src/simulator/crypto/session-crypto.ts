// The cryptography KSeF applies to what it receives (NOTES.md §8.2): the AES-256 session key and
// the KSeF token of a login come RSA-OAEP(SHA-256, MGF1-SHA-256)-encrypted; invoices and batch parts are AES-256-CBC/PKCS#7 with
// the session key and IV, ciphertext only (no IV prefix).
import {
  constants,
  createDecipheriv,
  createHash,
  privateDecrypt,
  type KeyObject,
} from 'node:crypto';

/** RSA-OAEP (SHA-256, MGF1-SHA-256) decryption; null when it fails (another key, bad padding). */
export function rsaOaepDecrypt(privateKey: KeyObject, ciphertext: Buffer): Buffer | null {
  try {
    return privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      ciphertext,
    );
  } catch {
    return null;
  }
}

/** The unwrapped 32-byte key, or null when it cannot be unwrapped (KSeF then reports 415). */
export function unwrapSymmetricKey(privateKey: KeyObject, wrapped: Buffer): Buffer | null {
  const key = rsaOaepDecrypt(privateKey, wrapped);
  return key?.length === 32 ? key : null;
}

/** The plaintext, or null when the ciphertext does not decrypt (wrong key/IV, bad padding). */
export function decryptAesCbc(key: Buffer, iv: Buffer, ciphertext: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}

export function sha256Base64(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('base64');
}
