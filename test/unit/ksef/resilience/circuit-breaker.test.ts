import { KsefError } from '../../../../src/ksef/ksef-error';
import {
  CircuitOpenError,
  createUpstreamBreakers,
} from '../../../../src/ksef/resilience/circuit-breaker';
import type { BreakerState } from '../../../../src/ksef/resilience/circuit-breaker';

const UP = 'https://api-test.ksef.mf.gov.pl';
const down = () =>
  Promise.reject(new KsefError({ kind: 'unavailable', message: 'down', status: 503 }));
const fine = () => Promise.resolve('ok');

describe('upstream circuit breaker', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('opens after N consecutive unavailable failures and then fails fast', async () => {
    const changes: BreakerState[] = [];
    const breakers = createUpstreamBreakers({
      failureThreshold: 3,
      halfOpenAfterMs: 5_000,
      onStateChange: (_u, s) => changes.push(s),
    });
    for (let i = 0; i < 3; i++)
      await expect(breakers.execute(UP, down)).rejects.toMatchObject({ status: 503 });
    expect(breakers.state(UP)).toBe('open');
    expect(breakers.anyOpen()).toBe(true);
    const called = jest.fn(fine);
    await expect(breakers.execute(UP, called)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).not.toHaveBeenCalled();
    expect(changes).toEqual(['closed', 'open']);
  });

  it('lets one trial call through after the cool-down; success closes it, failure re-opens it', async () => {
    const breakers = createUpstreamBreakers({ failureThreshold: 1, halfOpenAfterMs: 5_000 });
    await expect(breakers.execute(UP, down)).rejects.toThrow();
    jest.setSystemTime(1_000_000 + 5_001);
    await expect(breakers.execute(UP, down)).rejects.toMatchObject({ status: 503 });
    expect(breakers.state(UP)).toBe('open');
    jest.setSystemTime(1_000_000 + 20_000);
    await expect(breakers.execute(UP, fine)).resolves.toBe('ok');
    expect(breakers.state(UP)).toBe('closed');
  });

  it('does not count client errors, 429s or abandoned calls, and keeps upstreams apart', async () => {
    const breakers = createUpstreamBreakers({ failureThreshold: 2 });
    const kinds = [
      new KsefError({ kind: 'bad-request', message: 'x', status: 400 }),
      new KsefError({ kind: 'rate-limited', message: 'x', status: 429 }),
      new KsefError({ kind: 'unavailable', message: 'x', transport: 'aborted' }),
    ];
    for (const error of [...kinds, ...kinds])
      await expect(breakers.execute(UP, () => Promise.reject(error))).rejects.toBe(error);
    expect(breakers.state(UP)).toBe('closed');
    await expect(breakers.execute('http://other', down)).rejects.toThrow();
    await expect(breakers.execute('http://other', down)).rejects.toThrow();
    expect(breakers.state('http://other')).toBe('open');
    expect(breakers.state(UP)).toBe('closed');
  });
});
