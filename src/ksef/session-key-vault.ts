// Sealed handles to an online session's AES key (DESIGN.md §10). The gateway stays stateless:
// instead of keeping the key, it hands the caller `v1.<kid>.<base64url(nonce | ciphertext | tag)>`,
// AES-256-GCM under a gateway secret. The plaintext is the expiry (the session's validUntil) and
// the key and IV; the session reference and the caller's KSeF context are additional
// authenticated data, so a handle opens only for the session it was made for, presented by a
// caller of the same context, before it expires. Any replica with the same secrets opens it.
//
// Rotation: the first secret seals, every listed secret opens (by key id), so a new secret can be
// put first while handles sealed under the old one stay valid until their sessions end.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealingSecret {
  /** A short name carried in the handle: [A-Za-z0-9_-], 1–32 characters. */
  kid: string;
  /** 32 random bytes. */
  key: Buffer;
}

export interface SessionKeyMaterial {
  /** 32 bytes, AES-256. */
  key: Buffer;
  /** 16 bytes, the CBC initialization vector. */
  iv: Buffer;
}

export interface SealBinding {
  sessionReferenceNumber: string;
  /** The caller's KSeF context (caller-context.ts). */
  context: string;
}

export type OpenResult =
  | { ok: true; material: SessionKeyMaterial; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'not-this-session-or-caller' | 'expired' };

export interface SessionKeyVault {
  seal(material: SessionKeyMaterial, binding: SealBinding, expiresAt: Date): string;
  open(handle: string, binding: SealBinding, now?: Date): OpenResult;
}

export const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
// 8 bytes of expiry (ms since epoch) + 32 of key + 16 of IV.
const PLAINTEXT_BYTES = 8 + 32 + 16;
/** Longer than any handle this vault makes: refused before any decoding work. */
const MAX_HANDLE_LENGTH = 256;

function additionalData(kid: string, binding: SealBinding): Buffer {
  // Length-prefixed, so that no two different bindings can serialise alike.
  const parts = [VERSION, kid, binding.sessionReferenceNumber, binding.context];
  return Buffer.from(parts.map((part) => `${part.length}:${part}`).join('|'), 'utf8');
}

export function createSessionKeyVault(secrets: readonly SealingSecret[]): SessionKeyVault {
  const first = secrets[0];
  if (first === undefined) throw new Error('a session key vault needs at least one secret');
  for (const secret of secrets) {
    if (!KID_PATTERN.test(secret.kid)) throw new Error(`unusable key id ${secret.kid}`);
    if (secret.key.length !== 32) throw new Error(`secret ${secret.kid} is not 32 bytes`);
  }
  const byKid = new Map(secrets.map((secret) => [secret.kid, secret.key]));

  return {
    seal(material, binding, expiresAt) {
      const plaintext = Buffer.alloc(PLAINTEXT_BYTES);
      plaintext.writeBigUInt64BE(BigInt(expiresAt.getTime()), 0);
      material.key.copy(plaintext, 8);
      material.iv.copy(plaintext, 40);
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', first.key, nonce);
      cipher.setAAD(additionalData(first.kid, binding));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      plaintext.fill(0);
      const sealed = Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]).toString('base64url');
      return `${VERSION}.${first.kid}.${sealed}`;
    },

    open(handle, binding, now = new Date()) {
      if (handle.length > MAX_HANDLE_LENGTH) return { ok: false, reason: 'malformed' };
      const [version, kid, sealed, ...rest] = handle.split('.');
      if (version !== VERSION || kid === undefined || sealed === undefined || rest.length > 0) {
        return { ok: false, reason: 'malformed' };
      }
      if (!/^[A-Za-z0-9_-]+$/.test(sealed)) return { ok: false, reason: 'malformed' };
      const secret = byKid.get(kid);
      if (secret === undefined) return { ok: false, reason: 'unknown-key' };
      const bytes = Buffer.from(sealed, 'base64url');
      if (bytes.length !== NONCE_BYTES + PLAINTEXT_BYTES + TAG_BYTES) {
        return { ok: false, reason: 'malformed' };
      }
      const decipher = createDecipheriv('aes-256-gcm', secret, bytes.subarray(0, NONCE_BYTES));
      decipher.setAAD(additionalData(kid, binding));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      let plaintext: Buffer;
      try {
        plaintext = Buffer.concat([
          decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
          decipher.final(),
        ]);
      } catch {
        // Tampered, or sealed for another session or context: GCM cannot tell which.
        return { ok: false, reason: 'not-this-session-or-caller' };
      }
      const expiresAt = new Date(Number(plaintext.readBigUInt64BE(0)));
      if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
      return {
        ok: true,
        material: {
          key: Buffer.from(plaintext.subarray(8, 40)),
          iv: Buffer.from(plaintext.subarray(40)),
        },
        expiresAt,
      };
    },
  };
}

/** Parses `kid:base64-32-bytes,…` (GATEWAY_KEY_SECRETS); problems as sentences. */
export function parseSealingSecrets(
  text: string,
): { ok: true; secrets: SealingSecret[] } | { ok: false; problems: string[] } {
  const secrets: SealingSecret[] = [];
  const problems: string[] = [];
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const kid = colon < 0 ? '' : entry.slice(0, colon);
    const encoded = colon < 0 ? '' : entry.slice(colon + 1);
    // Never echo the secret part: the message is printed to the console.
    if (!KID_PATTERN.test(kid)) {
      problems.push(`entry ${index + 1} is not kid:base64 with a key id of [A-Za-z0-9_-]{1,32}`);
      return;
    }
    const key = Buffer.from(encoded, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || key.length !== 32) {
      problems.push(`the secret of ${kid} is not Base64 of 32 bytes`);
      return;
    }
    if (secrets.some((secret) => secret.kid === kid)) {
      problems.push(`key id ${kid} is listed twice`);
      return;
    }
    secrets.push({ kid, key });
  });
  if (entries.length === 0) problems.push('no secret given');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, secrets };
}
