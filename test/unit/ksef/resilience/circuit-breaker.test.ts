import { KsefError } from '../../../../src/ksef/ksef-error';
import {
  CircuitOpenError,
  createUpstreamBreakers,
} from '../../../../src/ksef/resilience/circuit-breaker';
import type { BreakerState, CircuitOpening } from '../../../../src/ksef/resilience/circuit-breaker';
import { toKsefErrorFromTransport } from '../../../../src/ksef/transport-error';

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

  it('fails fast with the last cause in KSeF terms and no URL, and reports each opening once', async () => {
    const openings: CircuitOpening[] = [];
    const breakers = createUpstreamBreakers({
      failureThreshold: 2,
      halfOpenAfterMs: 5_000,
      onOpen: (opening) => openings.push(opening),
    });
    const dns = () =>
      Promise.reject(
        toKsefErrorFromTransport(
          Object.assign(new Error(`getaddrinfo ENOTFOUND api-test.ksef.mf.gov.pl`), {
            code: 'ENOTFOUND',
          }),
          'GET',
          '/sessions',
        ),
      );
    await expect(breakers.execute(UP, dns)).rejects.toThrow('host name not resolved');
    await expect(breakers.execute(UP, dns)).rejects.toThrow('host name not resolved');
    for (let i = 0; i < 3; i++) {
      const fastFail = breakers.execute(UP, fine);
      await expect(fastFail).rejects.toBeInstanceOf(CircuitOpenError);
      await expect(fastFail).rejects.toMatchObject({
        kind: 'unavailable',
        upstream: UP,
        message: expect.stringMatching(/failing fast.*host name not resolved/),
      });
      await expect(fastFail).rejects.not.toMatchObject({ message: expect.stringMatching(/:\/\//) });
    }
    expect(openings).toEqual([
      {
        upstream: UP,
        at: new Date(1_000_000),
        afterTrial: false,
        failures: 2,
        lastFailure: 'KSeF could not be reached for GET /sessions (host name not resolved)',
        trialAfterMs: 5_000,
      },
    ]);

    // The trial after the cool-down is refused: a second opening, with its own cause.
    jest.setSystemTime(1_000_000 + 5_001);
    await expect(breakers.execute(UP, down)).rejects.toMatchObject({ status: 503 });
    await expect(breakers.execute(UP, fine)).rejects.toThrow(/last failure: down/);
    expect(openings).toHaveLength(2);
    expect(openings[1]).toMatchObject({ afterTrial: true, failures: 1, lastFailure: 'down' });
  });
});
