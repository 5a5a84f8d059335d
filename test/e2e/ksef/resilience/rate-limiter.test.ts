// The gateway's limiter against the simulator with KSeF's rate limits on: callers asking three
// times faster than KSeF's per-second limit must never make KSeF answer 429. Each caller gets its
// data (queued within the operation's deadline) or RATE_LIMITED with the seconds to wait, decided
// by the gateway before any call is sent. Counts come from the simulator's request log. Every
// request reads a different session (identical reads in flight would share one KSeF call, see
// shared-reads.test.ts, and never reach the limiter): one the caller opened, the rest unknown to
// KSeF, which still counts each read against the caller's budget and answers "no such session".
import { KSEF_DEFAULT_RATE_LIMITS } from '../../../../src/ksef/wire/rate-limit-groups';
import { GetSessionDocument } from '../../../operations/__generated__/operations';
import { newToken, openSession, startStack } from '../../../support/stack';
import type { GraphqlResult } from '../../../support/stack';

const STATUS_ROUTE = 'GET /sessions/{referenceNumber}';

jest.setTimeout(60_000);

describe('the gateway rate limiter against KSeF limits', () => {
  it('sends at three times the per-second limit without a single 429 from KSeF', async () => {
    await using stack = await startStack({
      simulator: { rateLimits: true },
      // A short operation deadline, so that calls which would queue too long are refused.
      env: { KSEF_RATE_LIMITS: 'on', KSEF_TIMEOUT_MS: '3000', OPERATION_TIMEOUT_MS: '4000' },
    });
    const token = newToken();
    const { session } = await openSession(stack, token);
    stack.simulator.requestLog.clear();

    const perSecond = KSEF_DEFAULT_RATE_LIMITS.sessionMisc.perSecond;
    const rate = 3 * perSecond;
    const seconds = 3;
    const refs = Array.from({ length: rate * seconds }, (_, i) =>
      i === 0
        ? session.referenceNumber
        : `20250101-SO-${i.toString(16).toUpperCase().padStart(10, '0')}-0000000000-00`,
    );
    const answers: Promise<GraphqlResult>[] = [];
    for (const referenceNumber of refs) {
      answers.push(stack.runDocument(GetSessionDocument, { referenceNumber }, token));
      await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
    }
    const results = await Promise.all(answers);

    const ok = results.filter((r) => r.errors === undefined && r.data !== undefined);
    expect(results[0]?.data?.session?.referenceNumber).toBe(session.referenceNumber);
    const refused = results.filter((r) => r.errors !== undefined);
    for (const result of refused) {
      expect(result.errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'RATE_LIMITED',
            retryAfterSeconds: expect.any(Number),
          }),
        }),
      ]);
      expect(result.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(0);
    }
    expect(ok.length + refused.length).toBe(rate * seconds);
    // The limiter let through at least what KSeF's per-second window allows in this time …
    expect(ok.length).toBeGreaterThanOrEqual(perSecond * seconds);
    // … and KSeF saw every one of those calls and answered none of them 429.
    const log = stack.simulator.requestLog.entries().filter((e) => e.route === STATUS_ROUTE);
    expect(log.filter((e) => e.status === 429)).toEqual([]);
    expect(log.length).toBe(ok.length);
  });
});
