import { GraphQLError } from 'graphql';
import {
  assertPageSize,
  assertSessionReference,
  toBase64Bytes,
  toEncryptionInfo,
} from '../../../../src/graphql/session/session.validation';

const b64 = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return (error as GraphQLError).extensions['code'];
  }
  throw new Error('expected an error');
}

describe('input validation before any upstream call', () => {
  it.each([1, 10, 1000])('accepts first = %i', (first) => {
    expect(assertPageSize(first)).toBe(first);
  });

  it.each([0, -1, 1001])('refuses first = %i as BAD_USER_INPUT', (first) => {
    expect(codeOf(() => assertPageSize(first))).toBe('BAD_USER_INPUT');
  });

  it('tells online and batch sessions apart by the reference number', () => {
    expect(assertSessionReference('20251122-SO-0123456789-ABCDEF0123-4F', 'referenceNumber')).toBe(
      'online',
    );
    expect(assertSessionReference('20251122-SB-0123456789-ABCDEF0123-4F', 'referenceNumber')).toBe(
      'batch',
    );
  });

  it.each([
    '',
    'abc',
    '20251122-EE-0123456789-ABCDEF0123-4F',
    '20251122-so-0123456789-ABCDEF0123-4F',
  ])('refuses %j as a session reference', (value) => {
    expect(codeOf(() => assertSessionReference(value, 'referenceNumber'))).toBe('BAD_USER_INPUT');
  });

  it('reads strict Base64 only', () => {
    expect(toBase64Bytes(b64(16))?.length).toBe(16);
    expect(toBase64Bytes('abc')).toBeNull();
    expect(toBase64Bytes('ab$=')).toBeNull();
    expect(toBase64Bytes('')).toBeNull();
  });

  it('passes well-formed caller key material through unchanged', () => {
    const input = {
      encryptedSymmetricKey: b64(256),
      initializationVector: b64(16),
      publicKeyId: b64(32),
    };
    expect(toEncryptionInfo(input)).toEqual(input);
    expect(
      toEncryptionInfo({ encryptedSymmetricKey: b64(512), initializationVector: b64(16) }),
    ).toEqual({
      encryptedSymmetricKey: b64(512),
      initializationVector: b64(16),
    });
  });

  it.each([
    ['a key too short', { encryptedSymmetricKey: b64(32), initializationVector: b64(16) }],
    ['a key too long', { encryptedSymmetricKey: b64(513), initializationVector: b64(16) }],
    ['a key not Base64', { encryptedSymmetricKey: 'not base64!', initializationVector: b64(16) }],
    [
      'a hex IV',
      { encryptedSymmetricKey: b64(256), initializationVector: '00112233445566778899aabbccddeeff' },
    ],
    ['a 12-byte IV', { encryptedSymmetricKey: b64(256), initializationVector: b64(12) }],
    [
      'a short key id',
      { encryptedSymmetricKey: b64(256), initializationVector: b64(16), publicKeyId: b64(16) },
    ],
  ])('refuses %s as BAD_USER_INPUT', (_name, input) => {
    expect(codeOf(() => toEncryptionInfo(input))).toBe('BAD_USER_INPUT');
  });
});
