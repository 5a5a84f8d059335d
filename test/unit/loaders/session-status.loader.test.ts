import { KsefError } from '../../../src/ksef/ksef-error';
import type { SessionStatusResponseDto } from '../../../src/ksef/wire/sessions.dto';
import { createConcurrencyLimit } from '../../../src/loaders/concurrency-limit';
import {
  createSessionLoaders,
  DEFAULT_STATUS_CONCURRENCY,
} from '../../../src/loaders/session-status.loader';

const status = (code: number): SessionStatusResponseDto => ({
  status: { code, description: `code ${code}` },
  dateCreated: '2025-01-01T00:00:00Z',
  dateUpdated: '2025-01-01T00:00:00Z',
  invoiceCount: 3,
});

function fakeClient(answers: Record<string, SessionStatusResponseDto | Error>) {
  const calls: string[] = [];
  let active = 0;
  let maxActive = 0;
  return {
    calls,
    maxActive: () => maxActive,
    async getSessionStatus(ref: string): Promise<SessionStatusResponseDto> {
      calls.push(ref);
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
      const answer = answers[ref];
      if (answer === undefined) {
        throw new KsefError({
          kind: 'not-found',
          message: 'no such session',
          errors: [{ code: 21173, description: 'x', details: [] }],
        });
      }
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

describe('session status loader', () => {
  it('makes one call per distinct session however many times each is asked for', async () => {
    const client = fakeClient({ a: status(100), b: status(200), c: status(440) });
    const loaders = createSessionLoaders(client, { statusConcurrency: DEFAULT_STATUS_CONCURRENCY });
    const refs = ['a', 'b', 'a', 'c', 'b', 'a', 'c', 'a', 'b', 'c'];
    const results = await Promise.all(refs.map((ref) => loaders.session.load(ref)));
    expect(results.map((r) => r?.status.code)).toEqual([
      100, 200, 100, 440, 200, 100, 440, 100, 200, 440,
    ]);
    expect([...client.calls].sort()).toEqual(['a', 'b', 'c']);
  });

  it('resolves an unknown session to null and fails only the key whose call failed', async () => {
    const boom = new KsefError({ kind: 'unavailable', message: 'down' });
    const client = fakeClient({ a: status(100), broken: boom });
    const loaders = createSessionLoaders(client, { statusConcurrency: DEFAULT_STATUS_CONCURRENCY });
    const [a, unknown, broken] = await Promise.allSettled([
      loaders.session.load('a'),
      loaders.session.load('unknown'),
      loaders.session.load('broken'),
    ]);
    expect(a).toMatchObject({ status: 'fulfilled', value: { referenceNumber: 'a' } });
    expect(unknown).toEqual({ status: 'fulfilled', value: null });
    expect(broken).toEqual({ status: 'rejected', reason: boom });
  });

  it('keeps at most `concurrency` status calls in flight', async () => {
    const answers = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`r${i}`, status(100)]),
    );
    const client = fakeClient(answers);
    const loaders = createSessionLoaders(client, { statusConcurrency: 3 });
    await Promise.all(Object.keys(answers).map((ref) => loaders.status.load(ref)));
    expect(client.calls).toHaveLength(12);
    expect(client.maxActive()).toBe(3);
  });

  it('answers listed sessions from the list and reads the status again after clear', async () => {
    const client = fakeClient({ a: status(170) });
    const loaders = createSessionLoaders(client, { statusConcurrency: DEFAULT_STATUS_CONCURRENCY });
    loaders.primeFromList([
      {
        referenceNumber: 'a',
        status: { code: 100, description: 'open' },
        dateCreated: '2025-01-01T00:00:00Z',
        dateUpdated: '2025-01-01T00:00:00Z',
        totalInvoiceCount: 4,
        successfulInvoiceCount: 0,
        failedInvoiceCount: 0,
      },
    ]);
    const listed = await loaders.session.load('a');
    expect(listed).toMatchObject({ invoiceCount: 4, upo: undefined, source: 'list' });
    expect(client.calls).toEqual([]);
    loaders.clear('a');
    expect(await loaders.session.load('a')).toMatchObject({
      status: { code: 170 },
      source: 'status',
    });
    expect(client.calls).toEqual(['a']);
  });
});

describe('session status loader deduplication report', () => {
  const listItem = (referenceNumber: string) => ({
    referenceNumber,
    status: { code: 100, description: 'open' },
    dateCreated: '2025-01-01T00:00:00Z',
    dateUpdated: '2025-01-01T00:00:00Z',
    totalInvoiceCount: 0,
    successfulInvoiceCount: 0,
    failedInvoiceCount: 0,
  });

  it('reports every lookup answered without an upstream call: batch duplicates, later loads and primed entries', async () => {
    const client = fakeClient({ a: status(100), b: status(200), p: status(100) });
    let saved = 0;
    const loaders = createSessionLoaders(client, {
      statusConcurrency: DEFAULT_STATUS_CONCURRENCY,
      onDeduplicated: (n) => (saved += n),
    });

    // One batch: a, b, a, a, b → two calls, three lookups saved.
    await Promise.all(['a', 'b', 'a', 'a', 'b'].map((ref) => loaders.session.load(ref)));
    expect(client.calls.length).toBe(2);
    expect(saved).toBe(3);

    // Later in the same request: cached (session and raw status alike).
    await loaders.session.load('a');
    await loaders.status.load('b');
    expect(client.calls.length).toBe(2);
    expect(saved).toBe(5);

    // Primed from a list page: the load costs nothing; priming itself is not a lookup.
    loaders.primeFromList([listItem('p')]);
    expect(saved).toBe(5);
    await loaders.session.load('p');
    expect(client.calls.length).toBe(2);
    expect(saved).toBe(6);
  });

  it('reports nothing when every lookup needs its own call', async () => {
    const client = fakeClient({ a: status(100), b: status(200) });
    let saved = 0;
    const loaders = createSessionLoaders(client, {
      statusConcurrency: DEFAULT_STATUS_CONCURRENCY,
      onDeduplicated: (n) => (saved += n),
    });
    await Promise.all([loaders.session.load('a'), loaders.session.load('b')]);
    loaders.clear('a');
    await loaders.session.load('a');
    expect(client.calls).toEqual(['a', 'b', 'a']);
    expect(saved).toBe(0);
  });
});

describe('concurrency limit', () => {
  it('frees its slot when a task throws synchronously', async () => {
    const limit = createConcurrencyLimit(1);
    await expect(
      limit(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    await expect(limit(() => Promise.resolve(42))).resolves.toBe(42);
  });

  it('refuses a limit below one', () => {
    expect(() => createConcurrencyLimit(0)).toThrow(RangeError);
  });
});
