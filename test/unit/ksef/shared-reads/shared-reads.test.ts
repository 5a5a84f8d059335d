import { KsefError } from '../../../../src/ksef/ksef-error';
import type { KsefInvoicesClient } from '../../../../src/ksef/invoices.client';
import type { KsefSessionsClient } from '../../../../src/ksef/sessions.client';
import {
  createSharedReads,
  DEFAULT_SHARED_READS_SETTINGS,
  UPO_LINK_KEEP_MARGIN_MS,
} from '../../../../src/ksef/shared-reads/shared-reads';
import type {
  SharedReadKind,
  SharedReadOutcome,
} from '../../../../src/ksef/shared-reads/shared-reads';
import type {
  SessionInvoiceStatusResponseDto,
  SessionStatusResponseDto,
} from '../../../../src/ksef/wire/sessions.dto';
import { jwtWithClaims } from '../../../support/jwt-claims';

const REF = '20250625-SO-2C3E6C8000-B675CF5D68-07';
const INVOICE_REF = '20250625-EE-319D7EE000-B67F415CDC-2C';

const tokenOf = (subject: string, civ = '5265877635') =>
  jwtWithClaims({ cit: 'Nip', civ, sud: subject, per: '["InvoiceWrite"]', jti: Math.random() });

function statusDto(code: number, upoExpires?: string): SessionStatusResponseDto {
  return {
    status: { code, description: `status ${code}` },
    dateCreated: '2025-06-25T10:00:00Z',
    dateUpdated: '2025-06-25T10:01:00Z',
    ...(upoExpires !== undefined && {
      upo: {
        pages: [
          {
            referenceNumber: 'upo-1',
            downloadUrl: 'https://storage.example/upo-1',
            downloadUrlExpirationDate: upoExpires,
          },
        ],
      },
    }),
  };
}

