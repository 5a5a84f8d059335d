// The gateway's limiter counts per KSeF context, as KSeF does: two access tokens of one NIP
// together stay within one context's budget. The simulator enforces the same limits per context,
// so a limiter keyed per token would let the second token through to a 429 there.
import { ListSessionsDocument } from '../../../operations/__generated__/operations';
import { loginWithKsefTokenOverHttp } from '../../../support/ksef-token-login';
import { startStack } from '../../../support/stack';
import type { Stack } from '../../../support/stack';

const NIP = '6402505780';
// Per second, minute, hour: the minute window of GET /sessions holds three calls.
const SESSION_LIST = { perSecond: 10, perMinute: 3, perHour: 100 };

describe('the rate limiter in front of KSeF', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      simulator: { rateLimits: { sessionList: SESSION_LIST } },
      env: {
        KSEF_RATE_LIMITS: `sessionList=${SESSION_LIST.perSecond}/${SESSION_LIST.perMinute}/${SESSION_LIST.perHour}`,
        // A wait of a minute cannot fit: the gateway refuses at once instead of queueing.
        OPERATION_TIMEOUT_MS: '3000',
        KSEF_TIMEOUT_MS: '3000',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('keeps two access tokens of one context within one budget: no 429 from KSeF', async () => {
    const { token } = stack.simulator.auth.issueKsefToken({ nip: NIP });
    const first = await loginWithKsefTokenOverHttp(stack.simulator.url, {
      nip: NIP,
      ksefToken: token,
    });
    const second = await loginWithKsefTokenOverHttp(stack.simulator.url, {
      nip: NIP,
      ksefToken: token,
    });
    const list = (accessToken: string) =>
      stack.runDocument(ListSessionsDocument, { type: 'ONLINE', first: 10 }, accessToken);

    const outcomes = [];
    for (const accessToken of [first, second, first, second, second].map(
      (t) => t.accessToken.token,
    )) {
      const result = await list(accessToken);
      outcomes.push(result.errors?.[0]?.extensions?.code ?? 'ok');
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);

    const listCalls = stack.simulator.requestLog
      .entries()
      .filter((entry) => entry.route === 'GET /sessions');
    expect(listCalls.map((entry) => entry.status)).toEqual([200, 200, 200]);
  });
});
