import { constants, privateDecrypt } from 'node:crypto';
import { KsefError } from '../../../src/ksef/ksef-error';
import { openOnlineSession } from '../../../src/ksef/open-online-session';
import type { PublicKeyProvider } from '../../../src/ksef/public-key-provider';
import type {
  OpenOnlineSessionRequestDto,
  PublicKeyCertificateDto,
} from '../../../src/ksef/wire/sessions.dto';
import { certificateDto, createTestCertificate } from '../../support/test-certificate';
import type { TestCertificate } from '../../support/test-certificate';

const formCode = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' };
const opened = {
  referenceNumber: '20251122-SO-0123456789-ABCDEF0123-4F',
  validUntil: '2025-11-23T05:00:00+00:00',
};

function unknownKey(): KsefError {
  return new KsefError({
    kind: 'bad-request',
    message: 'unknown key',
    status: 400,
    errors: [
      { code: 21470, description: 'Klucz o identyfikatorze X nie jest wspierany', details: [] },
    ],
  });
}

describe('openOnlineSession use case', () => {
  let first: TestCertificate;
  let second: TestCertificate;
  beforeAll(async () => {
    [first, second] = await Promise.all([
      createTestCertificate({ modulusLength: 1024 }),
      createTestCertificate({ modulusLength: 1024 }),
    ]);
  }, 60_000);

  function provider(current: PublicKeyCertificateDto, renewed: PublicKeyCertificateDto = current) {
    const keys: PublicKeyProvider & { refreshes: number } = {
      refreshes: 0,
      current: jest.fn(() => Promise.resolve(current)),
      refresh: jest.fn(() => {
        keys.refreshes++;
        return Promise.resolve(renewed);
      }),
    };
    return keys;
  }

  it('passes caller-given encryption through unchanged and returns no key', async () => {
    const encryption = {
      encryptedSymmetricKey: 'AAAA',
      initializationVector: 'BBBB',
      publicKeyId: null,
    };
    const openOnline = jest.fn((_: OpenOnlineSessionRequestDto) => Promise.resolve(opened));
    const keys = provider(certificateDto(first));
    const result = await openOnlineSession(
      { client: { openOnlineSession: openOnline }, publicKeys: keys },
      formCode,
      encryption,
    );
    expect(result).toEqual({ response: opened });
    expect(openOnline).toHaveBeenCalledWith({ formCode, encryption });
    expect(keys.current).not.toHaveBeenCalled();
  });

  it('generates a key, wraps it for the current certificate, sends publicKeyId and returns key and IV once', async () => {
    const openOnline = jest.fn((_: OpenOnlineSessionRequestDto) => Promise.resolve(opened));
    const result = await openOnlineSession(
      { client: { openOnlineSession: openOnline }, publicKeys: provider(certificateDto(first)) },
      formCode,
    );
    expect(result.response).toEqual(opened);
    const sent = openOnline.mock.calls[0]![0];
    expect(sent.formCode).toEqual(formCode);
    expect(sent.encryption.publicKeyId).toBe(first.publicKeyId);
    expect(sent.encryption.initializationVector).toBe(result.generatedKey!.initializationVector);
    expect(Buffer.from(result.generatedKey!.initializationVector, 'base64')).toHaveLength(16);
    const unwrapped = privateDecrypt(
      { key: first.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(sent.encryption.encryptedSymmetricKey, 'base64'),
    );
    expect(unwrapped.toString('base64')).toBe(result.generatedKey!.symmetricKey);
    expect(unwrapped).toHaveLength(32);
  });

  it('on 21470 refreshes the certificate once and retries once with the new key id', async () => {
    const openOnline = jest
      .fn<Promise<typeof opened>, [OpenOnlineSessionRequestDto]>()
      .mockRejectedValueOnce(unknownKey())
      .mockResolvedValueOnce(opened);
    const keys = provider(certificateDto(first), certificateDto(second));
    const result = await openOnlineSession(
      { client: { openOnlineSession: openOnline }, publicKeys: keys },
      formCode,
    );
    expect(result.response).toEqual(opened);
    expect(keys.refreshes).toBe(1);
    expect(openOnline).toHaveBeenCalledTimes(2);
    const retried = openOnline.mock.calls[1]![0];
    expect(retried.encryption.publicKeyId).toBe(second.publicKeyId);
    const unwrapped = privateDecrypt(
      { key: second.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(retried.encryption.encryptedSymmetricKey, 'base64'),
    );
    expect(unwrapped.toString('base64')).toBe(result.generatedKey!.symmetricKey);
  });

  it('gives up after one retry when KSeF refuses the new key too', async () => {
    const openOnline = jest.fn((_: OpenOnlineSessionRequestDto): Promise<typeof opened> => {
      return Promise.reject(unknownKey());
    });
    const keys = provider(certificateDto(first), certificateDto(second));
    await expect(
      openOnlineSession({ client: { openOnlineSession: openOnline }, publicKeys: keys }, formCode),
    ).rejects.toMatchObject({
      kind: 'bad-request',
    });
    expect(openOnline).toHaveBeenCalledTimes(2);
    expect(keys.refreshes).toBe(1);
  });

  it('does not retry when the refreshed certificate has the same key id', async () => {
    const openOnline = jest.fn((_: OpenOnlineSessionRequestDto): Promise<typeof opened> => {
      return Promise.reject(unknownKey());
    });
    const keys = provider(certificateDto(first));
    await expect(
      openOnlineSession({ client: { openOnlineSession: openOnline }, publicKeys: keys }, formCode),
    ).rejects.toBeInstanceOf(KsefError);
    expect(openOnline).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      'a validation error',
      new KsefError({
        kind: 'bad-request',
        message: 'x',
        errors: [{ code: 21405, description: '', details: [] }],
      }),
    ],
    [
      'a timeout (the outcome of a POST is then unknown)',
      new KsefError({ kind: 'unavailable', message: 'x', transport: 'timeout' }),
    ],
  ])('does not retry after %s', async (_name, failure) => {
    const openOnline = jest.fn((_: OpenOnlineSessionRequestDto): Promise<typeof opened> => {
      return Promise.reject(failure);
    });
    const keys = provider(certificateDto(first), certificateDto(second));
    await expect(
      openOnlineSession({ client: { openOnlineSession: openOnline }, publicKeys: keys }, formCode),
    ).rejects.toBe(failure);
    expect(openOnline).toHaveBeenCalledTimes(1);
    expect(keys.refreshes).toBe(0);
  });
});
