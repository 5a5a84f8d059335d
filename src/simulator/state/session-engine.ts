// The time-driven state machine (NOTES.md §4): invoices 100 → 150 → final; online sessions
// 100 → (close or validUntil) 170 → 200/440/445; batch sessions 100 → (close) 150 → final, or
// 440 at validUntil when never closed. A session becomes final only after all its invoices are.
// Each step waits processingDelayMs on an unref'd timer, so the pace is configurable and stop()
// cancels everything. An invoice's verdict may wait for schema validation (asynchronous, as in
// KSeF); it is applied when it arrives, and the duplicate check runs at that moment. Every step
// runs guarded: an unexpected error in one ends that session in 500 ("Nieznany błąd") with its
// unfinished invoices cancelled (405), and the process carries on.
import {
  createInvoiceVerifier,
  SYSTEM_ABORT_DETAIL,
  type InvoiceVerifier,
} from '../invoices/invoice-verifier';
import { buildUpo } from '../upo/upo-builder';
import { newKsefNumber, newReferenceNumber } from './identifiers';
import { invoiceStatus, sessionStatus } from './status-codes';
import { isFinal, touch, type InvoiceRecord, type SessionRecord } from './session';
import { duplicateKeyOf, type Store } from './store';
import { reportToStderr, type ErrorReporter, type Timers } from './timers';

export interface SessionEngineOptions {
  store: Store;
  timers: Timers;
  processingDelayMs: number;
  /** Judges invoice content; without one, every check but schema validation runs. */
  verifier?: InvoiceVerifier;
  /** Where an unexpected error of a background step is reported; default: one line on stderr. */
  report?: ErrorReporter;
}

export interface NewInvoice {
  plaintext: Buffer | null;
  invoiceHash: string;
  offlineMode: boolean;
  invoiceFileName?: string;
  /** Sent with an online invoice that technically corrects a rejected offline one. */
  hashOfCorrectedInvoice?: string;
}

export type SessionEngine = ReturnType<typeof createSessionEngine>;

export function upoBlobKey(
  sessionReferenceNumber: string,
  documentReferenceNumber: string,
): string {
  return `${sessionReferenceNumber}/${documentReferenceNumber}`;
}

const UPO_PAGE_SIZE = 10_000;

