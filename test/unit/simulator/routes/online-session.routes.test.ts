import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { KsefExceptionCode } from '../../../../src/ksef/wire/exception-codes';
import { MAX_INVOICES_PER_SESSION } from '../../../../src/simulator/invoices/invoice-limits';
import { onlineSessionRoutes } from '../../../../src/simulator/routes/online-session.routes';
import type { RouteDeps } from '../../../../src/simulator/routes/route-deps';
import { buildSampleInvoice } from '../../../../src/simulator/sample-invoice';
import { ApiError } from '../../../../src/simulator/server/api-error';
import type { SimRequest } from '../../../../src/simulator/server/router';
import { plainBearerIdentity } from '../../../../src/simulator/state/caller-identity';
import { newReferenceNumber } from '../../../../src/simulator/state/identifiers';
import { createSessionEngine } from '../../../../src/simulator/state/session-engine';
import type { SessionRecord } from '../../../../src/simulator/state/session';
import { sessionStatus } from '../../../../src/simulator/state/status-codes';
import { createStore } from '../../../../src/simulator/state/store';
import { createTimers } from '../../../../src/simulator/state/timers';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('base64');

function setUp() {
  const store = createStore();
  const timers = createTimers();
  const engine = createSessionEngine({ store, timers, processingDelayMs: 0 });
  // The send route uses the store and the engine only; nothing else of RouteDeps is reached.
  const deps = { store, engine, timers } as unknown as RouteDeps;
  const send = onlineSessionRoutes(deps).find(
    (r) => r.method === 'POST' && r.template === '/sessions/online/{referenceNumber}/invoices',
  )!;
  const now = new Date();
  const caller = plainBearerIdentity('token-a');
  const session: SessionRecord = {
    context: caller.key,
    kind: 'online',
    referenceNumber: newReferenceNumber('SO', now),
    formCode: 'FA_3',
    status: sessionStatus('online', 100),
    dateCreated: now,
    dateUpdated: now,
    validUntil: new Date(now.getTime() + 3_600_000),
    key: randomBytes(32),
    iv: randomBytes(16),
    offlineMode: false,
    invoices: [],
    upoPages: [],
  };
  store.addSession(session, caller);
  const request = (): SimRequest => {
    const plain = Buffer.from(buildSampleInvoice(), 'utf8');
    const cipher = createCipheriv('aes-256-cbc', session.key!, session.iv);
    const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
    const body = {
      invoiceHash: sha256(plain),
      invoiceSize: plain.length,
      encryptedInvoiceHash: sha256(encrypted),
      encryptedInvoiceSize: encrypted.length,
      encryptedInvoiceContent: encrypted.toString('base64'),
    };
    return {
      method: 'POST',
      path: `/v2/sessions/online/${session.referenceNumber}/invoices`,
      params: { referenceNumber: session.referenceNumber },
      query: new URLSearchParams(),
      headers: {},
      body: Buffer.from(JSON.stringify(body)),
      caller,
      bearer: 'token-a',
      clientIp: '127.0.0.1',
    };
  };
  const fill = (count: number) => {
    for (let i = 0; i < count; i++) {
      engine.addInvoice(session, {
        plaintext: null,
        invoiceHash: sha256(randomBytes(8)),
        offlineMode: false,
      });
    }
  };
  return { send, session, request, fill, stop: () => timers.clearAll() };
}

describe('POST /sessions/online/{referenceNumber}/invoices', () => {
  it(`takes the ${MAX_INVOICES_PER_SESSION}th invoice of a session and refuses the next with 21155`, async () => {
    const { send, session, request, fill, stop } = setUp();
    try {
      fill(MAX_INVOICES_PER_SESSION - 1);
      expect((await send.handle(request())).status).toBe(202);
      expect(session.invoices).toHaveLength(MAX_INVOICES_PER_SESSION);

      let refused: unknown;
      try {
        await send.handle(request());
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(ApiError);
      expect((refused as ApiError).errors).toEqual([
        {
          code: KsefExceptionCode.SessionInvoiceLimit,
          description: 'Przekroczono dozwoloną liczbę faktur w sesji.',
          details: [
            `Sesja o numerze referencyjnym ${session.referenceNumber} osiągnęła dozwolony limit liczby faktur 10000.`,
          ],
        },
      ]);
      expect(session.invoices).toHaveLength(MAX_INVOICES_PER_SESSION);
    } finally {
      stop();
    }
  });
});
