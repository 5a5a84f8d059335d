import { createHash } from 'node:crypto';
import type {
  InvoiceVerdict,
  InvoiceVerifier,
} from '../../../../src/simulator/invoices/invoice-verifier';
import { buildSampleInvoice } from '../../../../src/simulator/sample-invoice';
import { plainBearerIdentity } from '../../../../src/simulator/state/caller-identity';
import type { CallerIdentity } from '../../../../src/simulator/state/caller-identity';
import { newReferenceNumber } from '../../../../src/simulator/state/identifiers';
import { createSessionEngine } from '../../../../src/simulator/state/session-engine';
import type { SessionRecord } from '../../../../src/simulator/state/session';
import { sessionStatus } from '../../../../src/simulator/state/status-codes';
import { createStore, duplicateKeyOf } from '../../../../src/simulator/state/store';
import { createTimers } from '../../../../src/simulator/state/timers';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('base64');

function newSession(caller: CallerIdentity, kind: 'online' | 'batch' = 'online'): SessionRecord {
  const now = new Date();
  return {
    context: caller.key,
    kind,
    referenceNumber: newReferenceNumber(kind === 'online' ? 'SO' : 'SB', now),
    formCode: 'FA_3',
    status: sessionStatus(kind, 100),
    dateCreated: now,
    dateUpdated: now,
    validUntil: new Date(now.getTime() + 3_600_000),
    key: null,
    iv: Buffer.alloc(16),
    offlineMode: false,
    invoices: [],
    upoPages: [],
  };
}

function setUp(verifier?: InvoiceVerifier) {
  const store = createStore();
  const timers = createTimers();
  const engine = createSessionEngine({ store, timers, processingDelayMs: 1, verifier });
  const add = (session: SessionRecord, xml: string) => {
    const plaintext = Buffer.from(xml, 'utf8');
    return engine.addInvoice(session, {
      plaintext,
      invoiceHash: sha256(plaintext),
      offlineMode: false,
    });
  };
  return { store, engine, timers, add };
}

describe('session engine verdicts', () => {
  it('finds duplicates across contexts and keeps only references, never content, per accepted invoice', async () => {
    const { store, engine, timers, add } = setUp();
    try {
      const officeA = plainBearerIdentity('office-a');
      const officeB = plainBearerIdentity('office-b');
      const first = newSession(officeA);
      const second = newSession(officeB);
      store.addSession(first, officeA);
      store.addSession(second, officeB);
      const original = add(first, buildSampleInvoice({ invoiceNumber: 'FV/7/2026' }));
      await engine.settleInvoice(first, original);
      expect(original.status.code).toBe(200);
      expect(original.plaintext).toBeUndefined();
      expect(store.acceptedInvoice(duplicateKeyOf(original))).toStrictEqual({
        sessionReferenceNumber: first.referenceNumber,
        ksefNumber: original.ksefNumber,
      });

      const copy = add(second, buildSampleInvoice({ invoiceNumber: 'FV/7/2026' }));
      await engine.settleInvoice(second, copy);
      expect(copy.status).toMatchObject({
        code: 440,
        extensions: {
          originalSessionReferenceNumber: first.referenceNumber,
          originalKsefNumber: original.ksefNumber,
        },
      });
      expect(copy.ksefNumber).toBeUndefined();
    } finally {
      timers.clearAll();
    }
  });

  it('finalizes a session only once verdicts that arrive later are in', async () => {
    let release: (verdict: InvoiceVerdict) => void = () => undefined;
    const slow: InvoiceVerifier = {
      schemaValidation: { enabled: false, formCodes: [] },
      verify: () => new Promise((resolve) => (release = resolve)),
      close: () => Promise.resolve(),
    };
    const { store, engine, timers, add } = setUp(slow);
    try {
      const batcher = plainBearerIdentity('batcher');
      const session = newSession(batcher, 'batch');
      store.addSession(session, batcher);
      const invoice = add(session, buildSampleInvoice());
      engine.finishInvoice(session, invoice);
      engine.finalizeSession(session);
      await new Promise((r) => setTimeout(r, 30));
      expect(invoice.status.code).toBe(150);
      expect(session.status.code).toBe(100);

      release({ kind: 'rejected', code: 450, details: ['Nieprawidłowy XML'] });
      for (let i = 0; i < 200 && session.status.code === 100; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(invoice.status).toMatchObject({ code: 450, details: ['Nieprawidłowy XML'] });
      expect(session.status.code).toBe(445);
    } finally {
      timers.clearAll();
    }
  });

  it('ends an invoice as 550 when verification itself fails', async () => {
    const broken: InvoiceVerifier = {
      schemaValidation: { enabled: false, formCodes: [] },
      verify: () => Promise.reject(new Error('boom')),
      close: () => Promise.resolve(),
    };
    const { store, engine, timers, add } = setUp(broken);
    try {
      const caller = plainBearerIdentity('token');
      const session = newSession(caller);
      store.addSession(session, caller);
      const invoice = add(session, buildSampleInvoice());
      engine.finishInvoice(session, invoice);
      for (let i = 0; i < 100 && invoice.status.code < 200; i++) {
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(invoice.status).toEqual({
        code: 550,
        description: 'Operacja została anulowana przez system',
        details: [
          'Przetwarzanie zostało przerwane z przyczyn wewnętrznych systemu. Spróbuj ponownie',
        ],
      });
    } finally {
      timers.clearAll();
    }
  });
});
