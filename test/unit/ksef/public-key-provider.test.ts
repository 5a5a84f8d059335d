import { KsefError } from '../../../src/ksef/ksef-error';
import {
  createPublicKeyProvider,
  selectCertificate,
  selectSymmetricKeyCertificate,
} from '../../../src/ksef/public-key-provider';
import type { KsefSecurityClient } from '../../../src/ksef/security.client';
import type { PublicKeyCertificateDto } from '../../../src/ksef/wire/sessions.dto';
import { certificateDto, createTestCertificate } from '../../support/test-certificate';
import type { TestCertificate } from '../../support/test-certificate';

describe('public key certificate selection and caching', () => {
  let older: TestCertificate;
  let newer: TestCertificate;
  let tokenKey: TestCertificate;
  beforeAll(async () => {
    [older, newer, tokenKey] = await Promise.all([
      createTestCertificate({ modulusLength: 1024 }),
      createTestCertificate({ modulusLength: 1024 }),
      createTestCertificate({ modulusLength: 1024 }),
    ]);
  }, 60_000);

  const at = new Date('2026-06-01T00:00:00Z');

  it('picks the SymmetricKeyEncryption certificate valid now with the latest validFrom', () => {
    const list = [
      certificateDto(tokenKey, {
        usage: ['KsefTokenEncryption'],
        validFrom: '2026-05-01T00:00:00Z',
      }),
      certificateDto(older, { validFrom: '2025-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z' }),
      certificateDto(newer, { validFrom: '2026-03-01T00:00:00Z', validTo: '2028-01-01T00:00:00Z' }),
    ];
    expect(selectSymmetricKeyCertificate(list, at)?.publicKeyId).toBe(newer.publicKeyId);
  });

  it('accepts a certificate carrying both usages', () => {
    const list = [
      certificateDto(older, { usage: ['KsefTokenEncryption', 'SymmetricKeyEncryption'] }),
    ];
    expect(selectSymmetricKeyCertificate(list, at)?.publicKeyId).toBe(older.publicKeyId);
  });

  it('skips certificates not yet valid or expired', () => {
    const list = [
      certificateDto(older, { validFrom: '2024-01-01T00:00:00Z', validTo: '2026-05-31T23:59:59Z' }),
      certificateDto(newer, { validFrom: '2026-07-01T00:00:00Z', validTo: '2028-01-01T00:00:00Z' }),
    ];
    expect(selectSymmetricKeyCertificate(list, at)).toBeUndefined();
  });

  it('skips a certificate whose publicKeyId is not the hash of its own key, and unreadable dates', () => {
    const list = [
      certificateDto(older, { publicKeyId: newer.publicKeyId }),
      certificateDto(newer, { validFrom: 'yesterday' }),
    ];
    expect(selectSymmetricKeyCertificate(list, at)).toBeUndefined();
  });

  function fakeSecurity(lists: PublicKeyCertificateDto[][]) {
    let call = 0;
    const security: KsefSecurityClient & { calls: () => number } = {
      getPublicKeyCertificates: jest.fn(async () => {
        const list = lists[Math.min(call, lists.length - 1)]!;
        call++;
        await new Promise((resolve) => setImmediate(resolve));
        return list;
      }),
      calls: () => call,
    };
    return security;
  }

  it('fetches once and serves the cached certificate until its validTo', async () => {
    let now = new Date('2026-06-01T00:00:00Z');
    const security = fakeSecurity([
      [certificateDto(older, { validTo: '2026-06-02T00:00:00Z' })],
      [certificateDto(newer)],
    ]);
    const provider = createPublicKeyProvider(security, () => now);
    expect((await provider.current()).publicKeyId).toBe(older.publicKeyId);
    expect((await provider.current()).publicKeyId).toBe(older.publicKeyId);
    expect(security.calls()).toBe(1);

    now = new Date('2026-06-02T00:00:00Z');
    expect((await provider.current()).publicKeyId).toBe(newer.publicKeyId);
    expect(security.calls()).toBe(2);
  });

  it('shares one fetch among concurrent callers', async () => {
    const security = fakeSecurity([[certificateDto(older)]]);
    const provider = createPublicKeyProvider(security, () => at);
    const results = await Promise.all([
      provider.current(),
      provider.current(),
      provider.current(),
      provider.refresh(),
    ]);
    expect(new Set(results.map((c) => c.publicKeyId))).toEqual(new Set([older.publicKeyId]));
    expect(security.calls()).toBe(1);
  });

  it('refresh() fetches again even when the cache is still valid', async () => {
    const security = fakeSecurity([[certificateDto(older)], [certificateDto(newer)]]);
    const provider = createPublicKeyProvider(security, () => at);
    expect((await provider.current()).publicKeyId).toBe(older.publicKeyId);
    expect((await provider.refresh()).publicKeyId).toBe(newer.publicKeyId);
    expect((await provider.current()).publicKeyId).toBe(newer.publicKeyId);
    expect(security.calls()).toBe(2);
  });

  it('fails with a contract-violation when none is usable, and does not cache the failure', async () => {
    const security = fakeSecurity([
      [certificateDto(tokenKey, { usage: ['KsefTokenEncryption'] })],
      [certificateDto(older)],
    ]);
    const provider = createPublicKeyProvider(security, () => at);
    const failure = await provider.current().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KsefError);
    expect((failure as KsefError).kind).toBe('contract-violation');
    expect((failure as KsefError).message).toMatch(/SymmetricKeyEncryption/);
    expect((await provider.current()).publicKeyId).toBe(older.publicKeyId);
  });

  it('picks the KsefTokenEncryption certificate for logins, never the session-key one', () => {
    const list = [
      certificateDto(older, { validFrom: '2026-05-01T00:00:00Z' }),
      certificateDto(tokenKey, {
        usage: ['KsefTokenEncryption'],
        validFrom: '2025-01-01T00:00:00Z',
      }),
    ];
    expect(selectCertificate(list, 'KsefTokenEncryption', at)?.publicKeyId).toBe(
      tokenKey.publicKeyId,
    );
    expect(selectCertificate([list[0]!], 'KsefTokenEncryption', at)).toBeUndefined();
  });

  it('serves and names the usage it was made for', async () => {
    const security = fakeSecurity([
      [certificateDto(older)],
      [certificateDto(older), certificateDto(tokenKey, { usage: ['KsefTokenEncryption'] })],
    ]);
    const provider = createPublicKeyProvider(security, () => at, 'KsefTokenEncryption');
    const failure = await provider.current().catch((error: unknown) => error);
    expect((failure as KsefError).message).toMatch(/KsefTokenEncryption/);
    expect((await provider.current()).publicKeyId).toBe(tokenKey.publicKeyId);
  });

  it('does not cache an upstream failure either', async () => {
    const getPublicKeyCertificates = jest
      .fn<Promise<PublicKeyCertificateDto[]>, []>()
      .mockRejectedValueOnce(new KsefError({ kind: 'unavailable', message: 'down' }))
      .mockResolvedValueOnce([certificateDto(older)]);
    const provider = createPublicKeyProvider({ getPublicKeyCertificates }, () => at);
    await expect(provider.current()).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(provider.current()).resolves.toMatchObject({ publicKeyId: older.publicKeyId });
  });
});