/** A sessions client whose status reads the test releases by hand, counting calls per token. */
function scriptedSessions(answer: () => SessionStatusResponseDto | Error) {
  const calls: string[] = [];
  const pending: Array<() => void> = [];
  const clientFor = (token: string): KsefSessionsClient =>
    ({
      getSessionStatus: () => {
        calls.push(token);
        return new Promise<SessionStatusResponseDto>((resolve, reject) => {
          pending.push(() => {
            const value = answer();
            if (value instanceof Error) reject(value);
            else resolve(value);
          });
        });
      },
      getSessionUpoPage: () => {
        calls.push(token);
        return Promise.resolve({ bytes: Buffer.from('<UPO/>'), metaHash: undefined });
      },
    }) as unknown as KsefSessionsClient;
  const releaseAll = async () => {
    while (pending.length > 0) pending.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { calls, clientFor, releaseAll };
}

function observed() {
  const seen: Array<[SharedReadKind, SharedReadOutcome]> = [];
  return {
    seen,
    observer: { recordSharedRead: (k: SharedReadKind, o: SharedReadOutcome) => seen.push([k, o]) },
  };
}

async function verify(
  shared: ReturnType<typeof createSharedReads>,
  upstream: ReturnType<typeof scriptedSessions>,
  token: string,
) {
  const read = shared.sessions(upstream.clientFor(token), token).getSessionStatus('warm-up');
  await upstream.releaseAll();
  await read;
}

describe('createSharedReads', () => {
  it('makes one KSeF call for 50 identical status reads in flight of one audience', async () => {
    const upstream = scriptedSessions(() => statusDto(170));
    const { seen, observer } = observed();
    const shared = createSharedReads(DEFAULT_SHARED_READS_SETTINGS, observer);
    const tokens = Array.from({ length: 5 }, () => tokenOf('{"id":"A"}'));
    for (const token of tokens) await verify(shared, upstream, token);
    upstream.calls.length = 0;

    const reads = Array.from({ length: 50 }, (_, i) => {
      const token = tokens[i % tokens.length]!;
      return shared.sessions(upstream.clientFor(token), token).getSessionStatus(REF);
    });
    await upstream.releaseAll();
    const answers = await Promise.all(reads);

    expect(upstream.calls).toHaveLength(1);
    expect(answers.every((answer) => answer.status.code === 170)).toBe(true);
    expect(seen.filter(([, outcome]) => outcome === 'joined')).toHaveLength(49);
    expect(shared.inFlight).toBe(0);
  });

  it('keeps a final status: 20 later reads cost no KSeF call; an unfinished one is read again', async () => {
    let code = 170;
    const upstream = scriptedSessions(() => statusDto(code));
    const { seen, observer } = observed();
    const shared = createSharedReads(DEFAULT_SHARED_READS_SETTINGS, observer);
    const token = tokenOf('{"id":"A"}');
    const client = shared.sessions(upstream.clientFor(token), token);

    const first = client.getSessionStatus(REF);
    await upstream.releaseAll();
    expect((await first).status.code).toBe(170);
    const second = client.getSessionStatus(REF);
    await upstream.releaseAll();
    await second;
    expect(upstream.calls).toHaveLength(2);

    code = 200;
    const final = client.getSessionStatus(REF);
    await upstream.releaseAll();
    expect((await final).status.code).toBe(200);
    for (let i = 0; i < 20; i += 1) {
      const other = tokenOf('{"id":"A"}');
      // A new token of the same audience shares once KSeF has accepted it.
      await verify(shared, upstream, other);
      expect(
        (await shared.sessions(upstream.clientFor(other), other).getSessionStatus(REF)).status.code,
      ).toBe(200);
    }
    // 170, 170, 200, then one warm-up per new token; the 20 reads of the final status: none.
    expect(upstream.calls).toHaveLength(3 + 20);
    expect(
      seen.filter(([kind, outcome]) => kind === 'session_status' && outcome === 'kept'),
    ).toHaveLength(20);
    expect(shared.kept().entries).toBeGreaterThanOrEqual(1);
  });

  it('never shares between subjects, contexts, or with a token KSeF has not accepted yet', async () => {
    const upstream = scriptedSessions(() => statusDto(200));
    const shared = createSharedReads();
    const a = tokenOf('{"id":"A"}');
    const read = (token: string) => {
      const promise = shared.sessions(upstream.clientFor(token), token).getSessionStatus(REF);
      return upstream.releaseAll().then(() => promise);
    };
    await read(a);
    await read(a);
    expect(upstream.calls).toEqual([a]);

    const forged = tokenOf('{"id":"A"}'); // same claims, never accepted by KSeF
    const otherSubject = tokenOf('{"id":"B"}');
    const otherContext = tokenOf('{"id":"A"}', '1111111111');
    await read(forged);
    await read(otherSubject);
    await read(otherContext);
    expect(upstream.calls).toEqual([a, forged, otherSubject, otherContext]);
  });

  it('lets each waiting caller read on its own when the leader’s token was refused', async () => {
    let refuse = true;
    const upstream = scriptedSessions(() =>
      refuse
        ? new KsefError({ kind: 'unauthenticated', message: 'expired', status: 401 })
        : statusDto(170),
    );
    const shared = createSharedReads();
    const expired = tokenOf('{"id":"A"}');
    const fresh = tokenOf('{"id":"A"}');
    await verify(shared, upstream, expired).catch(() => undefined);
    refuse = false;
    await verify(shared, upstream, expired);
    await verify(shared, upstream, fresh);
    upstream.calls.length = 0;

    refuse = true;
    const led = shared.sessions(upstream.clientFor(expired), expired).getSessionStatus(REF);
    const joined = shared.sessions(upstream.clientFor(fresh), fresh).getSessionStatus(REF);
    const ledOutcome = led.catch((error: unknown) => error);
    await upstream.releaseAll();
    refuse = false;
    await upstream.releaseAll();
    expect(await ledOutcome).toBeInstanceOf(KsefError);
    expect((await joined).status.code).toBe(170);
    expect(upstream.calls).toEqual([expired, fresh]);
  });

  it('shares a KSeF outage instead of multiplying it', async () => {
    const upstream = scriptedSessions(
      () => new KsefError({ kind: 'unavailable', message: 'KSeF is unavailable', status: 503 }),
    );
    const shared = createSharedReads();
    const token = tokenOf('{"id":"A"}');
    const reads = Array.from({ length: 10 }, () =>
      shared
        .sessions(upstream.clientFor(token), token)
        .getSessionStatus(REF)
        .catch((e: unknown) => e),
    );
    await upstream.releaseAll();
    const outcomes = await Promise.all(reads);
    expect(outcomes.every((outcome) => outcome instanceof KsefError)).toBe(true);
    expect(upstream.calls).toHaveLength(1);
  });

  it('keeps a status with a UPO link only until shortly before the link expires', async () => {
    let now = Date.parse('2025-06-25T12:00:00Z');
    const expires = new Date(now + UPO_LINK_KEEP_MARGIN_MS + 30_000).toISOString();
    const upstream = scriptedSessions(() => statusDto(200, expires));
    const shared = createSharedReads(DEFAULT_SHARED_READS_SETTINGS, {}, () => now);
    const token = tokenOf('{"id":"A"}');
    const client = shared.sessions(upstream.clientFor(token), token);
    const read = async () => {
      const promise = client.getSessionStatus(REF);
      await upstream.releaseAll();
      return promise;
    };
    await read();
    await read();
    expect(upstream.calls).toHaveLength(1);
    now += 31_000;
    await read();
    expect(upstream.calls).toHaveLength(2);
  });

  it('keeps UPO documents and a final invoice status; byte-bounded', async () => {
    const upstream = scriptedSessions(() => statusDto(200));
    const shared = createSharedReads({ ...DEFAULT_SHARED_READS_SETTINGS, maxKeptBytes: 1_000 });
    const token = tokenOf('{"id":"A"}');
    const sessions = shared.sessions(upstream.clientFor(token), token);
    await sessions.getSessionUpoPage(REF, 'upo-1');
    await sessions.getSessionUpoPage(REF, 'upo-1');
    expect(upstream.calls).toHaveLength(1);

    let invoiceCalls = 0;
    const invoiceStatus = (code: number): SessionInvoiceStatusResponseDto =>
      ({
        status: { code, description: 'x' },
        referenceNumber: INVOICE_REF,
      }) as SessionInvoiceStatusResponseDto;
    let code = 150;
    const invoices = shared.invoices(
      {
        getSessionInvoiceStatus: () => {
          invoiceCalls += 1;
          return Promise.resolve(invoiceStatus(code));
        },
      } as unknown as KsefInvoicesClient,
      token,
    );
    await invoices.getSessionInvoiceStatus(REF, INVOICE_REF);
    code = 440;
    await invoices.getSessionInvoiceStatus(REF, INVOICE_REF);
    await invoices.getSessionInvoiceStatus(REF, INVOICE_REF);
    expect(invoiceCalls).toBe(2);
    expect(shared.kept().bytes).toBeLessThanOrEqual(1_000);
  });
});
