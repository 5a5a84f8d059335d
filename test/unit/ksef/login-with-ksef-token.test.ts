import { constants, privateDecrypt } from 'node:crypto';
import type { KsefAuthClient } from '../../../src/ksef/auth.client';
import { KsefError } from '../../../src/ksef/ksef-error';
import { loginWithKsefToken } from '../../../src/ksef/login-with-ksef-token';
import type { LoginDeps } from '../../../src/ksef/login-with-ksef-token';
import type { PublicKeyProvider } from '../../../src/ksef/public-key-provider';
import type { InitTokenAuthenticationRequestDto } from '../../../src/ksef/wire/auth.dto';
import type { StatusInfoDto } from '../../../src/ksef/wire/sessions.dto';
import { certificateDto, createTestCertificate } from '../../support/test-certificate';
import type { TestCertificate } from '../../support/test-certificate';

const KSEF_TOKEN = '20251010-EC-1DCE3E3000-12ECB5B36E-45|nip-6402505780|919f7044';
const CONTEXT = { type: 'Nip', value: '6402505780' } as const;
const TOKENS = {
  accessToken: { token: 'access', validUntil: '2026-01-01T00:15:00Z' },
  refreshToken: { token: 'refresh', validUntil: '2026-01-08T00:00:00Z' },
};

let current: TestCertificate;
let renewed: TestCertificate;
beforeAll(async () => {
  [current, renewed] = await Promise.all([createTestCertificate(), createTestCertificate()]);
}, 60_000);

/** A scripted KSeF: the statuses the operation shows, one per read, the last one repeating. */
function fakeKsef(statuses: StatusInfoDto[], options: { unknownKeyOnce?: boolean } = {}) {
  const submitted: InitTokenAuthenticationRequestDto[] = [];
  let reads = 0;
  let redeems = 0;
  let challenges = 0;
  let refuseKey = options.unknownKeyOnce ?? false;
  const auth: KsefAuthClient = {
    getChallenge: () => {
      challenges++;
      return Promise.resolve({
        challenge: `20260101-CR-000000000${challenges}-0000000000-00`,
        timestamp: '2026-01-01T00:00:00Z',
        timestampMs: 1_767_225_600_000 + challenges,
        clientIp: '127.0.0.1',
      });
    },
    submitKsefToken: (request) => {
      submitted.push(request);
      if (refuseKey) {
        refuseKey = false;
        return Promise.reject(
          new KsefError({
            kind: 'bad-request',
            message: 'unknown key',
            errors: [{ code: 21470, description: 'x', details: [] }],
          }),
        );
      }
      return Promise.resolve({
        referenceNumber: '20260101-AU-0000000000-0000000000-00',
        authenticationToken: { token: 'operation-token', validUntil: '2026-01-01T00:45:00Z' },
      });
    },
    getAuthenticationStatus: () => {
      const status = statuses[Math.min(reads, statuses.length - 1)]!;
      reads++;
      return Promise.resolve({
        startDate: '2026-01-01T00:00:00Z',
        authenticationMethod: 'Token',
        authenticationMethodInfo: { category: 'Token', code: 'token.ksef', displayName: 'Token' },
        status,
      });
    },
    redeemTokens: () => {
      redeems++;
      return Promise.resolve(TOKENS);
    },
    refreshAccessToken: () => Promise.reject(new Error('not used')),
  };
  let refreshed = 0;
  const tokenKeys: PublicKeyProvider = {
    current: () => Promise.resolve(certificateDto(current, { usage: ['KsefTokenEncryption'] })),
    refresh: () => {
      refreshed++;
      return Promise.resolve(certificateDto(renewed, { usage: ['KsefTokenEncryption'] }));
    },
  };
  return {
    auth,
    tokenKeys,
    submitted,
    reads: () => reads,
    redeems: () => redeems,
    challenges: () => challenges,
    refreshed: () => refreshed,
  };
}

