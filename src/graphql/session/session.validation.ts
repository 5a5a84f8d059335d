// Argument checks that run before any upstream call, so a caller's mistake costs no KSeF request
// (and no rate-limit budget). Each throws BAD_USER_INPUT naming the argument in `extensions.field`.
import { isReferenceNumber, sessionKindOf } from '../../ksef/wire/reference-number';
import type { SessionKind } from '../../ksef/wire/reference-number';
import { badUserInput } from '../../errors/gateway-error';
import type { EncryptionInfoDto } from '../../ksef/wire/sessions.dto';
import type { EncryptionInput } from './open-online-session.input';
import { SESSIONS_PAGE_MAX } from './sessions.args';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function assertPageSize(first: number | null | undefined): number {
  const value = first ?? 10;
  if (!Number.isInteger(value) || value < 1 || value > SESSIONS_PAGE_MAX) {
    throw badUserInput(`"first" must be between 1 and ${SESSIONS_PAGE_MAX}, got ${value}.`, {
      field: 'first',
    });
  }
  return value;
}

/** A well-formed session reference (`SO` online or `SB` batch); returns its kind. */
export function assertSessionReference(value: string, field: string): SessionKind {
  const kind = sessionKindOf(value);
  if (kind === null) {
    throw badUserInput(
      isReferenceNumber(value)
        ? `"${field}" must be a session reference number (type SO or SB).`
        : `"${field}" is not a KSeF reference number (e.g. 20251122-SO-0123456789-ABCDEF0123-4F).`,
      { field },
    );
  }
  return kind;
}

export function assertReferenceNumber(value: string, field: string): void {
  if (!isReferenceNumber(value)) {
    throw badUserInput(`"${field}" is not a KSeF reference number.`, { field });
  }
}

/** Bytes of a strict Base64 string, or null when it is not Base64. */
export function toBase64Bytes(value: string): Buffer | null {
  if (value.length === 0 || value.length % 4 !== 0 || !BASE64.test(value)) return null;
  return Buffer.from(value, 'base64');
}

export function assertBase64Length(
  value: string,
  field: string,
  check: (bytes: number) => boolean,
  expected: string,
): Buffer {
  const bytes = toBase64Bytes(value);
  if (bytes === null) throw badUserInput(`"${field}" must be Base64.`, { field });
  if (!check(bytes.length)) {
    throw badUserInput(`"${field}" must be Base64 of ${expected}, got ${bytes.length} bytes.`, {
      field,
    });
  }
  return bytes;
}

/**
 * The caller's own key material, checked the way KSeF would reject it (an RSA-OAEP block of a
 * 2048–4096-bit key, a 16-byte IV, a 32-byte key id) but before spending a request on it.
 */
export function toEncryptionInfo(input: EncryptionInput): EncryptionInfoDto {
  assertBase64Length(
    input.encryptedSymmetricKey,
    'input.encryption.encryptedSymmetricKey',
    (n) => n >= 256 && n <= 512,
    '256 to 512 bytes (an RSA-OAEP-encrypted key)',
  );
  assertBase64Length(
    input.initializationVector,
    'input.encryption.initializationVector',
    (n) => n === 16,
    'exactly 16 bytes',
  );
  if (input.publicKeyId !== null && input.publicKeyId !== undefined) {
    if (input.publicKeyId.length !== 44) {
      throw badUserInput('"input.encryption.publicKeyId" must be 44 Base64 characters.', {
        field: 'input.encryption.publicKeyId',
      });
    }
    assertBase64Length(
      input.publicKeyId,
      'input.encryption.publicKeyId',
      (n) => n === 32,
      '32 bytes',
    );
  }
  return {
    encryptedSymmetricKey: input.encryptedSymmetricKey,
    initializationVector: input.initializationVector,
    ...(input.publicKeyId ? { publicKeyId: input.publicKeyId } : {}),
  };
}
