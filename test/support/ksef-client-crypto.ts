// The client side of KSeF's session encryption, written independently of src/ with node:crypto
// only, so that the simulator's tests do not trust the code they check: RSA-OAEP(SHA-256) wraps a fresh AES-256 key for the
// SymmetricKeyEncryption certificate; invoices and batch parts are AES-256-CBC/PKCS#7 ciphertext without an IV
// prefix; hashes are Base64 SHA-256.
import {
  X509Certificate,
  constants,
  createCipheriv,
  createHash,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';

export interface PublicKeyCertificate {
  certificate: string;
  publicKeyId: string;
  usage: string[];
}

export interface SessionKeys {
  key: Buffer;
  iv: Buffer;
  encryption: { encryptedSymmetricKey: string; initializationVector: string; publicKeyId: string };
}

export const FA3 = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' } as const;

export function sha256Base64(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('base64');
}

export function symmetricKeyCertificate(
  certificates: PublicKeyCertificate[],
): PublicKeyCertificate {
  const found = certificates.find((c) => c.usage.includes('SymmetricKeyEncryption'));
  if (found === undefined) throw new Error('no SymmetricKeyEncryption certificate was published');
  return found;
}

/** A session's key and IV (fresh unless given), the key wrapped for the certificate. */
export function newSessionKeys(
  certificate: PublicKeyCertificate,
  key: Buffer = randomBytes(32),
  iv: Buffer = randomBytes(16),
): SessionKeys {
  const publicKey = new X509Certificate(Buffer.from(certificate.certificate, 'base64')).publicKey;
  const wrapped = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    key,
  );
  return {
    key,
    iv,
    encryption: {
      encryptedSymmetricKey: wrapped.toString('base64'),
      initializationVector: iv.toString('base64'),
      publicKeyId: certificate.publicKeyId,
    },
  };
}

export function aesEncrypt(keys: Pick<SessionKeys, 'key' | 'iv'>, plaintext: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-cbc', keys.key, keys.iv);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

export interface SendInvoiceBody {
  invoiceHash: string;
  invoiceSize: number;
  encryptedInvoiceHash: string;
  encryptedInvoiceSize: number;
  encryptedInvoiceContent: string;
  offlineMode: boolean;
}

/** The SendInvoiceRequest for `xml`, encrypted with `keys` (pass other keys to provoke a 435). */
export function sendInvoiceBody(
  keys: Pick<SessionKeys, 'key' | 'iv'>,
  xml: string | Buffer,
): SendInvoiceBody {
  const plaintext = Buffer.isBuffer(xml) ? xml : Buffer.from(xml, 'utf8');
  const ciphertext = aesEncrypt(keys, plaintext);
  return {
    invoiceHash: sha256Base64(plaintext),
    invoiceSize: plaintext.length,
    encryptedInvoiceHash: sha256Base64(ciphertext),
    encryptedInvoiceSize: ciphertext.length,
    encryptedInvoiceContent: ciphertext.toString('base64'),
    offlineMode: false,
  };
}

export interface BatchPackage {
  batchFile: {
    fileSize: number;
    fileHash: string;
    compressionType: 'Zip';
    fileParts: { ordinalNumber: number; fileSize: number; fileHash: string }[];
  };
  encryptedParts: Buffer[];
}

/** Splits the package into `partCount` slices and encrypts each one separately with the session key and IV. */
export function batchPackage(keys: SessionKeys, zip: Buffer, partCount: number): BatchPackage {
  const sliceSize = Math.ceil(zip.length / partCount);
  const encryptedParts = Array.from({ length: partCount }, (_, i) =>
    aesEncrypt(keys, zip.subarray(i * sliceSize, (i + 1) * sliceSize)),
  );
  return {
    batchFile: {
      fileSize: zip.length,
      fileHash: sha256Base64(zip),
      compressionType: 'Zip',
      fileParts: encryptedParts.map((part, i) => ({
        ordinalNumber: i + 1,
        fileSize: part.length,
        fileHash: sha256Base64(part),
      })),
    },
    encryptedParts,
  };
}