export function createSessionEngine({
  store,
  timers,
  processingDelayMs,
  verifier = createInvoiceVerifier(),
  report = reportToStderr,
}: SessionEngineOptions) {
  const delay = Math.max(0, processingDelayMs);

  /** What KSeF shows for a session that failed for a reason of its own (status 500). */
  function failSession(session: SessionRecord, error: unknown): void {
    report(error);
    if (isFinal(session.status.code)) return;
    const at = new Date();
    session.status = sessionStatus(session.kind, 500, ['Wystąpił nieoczekiwany błąd.']);
    session.dateClosed ??= at;
    for (const invoice of session.invoices) {
      if (isFinal(invoice.status.code)) continue;
      invoice.status = invoiceStatus(405);
      invoice.plaintext = undefined;
    }
    session.batch?.parts.clear();
    touch(session, at);
  }

  /**
   * Runs a background step of `session` after `ms`. Whatever the step throws or rejects with ends
   * the session in 500 instead of reaching the process.
   */
  function runInBackground(session: SessionRecord, ms: number, step: () => unknown): void {
    timers.after(ms, step, (error) => failSession(session, error));
  }

  /**
   * Verdict on one invoice: 435 (undecryptable), 415/430/450/550 (content), 410 (a logged-in
   * context sending another seller's invoice), 440 (duplicate) or 200 with a KSeF number and
   * invoice UPO. Resolves once the verdict is recorded.
   */
  async function settleInvoice(
    session: SessionRecord,
    invoice: InvoiceRecord,
    at?: Date,
  ): Promise<void> {
    const plaintext = invoice.plaintext;
    invoice.plaintext = undefined; // keep no invoice content once judged
    if (plaintext === null || plaintext === undefined) {
      invoice.status = invoiceStatus(435, ['Plik niepoprawnie zaszyfrowany.']);
      touch(session, at);
      return;
    }
    if (invoice.status.code === 100) invoice.status = invoiceStatus(150);
    const verdict = await verifier.verify(plaintext, {
      formCode: session.formCode,
      sessionKind: session.kind,
      receivedAt: invoice.invoicingDate,
      technicalCorrection: invoice.hashOfCorrectedInvoice !== undefined,
    });
    if (verdict.kind === 'cancelled') return;
    const decidedAt = at ?? new Date();
    const context = store.context(session.context);
    if (verdict.kind === 'rejected') {
      invoice.status = invoiceStatus(verdict.code, verdict.details);
    } else if (context.loggedIn && verdict.facts.sellerNip !== context.nip) {
      // KSeF lets a context issue invoices as the seller it is (Podmiot1); anything else needs
      // permissions (self-billing, a representative) that the simulator's KSeF tokens never carry.
      invoice.status = invoiceStatus(410, [
        `Brak uprawnień do wystawienia faktury w imieniu sprzedawcy o NIP ${verdict.facts.sellerNip} w kontekście NIP ${context.nip}.`,
      ]);
    } else {
      invoice.sellerNip = verdict.facts.sellerNip;
      invoice.invoiceKind = verdict.facts.invoiceKind;
      invoice.invoiceNumber = verdict.facts.invoiceNumber;
      invoice.issueDate = verdict.facts.issueDate;
      acceptInvoice(session, invoice, decidedAt);
    }
    touch(session, decidedAt);
  }

  /** settleInvoice without waiting; a failure of the simulator itself ends as KSeF's 550. */
  function finishInvoice(session: SessionRecord, invoice: InvoiceRecord, at?: Date): void {
    settleInvoice(session, invoice, at).catch(() => {
      invoice.status = invoiceStatus(550, [SYSTEM_ABORT_DETAIL]);
      touch(session);
    });
  }

  /** Duplicate check, KSeF number and invoice UPO for an invoice whose content passed. */
  function acceptInvoice(session: SessionRecord, invoice: InvoiceRecord, at: Date): void {
    const context = store.context(session.context);
    const duplicateKey = duplicateKeyOf(invoice);
    const original = store.acceptedInvoice(duplicateKey);
    if (original) {
      invoice.status = invoiceStatus(
        440,
        [
          `Duplikat faktury. Faktura o numerze KSeF: ${original.ksefNumber} została już prawidłowo przesłana do systemu w sesji: ${original.sessionReferenceNumber}`,
        ],
        {
          originalSessionReferenceNumber: original.sessionReferenceNumber,
          originalKsefNumber: original.ksefNumber,
        },
      );
      return;
    }
    invoice.ksefNumber = newKsefNumber(invoice.sellerNip ?? context.nip, invoice.invoicingDate);
    invoice.acquisitionDate = at;
    invoice.permanentStorageDate = new Date(at.getTime() + Math.max(1, delay));
    invoice.status = invoiceStatus(200);
    store.recordAcceptedInvoice(duplicateKey, {
      sessionReferenceNumber: session.referenceNumber,
      ksefNumber: invoice.ksefNumber,
    });
    const key = upoBlobKey(session.referenceNumber, invoice.referenceNumber);
    store.putBlob(
      key,
      buildUpo({
        sessionReferenceNumber: session.referenceNumber,
        contextNip: context.nip,
        authDocumentDigest: context.authDocumentDigest,
        formCode: session.formCode,
        documents: [invoice],
      }),
    );
    invoice.upoBlobKey = key;
  }

  function addInvoice(
    session: SessionRecord,
    input: NewInvoice,
    at: Date = new Date(),
  ): InvoiceRecord {
    const invoice: InvoiceRecord = {
      ordinalNumber: session.invoices.length + 1,
      referenceNumber: newReferenceNumber('EE', at),
      invoiceHash: input.invoiceHash,
      invoicingDate: at,
      invoicingMode: input.offlineMode ? 'Offline' : 'Online',
      status: invoiceStatus(100),
      plaintext: input.plaintext,
      invoiceFileName: input.invoiceFileName,
      hashOfCorrectedInvoice: input.hashOfCorrectedInvoice,
    };
    session.invoices.push(invoice);
    touch(session, at);
    return invoice;
  }

  /** Online invoices: 100 now, 150 after one delay, final after another. */
  function processInvoiceLater(session: SessionRecord, invoice: InvoiceRecord): void {
    runInBackground(session, delay, () => {
      if (isFinal(session.status.code)) return; // the session failed meanwhile
      invoice.status = invoiceStatus(150);
      touch(session);
      runInBackground(session, delay, () =>
        isFinal(session.status.code) ? undefined : finishInvoice(session, invoice),
      );
    });
  }

  /**
   * Final session status once every invoice is final; session UPO on 200. Invoices still being
   * verified postpone it (KSeF never finalizes a session before its invoices).
   */
  function finalizeSession(session: SessionRecord, at: Date = new Date()): void {
    if (session.invoices.some((i) => !isFinal(i.status.code))) {
      finalizeWhenReady(session);
      return;
    }
    const accepted = session.invoices.filter((i) => i.status.code === 200);
    if (session.invoices.length === 0) {
      session.status = sessionStatus(session.kind, 440, ['Nie przesłano faktur']);
    } else if (accepted.length === 0) {
      session.status = sessionStatus(session.kind, 445);
    } else {
      const context = store.context(session.context);
      const pageCount = Math.ceil(accepted.length / UPO_PAGE_SIZE);
      for (let page = 0; page < pageCount; page++) {
        const documents = accepted.slice(page * UPO_PAGE_SIZE, (page + 1) * UPO_PAGE_SIZE);
        const referenceNumber = newReferenceNumber('EU', at);
        const blobKey = upoBlobKey(session.referenceNumber, referenceNumber);
        store.putBlob(
          blobKey,
          buildUpo({
            sessionReferenceNumber: session.referenceNumber,
            contextNip: context.nip,
            authDocumentDigest: context.authDocumentDigest,
            formCode: session.formCode,
            documents,
            page: {
              number: page + 1,
              count: pageCount,
              from: page * UPO_PAGE_SIZE + 1,
              to: page * UPO_PAGE_SIZE + documents.length,
              total: accepted.length,
            },
          }),
        );
        session.upoPages.push({ referenceNumber, blobKey });
      }
      session.status = sessionStatus(session.kind, 200);
    }
    touch(session, at);
  }

  function finalizeWhenReady(session: SessionRecord, wait = delay): void {
    runInBackground(session, wait, () => {
      if (isFinal(session.status.code)) return;
      if (session.invoices.some((i) => !isFinal(i.status.code))) {
        // Schema validation can take longer than one step: look again, but not in a tight loop.
        finalizeWhenReady(session, Math.max(delay, 20));
        return;
      }
      finalizeSession(session);
    });
  }

  function closeOnline(session: SessionRecord, at: Date = new Date()): void {
    session.status = sessionStatus('online', 170);
    session.dateClosed = at;
    touch(session, at);
    finalizeWhenReady(session);
  }

  /** Auto-close at validUntil: online sessions close normally, open batch sessions are cancelled. */
  function scheduleExpiry(session: SessionRecord): void {
    runInBackground(session, session.validUntil.getTime() - Date.now(), () => {
      if (session.status.code !== 100) return;
      if (session.kind === 'online') {
        closeOnline(session);
      } else {
        session.status = sessionStatus('batch', 440, ['Przekroczono czas wysyłki']);
        session.dateClosed = new Date();
        session.batch?.parts.clear(); // a cancelled session's uploads will never be read
        touch(session);
      }
    });
  }

  return {
    runInBackground,
    addInvoice,
    processInvoiceLater,
    finishInvoice,
    settleInvoice,
    acceptInvoice,
    finalizeSession,
    finalizeWhenReady,
    closeOnline,
    scheduleExpiry,
    delay,
  };
}