/** A clock that moves only when the login sleeps. */
function fakeTime(deadlineInMs: number) {
  let now = 0;
  const waits: number[] = [];
  return {
    now: () => now,
    deadline: deadlineInMs,
    waits,
    sleep: (ms: number) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const IN_PROGRESS = { code: 100, description: 'Uwierzytelnianie w toku' };
const DONE = { code: 200, description: 'Uwierzytelnianie zakończone sukcesem' };

function depsOf(ksef: ReturnType<typeof fakeKsef>, deadline = 60_000): LoginDeps {
  return {
    auth: ksef.auth,
    tokenKeys: ksef.tokenKeys,
    deadline: Date.now() + deadline,
    polling: { firstDelayMs: 1, factor: 2, maxDelayMs: 4 },
  };
}

describe('logging in with a KSeF token', () => {
  it('encrypts token|timestampMs under the KsefTokenEncryption key, polls until 200 and redeems once', async () => {
    const ksef = fakeKsef([IN_PROGRESS, IN_PROGRESS, IN_PROGRESS, IN_PROGRESS, DONE]);
    const tokens = await loginWithKsefToken(depsOf(ksef), {
      context: CONTEXT,
      ksefToken: KSEF_TOKEN,
    });
    expect(tokens).toEqual(TOKENS);
    expect([ksef.reads(), ksef.redeems()]).toEqual([5, 1]);
    const [request] = ksef.submitted;
    expect(request).toMatchObject({ contextIdentifier: CONTEXT, publicKeyId: current.publicKeyId });
    const plaintext = privateDecrypt(
      { key: current.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(request!.encryptedToken, 'base64'),
    ).toString('utf8');
    expect(plaintext).toBe(`${KSEF_TOKEN}|1767225600001`);
  });

  it('waits a little longer between each status read, up to its ceiling', async () => {
    const time = fakeTime(10_000);
    const ksef = fakeKsef([IN_PROGRESS, IN_PROGRESS, IN_PROGRESS, IN_PROGRESS, IN_PROGRESS, DONE]);
    const login = loginWithKsefToken(
      {
        auth: ksef.auth,
        tokenKeys: ksef.tokenKeys,
        deadline: time.deadline,
        now: time.now,
        sleep: time.sleep,
        polling: { firstDelayMs: 100, factor: 1.5, maxDelayMs: 300 },
      },
      { context: CONTEXT, ksefToken: KSEF_TOKEN },
    );
    await login;
    expect(ksef.reads()).toBe(6);
    expect(time.waits).toEqual([100, 150, 225, 300, 300]);
  });

  it.each([
    [450, 'unauthenticated', 'Nieprawidłowy token'],
    [415, 'forbidden', 'Brak przypisanych uprawnień'],
    [550, 'unavailable', 'Spróbuj ponownie'],
  ])(
    'turns a failed operation (%i) into %s naming the reason, and redeems nothing',
    async (code, kind, detail) => {
      const ksef = fakeKsef([
        IN_PROGRESS,
        { code, description: 'Uwierzytelnianie zakończone niepowodzeniem', details: [detail] },
      ]);
      const failure = await loginWithKsefToken(depsOf(ksef), {
        context: CONTEXT,
        ksefToken: KSEF_TOKEN,
      }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(KsefError);
      expect(failure).toMatchObject({ kind, errors: [{ code, details: [detail] }] });
      expect((failure as KsefError).message).toContain(detail);
      expect((failure as KsefError).message).not.toContain(KSEF_TOKEN);
      expect(ksef.redeems()).toBe(0);
    },
  );

  it('gives up when the next look would come after the deadline, without redeeming', async () => {
    const time = fakeTime(1_000);
    const ksef = fakeKsef([IN_PROGRESS]);
    const failure = await loginWithKsefToken(
      {
        auth: ksef.auth,
        tokenKeys: ksef.tokenKeys,
        deadline: time.deadline,
        now: time.now,
        sleep: time.sleep,
        polling: { firstDelayMs: 100, factor: 2, maxDelayMs: 400 },
      },
      { context: CONTEXT, ksefToken: KSEF_TOKEN },
    ).catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: 'unavailable', transport: 'timeout' });
    expect((failure as KsefError).message).toContain('still 100');
    // 100 + 200 + 400 = 700 ms waited; another 400 would pass the deadline at 1 000.
    expect(time.waits).toEqual([100, 200, 400]);
    expect([ksef.reads(), ksef.redeems()]).toEqual([4, 0]);
  });

  it('fetches the key again and restarts with a fresh challenge once on 21470', async () => {
    const ksef = fakeKsef([DONE], { unknownKeyOnce: true });
    await loginWithKsefToken(depsOf(ksef), { context: CONTEXT, ksefToken: KSEF_TOKEN });
    expect([ksef.refreshed(), ksef.challenges(), ksef.submitted.length]).toEqual([1, 2, 2]);
    expect(ksef.submitted[1]!.publicKeyId).toBe(renewed.publicKeyId);
    expect(ksef.submitted[1]!.challenge).not.toBe(ksef.submitted[0]!.challenge);
  });
});
