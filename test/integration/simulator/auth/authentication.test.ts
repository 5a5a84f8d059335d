// The simulator's KSeF-token login over real HTTP, driven by a client written against the wire
// (test/support/ksef-token-login.ts): the operation's states, one-time redeem, expiry of
// challenges and tokens on the simulator's clock, refresh, revocation, and what a login context
// means for sessions, rate limits and invoices.
import { buildSampleInvoice } from '../../../../src/simulator/sample-invoice';
import { startSimulator } from '../../../../src/simulator/simulator';
import type { SimulatorHandle, SimulatorOptions } from '../../../../src/simulator/simulator';
import {
  authCall,
  finalAuthStatus,
  loginWithKsefTokenOverHttp,
  startKsefTokenLogin,
} from '../../../support/ksef-token-login';
import { api, openOnline, sendInvoice, waitForInvoice } from '../../../support/simulator-client';

const NIP = '5265877635';
const OTHER_NIP = '7010002139';

interface Clock {
  now: () => number;
  advance(ms: number): void;
}

function clock(): Clock {
  let skew = 0;
  return { now: () => Date.now() + skew, advance: (ms) => (skew += ms) };
}

describe('the simulator logs in with a KSeF token', () => {
  let sim: SimulatorHandle;
  let time: Clock;

  async function start(options: SimulatorOptions = {}): Promise<void> {
    time = clock();
    sim = await startSimulator({
      port: 0,
      processingDelayMs: 10,
      ...options,
      auth: { authenticationDelayMs: 0, now: time.now, ...options.auth },
    });
  }

  afterEach(async () => {
    await sim?.stop();
  });

  it('shows the operation in progress (100) until its delay has passed, then 200', async () => {
    await start({ auth: { authenticationDelayMs: 60_000 } });
    const { token } = sim.auth.issueKsefToken({ nip: NIP });
    const login = await startKsefTokenLogin(sim.url, { nip: NIP, ksefToken: token });
    const bearer = { bearer: login.authenticationToken };
    const early = await authCall(sim.url, 'GET', `/auth/${login.referenceNumber}`, bearer);
    expect(early.json.status).toEqual({ code: 100, description: 'Uwierzytelnianie w toku' });
    const tooEarly = await authCall(sim.url, 'POST', '/auth/token/redeem', bearer);
    expect([tooEarly.status, tooEarly.json.exception.exceptionDetailList[0].exceptionCode]).toEqual(
      [400, 21301],
    );
    time.advance(60_000);
    const done = await authCall(sim.url, 'GET', `/auth/${login.referenceNumber}`, bearer);
    expect(done.json).toMatchObject({
      authenticationMethod: 'Token',
      authenticationMethodInfo: { category: 'Token' },
      status: { code: 200 },
      isTokenRedeemed: false,
    });
  });

  it('redeems tokens once and answers 21301 to the second redeem', async () => {
    await start();
    const { token } = sim.auth.issueKsefToken({ nip: NIP });
    const login = await startKsefTokenLogin(sim.url, { nip: NIP, ksefToken: token });
    await finalAuthStatus(sim.url, login);
    const bearer = { bearer: login.authenticationToken };
    const first = await authCall(sim.url, 'POST', '/auth/token/redeem', bearer);
    expect(first.status).toBe(200);
    const second = await authCall(sim.url, 'POST', '/auth/token/redeem', bearer);
    expect(second.status).toBe(400);
    expect(second.json.exception.exceptionDetailList[0]).toMatchObject({
      exceptionCode: 21301,
      details: [
        `Tokeny dla operacji uwierzytelniania ${login.referenceNumber} zostały już pobrane.`,
      ],
    });
    const status = await authCall(sim.url, 'GET', `/auth/${login.referenceNumber}`, bearer);
    expect(status.json.isTokenRedeemed).toBe(true);
  });

  it.each([
    [
      'a token the simulator never issued',
      () => 'nope|nip-5265877635|00',
      NIP,
      450,
      'Nieprawidłowy token',
    ],
    [
      'another NIP than the token belongs to',
      (t: string) => t,
      OTHER_NIP,
      415,
      'Brak przypisanych uprawnień',
    ],
  ])('fails the operation for %s', async (_name, tokenOf, nip, code, detail) => {
    await start();
    const { token } = sim.auth.issueKsefToken({ nip: NIP });
    const login = await startKsefTokenLogin(sim.url, { nip, ksefToken: tokenOf(token) });
    const status = await finalAuthStatus(sim.url, login);
    expect(status.json.status).toMatchObject({ code, details: [detail] });
    const redeem = await authCall(sim.url, 'POST', '/auth/token/redeem', {
      bearer: login.authenticationToken,
    });
    expect(redeem.status).toBe(400);
  });

  it('fails the operation (450) for a timestamp that is not the challenge’s and for a revoked token', async () => {
    await start();
    const { token } = sim.auth.issueKsefToken({ nip: NIP });
    const stale = await startKsefTokenLogin(sim.url, {
      nip: NIP,
      ksefToken: token,
      plaintext: (timestampMs) => `${token}|${timestampMs - 1}`,
    });
    expect((await finalAuthStatus(sim.url, stale)).json.status.details).toEqual([
      'Nieprawidłowy czas tokena',
    ]);
    expect(sim.auth.revokeKsefToken(token)).toBe(true);
    const revoked = await startKsefTokenLogin(sim.url, { nip: NIP, ksefToken: token });
    expect((await finalAuthStatus(sim.url, revoked)).json.status).toMatchObject({
      code: 450,
      details: ['Token unieważniony'],
    });
  });

  it('takes a challenge once and only within its lifetime (21111 otherwise)', async () => {
    await start({ auth: { challengeValidityMs: 1_000 } });
    const { token } = sim.auth.issueKsefToken({ nip: NIP });
    const body = async () => {
      const challenge = await authCall(sim.url, 'POST', '/auth/challenge');
      return {
        challenge: challenge.json.challenge,
        contextIdentifier: { type: 'Nip', value: NIP },
        encryptedToken: Buffer.from(token).toString('base64'),
      };
    };
    const reused = await body();
    expect((await authCall(sim.url, 'POST', '/auth/ksef-token', { body: reused })).status).toBe(
      202,
    );
    const again = await authCall(sim.url, 'POST', '/auth/ksef-token', { body: reused });
    expect([again.status, again.json.exception.exceptionDetailList[0].exceptionCode]).toEqual([
      400, 21111,
    ]);
    const expired = await body();
    time.advance(1_000);
    const late = await authCall(sim.url, 'POST', '/auth/ksef-token', { body: expired });
    expect([late.status, late.json.exception.exceptionDetailList[0].exceptionCode]).toEqual([
      400, 21111,
    ]);
  });

  it('gives two logins of one NIP the same sessions, and a free-form bearer its own', async () => {
    await start();
    const { token } = sim.auth.issueKsefToken({ nip: NIP });
    const first = await loginWithKsefTokenOverHttp(sim.url, { nip: NIP, ksefToken: token });
    const second = await loginWithKsefTokenOverHttp(sim.url, { nip: NIP, ksefToken: token });
    expect(second.accessToken.token).not.toBe(first.accessToken.token);
    const opened = await openOnline(sim, first.accessToken.token);
    const listed = await api(sim, 'GET', '/sessions?sessionType=Online', {
      token: second.accessToken.token,
    });
    expect(listed.json.sessions.map((s: { referenceNumber: string }) => s.referenceNumber)).toEqual(
      [opened.referenceNumber],
    );
    const read = await api(sim, 'GET', `/sessions/${opened.referenceNumber}`, {
      token: second.accessToken.token,
    });
    expect(read.status).toBe(200);
    const stranger = await api(sim, 'GET', '/sessions?sessionType=Online', { token: 'free-form' });
    expect([stranger.status, stranger.json.sessions]).toEqual([200, []]);
  });

  it('refuses an expired access token with 401 and gives a working one for the refresh token', async () => {
    await start({ auth: { accessTokenValidityMs: 60_000 } });
    const { token } = sim.auth.issueKsefToken({ nip: NIP });
    const tokens = await loginWithKsefTokenOverHttp(sim.url, { nip: NIP, ksefToken: token });
    // `exp` counts whole seconds, rounded up.
    time.advance(61_000);
    const expired = await api(sim, 'GET', '/sessions?sessionType=Online', {
      token: tokens.accessToken.token,
    });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const refreshed = await authCall(sim.url, 'POST', '/auth/token/refresh', {
      bearer: tokens.refreshToken.token,
    });
    expect(refreshed.status).toBe(200);
    const works = await api(sim, 'GET', '/sessions?sessionType=Online', {
      token: refreshed.json.accessToken.token,
    });
    expect(works.status).toBe(200);
  });

  it('answers 400 21301 to a refresh once the KSeF token is revoked, 401 to a token of another kind', async () => {
    await start();
    const { token } = sim.auth.issueKsefToken({ nip: NIP });
    const tokens = await loginWithKsefTokenOverHttp(sim.url, { nip: NIP, ksefToken: token });
    const withAccess = await authCall(sim.url, 'POST', '/auth/token/refresh', {
      bearer: tokens.accessToken.token,
    });
    expect(withAccess.status).toBe(401);
    sim.auth.revokeKsefToken(token);
    const revoked = await authCall(sim.url, 'POST', '/auth/token/refresh', {
      bearer: tokens.refreshToken.token,
    });
    expect(revoked.status).toBe(400);
    expect(revoked.json.exception.exceptionDetailList[0]).toMatchObject({
      exceptionCode: 21301,
      details: ['Token KSeF został unieważniony.'],
    });
    // The access token stays valid until it expires, as on KSeF.
    const stillValid = await api(sim, 'GET', '/sessions?sessionType=Online', {
      token: tokens.accessToken.token,
    });
    expect(stillValid.status).toBe(200);
  });

  it('refuses tokens it signed in an earlier run, and refresh and operation tokens on the API', async () => {
    await start();
    const { token } = sim.auth.issueKsefToken({ nip: NIP });
    const tokens = await loginWithKsefTokenOverHttp(sim.url, { nip: NIP, ksefToken: token });
    const asAccess = await api(sim, 'GET', '/sessions?sessionType=Online', {
      token: tokens.refreshToken.token,
    });
    expect(asAccess.status).toBe(401);
    await sim.stop();
    await start();
    const foreign = await api(sim, 'GET', '/sessions?sessionType=Online', {
      token: tokens.accessToken.token,
    });
    expect(foreign.status).toBe(401);
  });

  it('counts the rate limits of a NIP once for all its access tokens', async () => {
    await start({ rateLimits: { sessionList: { perSecond: 100, perMinute: 2, perHour: 100 } } });
    const { token } = sim.auth.issueKsefToken({ nip: NIP });
    const first = await loginWithKsefTokenOverHttp(sim.url, { nip: NIP, ksefToken: token });
    const second = await loginWithKsefTokenOverHttp(sim.url, { nip: NIP, ksefToken: token });
    const list = (t: string) => api(sim, 'GET', '/sessions?sessionType=Online', { token: t });
    const statuses = [
      (await list(first.accessToken.token)).status,
      (await list(second.accessToken.token)).status,
      (await list(second.accessToken.token)).status,
    ];
    expect(statuses).toEqual([200, 200, 429]);
    // A free-form bearer is a context of its own, with its own budget.
    expect((await list('free-form')).status).toBe(200);
  });

  it('refuses (410) an invoice of another seller from a logged-in context, not from a free-form bearer', async () => {
    await start();
    const { token } = sim.auth.issueKsefToken({ nip: NIP });
    const { accessToken } = await loginWithKsefTokenOverHttp(sim.url, {
      nip: NIP,
      ksefToken: token,
    });
    const session = await openOnline(sim, accessToken.token);
    const own = await sendInvoice(
      sim,
      session,
      buildSampleInvoice({ sellerNip: NIP }),
      accessToken.token,
    );
    const foreign = await sendInvoice(
      sim,
      session,
      buildSampleInvoice({ sellerNip: OTHER_NIP }),
      accessToken.token,
    );
    const ownStatus = await waitForInvoice(sim, session.referenceNumber, own, accessToken.token);
    const foreignStatus = await waitForInvoice(
      sim,
      session.referenceNumber,
      foreign,
      accessToken.token,
    );
    expect(ownStatus.status.code).toBe(200);
    expect(foreignStatus.status).toMatchObject({
      code: 410,
      description: 'Nieprawidłowy zakres uprawnień',
    });

    const plain = await openOnline(sim, 'free-form');
    const any = await sendInvoice(
      sim,
      plain,
      buildSampleInvoice({ sellerNip: OTHER_NIP }),
      'free-form',
    );
    expect((await waitForInvoice(sim, plain.referenceNumber, any, 'free-form')).status.code).toBe(
      200,
    );
  });

  it('seeds a KSeF token and demo sessions for the sandbox NIP next to the sandbox token', async () => {
    await start({ seed: { token: 'sandbox-bearer', nip: NIP } });
    const seeded = sim.seededKsefToken!;
    expect(seeded.nip).toBe(NIP);
    const { accessToken } = await loginWithKsefTokenOverHttp(sim.url, {
      nip: NIP,
      ksefToken: seeded.token,
    });
    const listed = await api(sim, 'GET', '/sessions?sessionType=Online', {
      token: accessToken.token,
    });
    expect(listed.json.sessions.length).toBeGreaterThan(0);
    expect(listed.json.sessions.map((s: { status: { code: number } }) => s.status.code)).toContain(
      200,
    );
  });
});
