// The time-driven state machine (NOTES.md §4): invoices 100 → 150 → final; online sessions
// 100 → (close or validUntil) 170 → 200/440/445; batch sessions 100 → (close) 150 → final, or
// 440 at validUntil when never closed. A session becomes final only after all its invoices are.
// Each step waits processingDelayMs on an unref'd timer, so the pace is configurable and stop()
// cancels everything. Every step runs guarded: an unexpected error in one ends that session in
// 500 ("Nieznany błąd") with its unfinished invoices cancelled (405), and the process carries on.
import { inspectInvoice } from '../invoices/invoice-inspector';
import { buildUpo } from '../upo/upo-builder';
import { newKsefNumber, newReferenceNumber } from './identifiers';
import { invoiceStatus, sessionStatus } from './status-codes';
import { isFinal, touch, type InvoiceRecord, type SessionRecord } from './session';
import type { Store } from './store';
import { reportToStderr, type ErrorReporter, type Timers } from './timers';

export interface SessionEngineOptions {
  store: Store;
  timers: Timers;
  processingDelayMs: number;
  /** Where an unexpected error of a background step is reported; default: one line on stderr. */
  report?: ErrorReporter;
}

export interface NewInvoice {
  plaintext: Buffer | null;
  invoiceHash: string;
  offlineMode: boolean;
  invoiceFileName?: string;
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

  /** Verdict on one invoice: 435, 430, 450, 440 or 200 with a KSeF number and invoice UPO. */
  function finishInvoice(
    session: SessionRecord,
    invoice: InvoiceRecord,
    at: Date = new Date(),
  ): void {
    const plaintext = invoice.plaintext;
    invoice.plaintext = undefined; // keep no invoice content once judged
    if (plaintext === null || plaintext === undefined) {
      invoice.status = invoiceStatus(435, ['Plik niepoprawnie zaszyfrowany.']);
    } else {
      const inspection = inspectInvoice(plaintext, session.formCode);
      if (inspection.kind === 'malformed') {
        invoice.status = invoiceStatus(430, [inspection.detail]);
      } else if (inspection.kind === 'invalid') {
        invoice.status = invoiceStatus(450, [inspection.detail]);
      } else {
        invoice.sellerNip = inspection.sellerNip;
        invoice.invoiceNumber = inspection.invoiceNumber;
        invoice.issueDate = inspection.issueDate;
        acceptInvoice(session, invoice, at);
      }
    }
    touch(session, at);
  }

  /** Duplicate check, KSeF number and invoice UPO for an invoice whose content passed. */
  function acceptInvoice(session: SessionRecord, invoice: InvoiceRecord, at: Date): void {
    const context = store.context(session.token);
    const duplicateKey = `${invoice.sellerNip ?? ''}|${invoice.invoiceNumber ?? ''}`;
    const original = context.acceptedInvoices.get(duplicateKey);
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
    context.acceptedInvoices.set(duplicateKey, {
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
      runInBackground(session, delay, () => {
        if (!isFinal(session.status.code)) finishInvoice(session, invoice);
      });
    });
  }

  /** Final session status once every invoice is final; session UPO on 200. */
  function finalizeSession(session: SessionRecord, at: Date = new Date()): void {
    const accepted = session.invoices.filter((i) => i.status.code === 200);
    if (session.invoices.length === 0) {
      session.status = sessionStatus(session.kind, 440, ['Nie przesłano faktur']);
    } else if (accepted.length === 0) {
      session.status = sessionStatus(session.kind, 445);
    } else {
      const context = store.context(session.token);
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

  function finalizeWhenReady(session: SessionRecord): void {
    runInBackground(session, delay, () => {
      if (isFinal(session.status.code)) return;
      if (session.invoices.some((i) => !isFinal(i.status.code))) {
        finalizeWhenReady(session);
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
    addInvoice,
    processInvoiceLater,
    finishInvoice,
    acceptInvoice,
    finalizeSession,
    finalizeWhenReady,
    closeOnline,
    scheduleExpiry,
    runInBackground,
    delay,
  };
}
