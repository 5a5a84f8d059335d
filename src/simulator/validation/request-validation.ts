// Input checks that KSeF reports as 21405 with the validator's message in `details`. Messages
// follow the style of KSeF's ASP.NET validator ("The X field is required.").
import { formCodeNameOf, type FormCodeName } from '../../ksef/wire/form-codes';
import { isReferenceNumber } from '../../ksef/wire/reference-number';
import type { EncryptionInfoDto, FormCodeDto } from '../../ksef/wire/sessions.dto';
import { validationError } from '../server/api-error';

type Json = Record<string, unknown>;

export function parseJsonBody(body: Buffer): Json {
  if (body.length === 0) throw validationError('A non-empty request body is required.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw validationError(`The JSON value could not be converted: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw validationError('The request body must be a JSON object.');
  }
  return parsed as Json;
}

export function requireObject(value: unknown, field: string): Json {
  if (value === undefined || value === null)
    throw validationError(`The ${field} field is required.`);
  if (typeof value !== 'object' || Array.isArray(value))
    throw validationError(`The ${field} field must be an object.`);
  return value as Json;
}

export function requireString(value: unknown, field: string): string {
  if (value === undefined || value === null || value === '')
    throw validationError(`The ${field} field is required.`);
  if (typeof value !== 'string') throw validationError(`The ${field} field must be a string.`);
  return value;
}

export function requireInteger(
  value: unknown,
  field: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined || value === null)
    throw validationError(`The ${field} field is required.`);
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw validationError(`The ${field} field must be an integer.`);
  if (value < min || value > max)
    throw validationError(`The field ${field} must be between ${min} and ${max}.`);
  return value;
}

export function optionalBoolean(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw validationError(`The ${field} field must be a boolean.`);
  return value;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function requireBase64(value: unknown, field: string): Buffer {
  const text = requireString(value, field);
  if (!BASE64.test(text)) throw validationError(`The ${field} field is not a valid Base64 string.`);
  return Buffer.from(text, 'base64');
}

/** A Base64 SHA-256 (`Sha256HashBase64`: 44 characters, 32 bytes). */
export function requireSha256(value: unknown, field: string): string {
  const text = requireString(value, field);
  if (text.length !== 44 || !BASE64.test(text) || Buffer.from(text, 'base64').length !== 32) {
    throw validationError(
      `The field ${field} must be a Base64-encoded SHA-256 hash (44 characters).`,
    );
  }
  return text;
}

export function requireFormCode(value: unknown, allowed: readonly FormCodeName[]): FormCodeName {
  const raw = requireObject(value, 'formCode');
  const dto: FormCodeDto = {
    systemCode: requireString(raw.systemCode, 'formCode.systemCode'),
    schemaVersion: requireString(raw.schemaVersion, 'formCode.schemaVersion'),
    value: requireString(raw.value, 'formCode.value'),
  };
  const name = formCodeNameOf(dto);
  if (!name || !allowed.includes(name))
    throw validationError('Wskazany kod formularza nie jest wspierany.');
  return name;
}

export interface ParsedEncryption {
  dto: EncryptionInfoDto;
  wrappedKey: Buffer;
  iv: Buffer;
}

export function requireEncryption(value: unknown): ParsedEncryption {
  const raw = requireObject(value, 'encryption');
  const wrappedKey = requireBase64(raw.encryptedSymmetricKey, 'encryption.encryptedSymmetricKey');
  const iv = requireBase64(raw.initializationVector, 'encryption.initializationVector');
  if (iv.length !== 16) {
    throw validationError(
      `Nieprawidłowy wektor inicjujący. Oczekiwano 16 bajtów, otrzymano ${iv.length}.`,
    );
  }
  let publicKeyId: string | null = null;
  if (raw.publicKeyId !== undefined && raw.publicKeyId !== null) {
    publicKeyId = requireString(raw.publicKeyId, 'encryption.publicKeyId');
    if (publicKeyId.length !== 44 || !BASE64.test(publicKeyId)) {
      throw validationError('The field encryption.publicKeyId must be a string of length 44.');
    }
  }
  return {
    dto: {
      encryptedSymmetricKey: raw.encryptedSymmetricKey as string,
      initializationVector: raw.initializationVector as string,
      publicKeyId,
    },
    wrappedKey,
    iv,
  };
}

export function requireReferenceNumber(
  value: string | undefined,
  field = 'referenceNumber',
): string {
  if (!value || value.length !== 36 || !isReferenceNumber(value)) {
    throw validationError(`The field ${field} must be a valid reference number of length 36.`);
  }
  return value;
}

export function pageSizeOf(query: URLSearchParams): number {
  const raw = query.get('pageSize');
  if (raw === null) return 10;
  const size = Number(raw);
  if (!/^\d+$/.test(raw) || size < 10 || size > 1000) {
    throw validationError('The field pageSize must be between 10 and 1000.');
  }
  return size;
}

export function optionalDate(query: URLSearchParams, field: string): Date | undefined {
  const raw = query.get(field);
  if (raw === null || raw === '') return undefined;
  const time = Date.parse(raw);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}/.test(raw)) {
    throw validationError(`The value '${raw}' is not valid for ${field}.`);
  }
  return new Date(time);
}
