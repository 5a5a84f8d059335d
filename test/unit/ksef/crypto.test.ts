import { constants, createDecipheriv, createHash, privateDecrypt } from 'node:crypto';
import {
  encryptInvoice,
  generateSessionKey,
  publicKeyIdOf,
  wrapSymmetricKey,
} from '../../../src/ksef/crypto';
import { KsefError } from '../../../src/ksef/ksef-error';
import { createTestCertificate } from '../../support/test-certificate';
import type { TestCertificate } from '../../support/test-certificate';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('base64');

describe('session crypto', () => {
  let cert: TestCertificate;
  beforeAll(async () => {
    cert = await createTestCertificate();
  }, 60_000);

  it('generates a 32-byte key and a 16-byte IV, fresh each time', () => {
    const a = generateSessionKey();
    const b = generateSessionKey();
    expect(a.key).toHaveLength(32);
    expect(a.iv).toHaveLength(16);
    expect(a.key.equals(b.key)).toBe(false);
    expect(a.iv.equals(b.iv)).toBe(false);
  });

  it('wraps the key with RSA-OAEP SHA-256 so that the certificate owner unwraps exactly that key', () => {
    const { key } = generateSessionKey();
    const wrapped = Buffer.from(wrapSymmetricKey(key, cert.certificateBase64), 'base64');
    expect(wrapped).toHaveLength(256); // RSA-2048
    const unwrapped = privateDecrypt(
      { key: cert.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      wrapped,
    );
    expect(unwrapped.equals(key)).toBe(true);
  });

  it('wraps with SHA-256, not SHA-1: OAEP with SHA-1 cannot unwrap it', () => {
    const { key } = generateSessionKey();
    const wrapped = Buffer.from(wrapSymmetricKey(key, cert.certificateBase64), 'base64');
    expect(() =>
      privateDecrypt(
        { key: cert.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
        wrapped,
      ),
    ).toThrow();
  });

  it('computes publicKeyId as Base64 SHA-256 of the SubjectPublicKeyInfo', () => {
    expect(publicKeyIdOf(cert.certificateBase64)).toBe(cert.publicKeyId);
    expect(cert.publicKeyId).toHaveLength(44);
  });

  it('refuses an unreadable certificate with a contract-violation', () => {
    expect(() =>
      wrapSymmetricKey(Buffer.alloc(32), Buffer.from('not a cert').toString('base64')),
    ).toThrow(KsefError);
    let thrown: unknown;
    try {
      publicKeyIdOf('AAAA');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ kind: 'contract-violation' });
  });

  it('encrypts an invoice with AES-256-CBC: ciphertext only, decryptable with key and IV, hashes and sizes right', () => {
    const { key, iv } = generateSessionKey();
    const xml = '<?xml version="1.0" encoding="UTF-8"?><Faktura>zażółć gęślą jaźń</Faktura>';
    const plaintext = Buffer.from(xml, 'utf8');
    const request = encryptInvoice(xml, key, iv);
    const ciphertext = Buffer.from(request.encryptedInvoiceContent, 'base64');

    // PKCS#7 pads to the next full block, never adds an IV block in front.
    expect(ciphertext.length).toBe((Math.floor(plaintext.length / 16) + 1) * 16);
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    expect(Buffer.concat([decipher.update(ciphertext), decipher.final()]).equals(plaintext)).toBe(
      true,
    );

    expect(request.invoiceSize).toBe(plaintext.length);
    expect(request.invoiceHash).toBe(sha256(plaintext));
    expect(request.encryptedInvoiceSize).toBe(ciphertext.length);
    expect(request.encryptedInvoiceHash).toBe(sha256(ciphertext));
    expect(request.invoiceHash).toHaveLength(44);
    expect(request).not.toHaveProperty('offlineMode');
  });

  it('does not prefix the IV: decrypting the first block as an IV would lose the start of the invoice', () => {
    const { key, iv } = generateSessionKey();
    const xml = Buffer.from('<Faktura>' + 'x'.repeat(40) + '</Faktura>');
    const ciphertext = Buffer.from(encryptInvoice(xml, key, iv).encryptedInvoiceContent, 'base64');
    expect(ciphertext.subarray(0, 16).equals(iv)).toBe(false);
    expect(ciphertext.length).toBe(Math.ceil((xml.length + 1) / 16) * 16);
  });

  it('passes offline mode and the corrected invoice hash through', () => {
    const { key, iv } = generateSessionKey();
    const request = encryptInvoice(Buffer.from('<a/>'), key, iv, {
      offlineMode: true,
      hashOfCorrectedInvoice: 'h'.repeat(44),
    });
    expect(request.offlineMode).toBe(true);
    expect(request.hashOfCorrectedInvoice).toBe('h'.repeat(44));
  });
});
