import { DEFAULT_MAX_TRACKED_TOKENS } from '../../../../src/simulator/rate-limit/sliding-window';
import { startSimulator } from '../../../../src/simulator/simulator';

async function inParallel(total: number, workers: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

const TOKENS = DEFAULT_MAX_TRACKED_TOKENS + 200;

describe('per-token state under many distinct tokens', () => {
  // 20 000 tokens go through the limiter itself in the unit test; here enough of them pass through
  // HTTP to overflow the cap (and stay cheap on a busy machine).
  it('tracks no more than its cap however many distinct bearer tokens list sessions', async () => {
    const sim = await startSimulator({ port: 0, rateLimits: true });
    try {
      const statuses = new Map<number, number>();
      const padding = 'x'.repeat(1500); // KSeF access tokens are JWTs of about this size
      await inParallel(TOKENS, 16, async (i) => {
        const r = await fetch(`${sim.url}/sessions?sessionType=Online`, {
          headers: { authorization: `Bearer ${padding}${i}` },
        });
        await r.arrayBuffer();
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      });
      expect(Object.fromEntries(statuses)).toEqual({ 200: TOKENS });
      expect(sim.stats()).toMatchObject({
        rateLimitedTokens: DEFAULT_MAX_TRACKED_TOKENS,
        rateLimitedRequests: DEFAULT_MAX_TRACKED_TOKENS,
        callerContexts: 0, // listing sessions leaves no state behind for a caller without any
        sessions: 0,
      });
    } finally {
      await sim.stop();
    }
  });
});
