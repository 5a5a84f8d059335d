import { createSingleflight } from '../../../../src/ksef/shared-reads/singleflight';

describe('createSingleflight', () => {
  it('runs one call per key while it is in flight, and a new one after it settles', async () => {
    const flights = createSingleflight();
    let calls = 0;
    let release!: (value: string) => void;
    const call = () => {
      calls += 1;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const first = flights.run('k', 'a', call);
    const second = flights.run('k', 'b', call);
    expect(first.joined).toBe(false);
    expect(second.joined).toBe(true);
    expect(second.leader).toBe('a');
    expect(flights.size).toBe(1);
    release('answer');
    await expect(second.promise).resolves.toBe('answer');
    expect(flights.size).toBe(0);
    const third = flights.run('k', 'b', () => Promise.resolve('again'));
    expect(third.joined).toBe(false);
    await expect(third.promise).resolves.toBe('again');
    expect(calls).toBe(1);
  });

  it('keeps keys apart and forgets a failed call', async () => {
    const flights = createSingleflight();
    const failed = flights.run('x', 'a', () => Promise.reject(new Error('boom')));
    const other = flights.run('y', 'a', () => Promise.resolve(1));
    expect(other.joined).toBe(false);
    await expect(failed.promise).rejects.toThrow('boom');
    await other.promise;
    expect(flights.size).toBe(0);
  });
});
