import { createBodySlots } from '../../../src/http/body-slots';

describe('large-body slots', () => {
  it('grants up to its capacity, then one waiter per release, in order', async () => {
    const slots = createBodySlots(2);
    const signal = new AbortController().signal;
    const first = await slots.acquire(signal);
    const second = await slots.acquire(signal);
    const order: string[] = [];
    const third = slots.acquire(signal).then((release) => (order.push('third'), release));
    const fourth = slots.acquire(signal).then((release) => (order.push('fourth'), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(slots.inUse).toBe(2);
    first();
    first(); // a second release of the same slot changes nothing
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual(['third', 'fourth']);
    expect(slots.inUse).toBe(0);
  });

  it('drops a waiter whose request is abandoned', async () => {
    const slots = createBodySlots(1);
    const release = await slots.acquire(new AbortController().signal);
    const abandoned = new AbortController();
    const waiting = slots.acquire(abandoned.signal);
    abandoned.abort();
    await expect(waiting).rejects.toThrow('abandoned');
    release();
    expect(slots.inUse).toBe(0);
    const next = await slots.acquire(new AbortController().signal);
    expect(slots.inUse).toBe(1);
    next();
  });
});
