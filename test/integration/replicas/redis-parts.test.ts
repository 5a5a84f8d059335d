// The lease and fan-out of live pollers, and the store of final answers, against a real Redis:
// two links stand for two replicas.
import type { FeedLinkEvents } from '../../../src/live/feed-coordination';
import { createPollerLeases } from '../../../src/replicas/poller-leases';
import { createSharedAnswerStore } from '../../../src/replicas/shared-answer-store';
import { sha256 } from '../../../src/ksef/caller-context';
import { DEFAULT_REPLICA_SETTINGS } from '../../../src/replicas/replica-settings';
import { eventually } from '../../support/stack';
import { hasRedisServer, useTestRedisLinks } from '../../support/redis';

const describeWithRedis = hasRedisServer() ? describe : describe.skip;
const LEASE_MS = 400;

describeWithRedis('replica parts in Redis', () => {
  const redis = useTestRedisLinks();
  const link = () => redis.link();

  function listener() {
    const values: unknown[] = [];
    let wakes = 0;
    const events: FeedLinkEvents = { value: (v) => values.push(v), wake: () => (wakes += 1) };
    return { events, values, wakes: () => wakes };
  }

  it('gives the lease to one feed, fans its states out, and hands over when it is given back', async () => {
    const [one, two] = await Promise.all([link(), link()]);
    const first = listener();
    const second = listener();
    const a = createPollerLeases(one, LEASE_MS).link('feed-1', first.events);
    const b = createPollerLeases(two, LEASE_MS).link('feed-1', second.events);
    // Both subscriptions must have reached Redis before anything is published (pub/sub keeps
    // nothing for a subscriber that is not there yet).
    const channel = `${DEFAULT_REPLICA_SETTINGS.keyPrefix}live:${sha256('feed-1')}`;
    await eventually(async () => {
      const [, count] = (await one.commands.pubsub('NUMSUB', channel)) as [string, number];
      return count === 2 ? true : undefined;
    });

    expect(await a.claim()).toBe(true);
    expect(await b.claim()).toBe(false);
    // The holder renews: after several lease times it still holds it.
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS * 3));
    expect(await b.claim()).toBe(false);
    expect(await a.claim()).toBe(true);

    a.broadcast({ code: 170 });
    a.nudge();
    await eventually(() => Promise.resolve(second.values.length > 0 ? true : undefined));
    expect(second.values).toEqual([{ code: 170 }]);
    await eventually(() => Promise.resolve(second.wakes() > 0 ? true : undefined));
    // A feed does not hear itself.
    expect(first.values).toEqual([]);

    a.close();
    await eventually(async () => ((await b.claim()) ? true : undefined), { intervalMs: 20 });
    b.close();
  });

  it('lets another take over once a holder stops renewing (its replica died)', async () => {
    const [one, two] = await Promise.all([link(), link()]);
    const a = createPollerLeases(one, LEASE_MS).link('feed-2', listener().events);
    const b = createPollerLeases(two, LEASE_MS).link('feed-2', listener().events);
    expect(await a.claim()).toBe(true);
    // The dead replica's connection goes; nothing gives the lease back.
    one.commands.disconnect();
    const died = Date.now();
    await eventually(async () => ((await b.claim()) ? true : undefined), { intervalMs: 20 });
    expect(Date.now() - died).toBeLessThanOrEqual(LEASE_MS + 200);
    b.close();
  });

  it('keeps final answers for every replica, UPO bytes included, until they expire', async () => {
    const [one, two] = await Promise.all([link(), link()]);
    const here = createSharedAnswerStore(one);
    const there = createSharedAnswerStore(two);
    const upo = { bytes: Buffer.from('<UPO>ż</UPO>'), metaHash: 'aGFzaA==' };
    here.markVerified('token:abc', 5_000);
    here.keep('audience:x\u0000invoice_upo\u0000r/i', 'invoice_upo', {
      value: upo,
      until: Date.now() + 5_000,
    });
    here.keep('audience:x\u0000session_status\u0000r', 'session_status', {
      value: { status: { code: 200 } },
      until: Date.now() + 300,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const found = await there.lookup(
      'token:abc',
      'audience:x\u0000invoice_upo\u0000r/i',
      'invoice_upo',
    );
    expect(found.verified).toBe(true);
    expect(found.kept?.value).toEqual(upo);
    const status = await there.lookup(
      'token:other',
      'audience:x\u0000session_status\u0000r',
      'session_status',
    );
    expect(status).toEqual({
      verified: false,
      kept: expect.objectContaining({ value: { status: { code: 200 } } }),
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const expired = await there.lookup(
      'token:abc',
      'audience:x\u0000session_status\u0000r',
      'session_status',
    );
    expect(expired.kept).toBeUndefined();
  });
});
