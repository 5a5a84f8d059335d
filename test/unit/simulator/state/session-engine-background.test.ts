import { createSessionEngine } from '../../../../src/simulator/state/session-engine';
import type { SessionRecord } from '../../../../src/simulator/state/session';
import { sessionStatus } from '../../../../src/simulator/state/status-codes';
import { createStore } from '../../../../src/simulator/state/store';
import { createTimers } from '../../../../src/simulator/state/timers';

function batchSession(): SessionRecord {
  const now = new Date();
  return {
    context: 'bearer:t',
    kind: 'batch',
    referenceNumber: '20250101-SB-0123456789-ABCDEF0123-4F',
    formCode: 'FA_3',
    status: sessionStatus('batch', 150),
    dateCreated: now,
    dateUpdated: now,
    validUntil: new Date(now.getTime() + 3_600_000),
    key: Buffer.alloc(32),
    iv: Buffer.alloc(16),
    offlineMode: false,
    invoices: [],
    upoPages: [],
    batch: {
      file: { fileSize: 1, fileHash: 'x', fileParts: [] },
      parts: new Map([[1, Buffer.alloc(1024)]]),
      uploadDeadline: now,
    },
  };
}

describe('the session engine’s background steps', () => {
  it('end their session in 500 when they throw, cancelling its unfinished invoices', async () => {
    const reported: unknown[] = [];
    const timers = createTimers();
    const engine = createSessionEngine({
      store: createStore(),
      timers,
      processingDelayMs: 0,
      report: (error) => reported.push(error),
    });
    const session = batchSession();
    const pending = engine.addInvoice(session, {
      plaintext: null,
      invoiceHash: 'h',
      offlineMode: false,
    });
    engine.runInBackground(session, 0, () => Promise.reject(new Error('disk full')));
    while (reported.length === 0) await timers.nextTurn();
    expect(session.status).toEqual({
      code: 500,
      description: 'Nieznany błąd (500)',
      details: ['Wystąpił nieoczekiwany błąd.'],
    });
    expect(session.dateClosed).toBeInstanceOf(Date);
    expect(pending.status).toEqual({
      code: 405,
      description: 'Przetwarzanie anulowane z powodu błędu sesji',
    });
    expect(session.batch?.parts.size).toBe(0);
    expect(reported.map(String)).toEqual(['Error: disk full']);
    timers.clearAll();
  });

  it('leave a session that is already final as it is', async () => {
    const reported: unknown[] = [];
    const timers = createTimers();
    const engine = createSessionEngine({
      store: createStore(),
      timers,
      processingDelayMs: 0,
      report: (error) => reported.push(error),
    });
    const session = batchSession();
    session.status = sessionStatus('batch', 445);
    engine.runInBackground(session, 0, () => {
      throw new Error('late');
    });
    while (reported.length === 0) await timers.nextTurn();
    expect(session.status.code).toBe(445);
    timers.clearAll();
  });
});
