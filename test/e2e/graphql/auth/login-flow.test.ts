// Logging in through the gateway, end to end over HTTP against the simulator: a KSeF token
// becomes access and refresh tokens, the access token belongs to its NIP's context (a second
// login of that NIP sees the sessions and can use the sealed keys of the first), refresh gives a
// working token, an expired token is UNAUTHENTICATED, and a wrong KSeF token fails clearly —
// with no token of any kind in the gateway's trace-level log.
import { createLogger } from '../../../../src/logging/logger';
import { buildSampleInvoice } from '../../../../src/simulator/sample-invoice';
import {
  ListSessionsDocument,
  LoginWithKsefTokenDocument,
  RefreshAccessTokenDocument,
  SendInvoiceDocument,
} from '../../../operations/__generated__/operations';
import { captureLog } from '../../../support/captured-log';
import { openSession, startStack } from '../../../support/stack';
import type { Stack } from '../../../support/stack';

const NIP = '6402505780';
const ACCESS_TOKEN_VALIDITY_MS = 10 * 60_000;

describe('logging in with a KSeF token through the gateway', () => {
  let stack: Stack;
  let skew = 0;
  const log = captureLog();

  beforeAll(async () => {
    stack = await startStack({
      simulator: {
        auth: { accessTokenValidityMs: ACCESS_TOKEN_VALIDITY_MS, now: () => Date.now() + skew },
      },
      observability: { logger: createLogger({ level: 'trace', destination: log.stream }) },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const login = (ksefToken: string, nip = NIP) =>
    stack.runDocument(
      LoginWithKsefTokenDocument,
      { input: { context: { type: 'NIP', value: nip }, ksefToken } },
      null,
    );

  const listOnline = (token: string) =>
    stack.runDocument(ListSessionsDocument, { type: 'ONLINE', first: 20 }, token);

  it('runs the whole flow: login, a shared context, refresh, expiry and a wrong token', async () => {
    const secrets: string[] = [];
    const { token: ksefToken } = stack.simulator.auth.issueKsefToken({ nip: NIP });
    secrets.push(ksefToken);
    const before = stack.simulator.requestLog.entries().length;

    // Login: the five KSeF steps, the two public ones without an Authorization header.
    const first = await login(ksefToken);
    expect(first.errors).toBeUndefined();
    const tokens = first.data!.loginWithKsefToken;
    secrets.push(tokens.accessToken.token, tokens.refreshToken.token);
    expect(new Date(tokens.accessToken.validUntil).getTime()).toBeGreaterThan(Date.now() + skew);
    const calls = stack.simulator.requestLog.entries().slice(before);
    expect(calls.map((c) => c.route).filter((r) => r !== 'GET /auth/{referenceNumber}')).toEqual([
      'GET /security/public-key-certificates',
      'POST /auth/challenge',
      'POST /auth/ksef-token',
      'POST /auth/token/redeem',
    ]);
    expect(calls.filter((c) => c.route === 'GET /auth/{referenceNumber}').length).toBeGreaterThan(
      0,
    );
    expect(
      calls.filter((c) => c.route.startsWith('POST /auth/')).map((c) => c.hadAuthorization),
    ).toEqual([false, false, true]);

    // The access token lists the context's sessions (none yet), then opens one.
    expect((await listOnline(tokens.accessToken.token)).data!.sessions.edges).toEqual([]);
    const opened = await openSession(stack, tokens.accessToken.token);

    // A second login of the same NIP is the same context: it sees the session and can send into
    // it with the sealed key the first token got.
    const second = (await login(ksefToken)).data!.loginWithKsefToken;
    secrets.push(second.accessToken.token, second.refreshToken.token);
    expect(second.accessToken.token).not.toBe(tokens.accessToken.token);
    const seen = (await listOnline(second.accessToken.token)).data!.sessions.edges;
    expect(seen.map((edge) => edge.node.referenceNumber)).toEqual([opened.session.referenceNumber]);
    const sent = await stack.runDocument(
      SendInvoiceDocument,
      {
        input: {
          sessionReferenceNumber: opened.session.referenceNumber,
          sessionKey: opened.sessionKey,
          invoiceXml: buildSampleInvoice({ sellerNip: NIP }),
        },
      },
      second.accessToken.token,
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendInvoice.sessionReferenceNumber).toBe(opened.session.referenceNumber);

    // Refresh gives a working access token.
    const refreshed = await stack.runDocument(
      RefreshAccessTokenDocument,
      { refreshToken: tokens.refreshToken.token },
      null,
    );
    expect(refreshed.errors).toBeUndefined();
    const renewed = refreshed.data!.refreshAccessToken.token;
    secrets.push(renewed);
    expect((await listOnline(renewed)).errors).toBeUndefined();

    // Once its time has passed, an access token is UNAUTHENTICATED.
    skew += ACCESS_TOKEN_VALIDITY_MS + 1_000;
    const expired = await listOnline(tokens.accessToken.token);
    expect(expired.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(expired.errors?.[0]?.extensions?.upstream?.status).toBe(401);

    // A wrong KSeF token: a clear error naming KSeF's reason.
    const wrongToken = `${ksefToken.slice(0, -8)}deadbeef`;
    secrets.push(wrongToken);
    const wrong = await login(wrongToken);
    expect(wrong.data).toBeNull();
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0]?.message).toContain('KSeF refused the login with the KSeF token');
    expect(wrong.errors?.[0]?.message).toContain('Nieprawidłowy token');
    expect(wrong.errors?.[0]?.extensions?.upstream?.errors?.[0]?.code).toBe(450);

    // The log saw all of it at trace level, and none of the tokens.
    const text = log.raw();
    expect(text).toContain('LoginWithKsefToken');
    // Every upstream call is there (debug lines), the KSeF-token ones included.
    expect(text).toContain('/auth/ksef-token');
    expect(text).toContain('/auth/token/refresh');
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      // Nor the part of a KSeF token that is its secret.
      expect(text).not.toContain(secret.split('|').pop()!);
    }
  });

  it('answers UNAUTHENTICATED to a refresh token KSeF refuses (400 21301 once the KSeF token is revoked)', async () => {
    const { token: ksefToken } = stack.simulator.auth.issueKsefToken({ nip: NIP });
    const tokens = (await login(ksefToken)).data!.loginWithKsefToken;
    stack.simulator.auth.revokeKsefToken(ksefToken);
    const refused = await stack.runDocument(
      RefreshAccessTokenDocument,
      { refreshToken: tokens.refreshToken.token },
      null,
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      upstream: { status: 400, errors: [{ code: 21301 }] },
    });
    const garbage = await stack.runDocument(
      RefreshAccessTokenDocument,
      { refreshToken: 'not-a-refresh-token' },
      null,
    );
    expect(garbage.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a login into a context the token does not belong to as FORBIDDEN (415)', async () => {
    const { token: ksefToken } = stack.simulator.auth.issueKsefToken({ nip: NIP });
    const other = await login(ksefToken, '5265877635');
    expect(other.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      upstream: { errors: [{ code: 415, details: ['Brak przypisanych uprawnień'] }] },
    });
  });

  it('refuses a malformed NIP or KSeF token with BAD_USER_INPUT before any KSeF call', async () => {
    const before = stack.simulator.requestLog.entries().length;
    const badNip = await login('20251010-EC-1DCE3E3000-12ECB5B36E-45|nip-6402505780|ab', '123');
    expect(badNip.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.context.value',
    });
    const badToken = await login('a token with spaces');
    expect(badToken.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.ksefToken',
    });
    expect(badToken.errors?.[0]?.message).not.toContain('a token with spaces');
    expect(stack.simulator.requestLog.entries().length).toBe(before);
  });

  it('needs no Authorization header and ignores one that is sent', async () => {
    const { token: ksefToken } = stack.simulator.auth.issueKsefToken({ nip: NIP });
    const result = await stack.runDocument(
      LoginWithKsefTokenDocument,
      { input: { context: { type: 'NIP', value: NIP }, ksefToken } },
      'some-other-bearer',
    );
    expect(result.errors).toBeUndefined();
  });
});
