// The use case "send one invoice into an online session", safe to repeat (DESIGN.md §10).
//
// KSeF's POST /sessions/online/{ref}/invoices is not idempotent: a resend after a lost answer
// (a timeout, a reset, a 502 — the request may well have reached KSeF) is how invoices land twice,
// the KSeF community's most painful problem. So the gateway never sends blindly again:
// - the POST itself is never retried (resilience: writes are retried only when refused);
// - when its outcome is unknown, the invoice is looked up in the session by its hash before
//   answering: found, it is the answer; not found, the caller gets UPSTREAM_UNAVAILABLE saying
//   that it was not resent;
// - a second send of an invoice this gateway already sent into that session (same caller
//   context, same hash) returns the first one without a call, and one still in flight is joined;
//   after an unknown outcome nobody resolved (the caller left), the next send looks it up first.
import { encryptInvoice, sha256Base64 } from './crypto';
import type { KsefInvoicesClient } from './invoices.client';
import { isKsefError, KsefError } from './ksef-error';
import type { SessionKeyMaterial } from './session-key-vault';
import type { SentInvoiceKey, SentInvoices } from './sent-invoices';
import type { SessionInvoiceStatusResponseDto } from './wire/sessions.dto';

export interface SendInvoiceRequest {
  sessionReferenceNumber: string;
  /** The invoice document exactly as it is to be stored (its UTF-8 bytes). */
  document: Buffer;
  key: SessionKeyMaterial;
  offlineMode: boolean;
  hashOfCorrectedInvoice?: string;
}

export type SendInvoiceResult =
  /** KSeF took it now (202). */
  | { kind: 'sent'; referenceNumber: string; invoiceHash: string }
  /** This gateway had sent it before into this session: not sent again. */
  | { kind: 'already-sent'; referenceNumber: string; invoiceHash: string }
  /** The send's answer was lost, and the invoice was found in the session by its hash. */
  | {
      kind: 'found-after-lost-answer';
      invoice: SessionInvoiceStatusResponseDto;
      invoiceHash: string;
    };

export interface SendInvoiceDeps {
  invoices: Pick<KsefInvoicesClient, 'sendOnlineInvoice' | 'getSessionInvoices'>;
  sent: SentInvoices;
  /** The caller's KSeF context (caller-context.ts). */
  context: string;
}

/** KSeF's largest page: a lookup reads a session of up to 10 000 invoices in 10 calls. */
const LOOKUP_PAGE_SIZE = 1000;
const LOOKUP_MAX_PAGES = 10;

/** The request may have reached KSeF: its outcome cannot be told from the error. */
function outcomeUnknown(error: unknown): error is KsefError {
  if (!isKsefError(error)) return false;
  if (error.kind === 'unavailable') return error.transport !== 'refused';
  // A 202 whose body is garbage: KSeF most likely took the invoice.
  return error.kind === 'contract-violation' && error.status !== undefined && error.status < 300;
}

export async function findInvoiceByHash(
  invoices: Pick<KsefInvoicesClient, 'getSessionInvoices'>,
  sessionReferenceNumber: string,
  invoiceHash: string,
): Promise<SessionInvoiceStatusResponseDto | null> {
  let continuationToken: string | undefined;
  for (let page = 0; page < LOOKUP_MAX_PAGES; page++) {
    const response = await invoices.getSessionInvoices(sessionReferenceNumber, {
      pageSize: LOOKUP_PAGE_SIZE,
      ...(continuationToken !== undefined && { continuationToken }),
    });
    const found = response.invoices.find((invoice) => invoice.invoiceHash === invoiceHash);
    if (found !== undefined) return found;
    if (!response.continuationToken) return null;
    continuationToken = response.continuationToken;
  }
  return null;
}

function notConfirmed(cause: KsefError, sessionReferenceNumber: string): KsefError {
  return new KsefError({
    kind: 'unavailable',
    message:
      `KSeF did not confirm the send into session ${sessionReferenceNumber}, and the invoice is not ` +
      'in the session; it was not sent again. Send it again once KSeF answers.',
    ...(cause.method !== undefined && { method: cause.method }),
    ...(cause.path !== undefined && { path: cause.path }),
    ...(cause.status !== undefined && { status: cause.status }),
    ...(cause.transport !== undefined && { transport: cause.transport }),
    cause,
  });
}

export async function sendInvoice(
  deps: SendInvoiceDeps,
  request: SendInvoiceRequest,
): Promise<SendInvoiceResult> {
  const invoiceHash = sha256Base64(request.document);
  const key: SentInvoiceKey = {
    context: deps.context,
    sessionReferenceNumber: request.sessionReferenceNumber,
    invoiceHash,
  };

  const known = deps.sent.get(key);
  if (known?.state === 'in-flight') {
    // The same invoice is being sent right now: its outcome is this one's too.
    await known.done.catch(() => undefined);
    return sendInvoice(deps, request);
  }
  if (known?.state === 'sent') {
    return { kind: 'already-sent', referenceNumber: known.referenceNumber, invoiceHash };
  }
  if (known?.state === 'unknown') {
    const found = await findInvoiceByHash(
      deps.invoices,
      request.sessionReferenceNumber,
      invoiceHash,
    );
    if (found !== null) {
      deps.sent.set(key, { state: 'sent', referenceNumber: found.referenceNumber });
      return { kind: 'found-after-lost-answer', invoice: found, invoiceHash };
    }
    // Not there: the earlier send never reached KSeF, so this one is the first.
  }

  const body = encryptInvoice(request.document, request.key.key, request.key.iv, {
    offlineMode: request.offlineMode,
    ...(request.hashOfCorrectedInvoice !== undefined && {
      hashOfCorrectedInvoice: request.hashOfCorrectedInvoice,
    }),
  });
  const attempt = deps.invoices.sendOnlineInvoice(request.sessionReferenceNumber, body);
  deps.sent.set(key, { state: 'in-flight', done: attempt });
  try {
    const { referenceNumber } = await attempt;
    deps.sent.set(key, { state: 'sent', referenceNumber });
    return { kind: 'sent', referenceNumber, invoiceHash };
  } catch (error) {
    if (!outcomeUnknown(error)) {
      // KSeF refused it (4xx) or it never left: nothing was stored, a later send is a first one.
      deps.sent.delete(key);
      throw error;
    }
    deps.sent.set(key, { state: 'unknown' });
    let found: SessionInvoiceStatusResponseDto | null;
    try {
      found = await findInvoiceByHash(deps.invoices, request.sessionReferenceNumber, invoiceHash);
    } catch {
      // The look-up failed too: the entry stays 'unknown', so the next send looks again first.
      throw notConfirmed(error, request.sessionReferenceNumber);
    }
    if (found === null) {
      // KSeF may list a just-taken invoice a moment late: the entry stays 'unknown', so a repeat
      // looks the session up again before it sends.
      throw notConfirmed(error, request.sessionReferenceNumber);
    }
    deps.sent.set(key, { state: 'sent', referenceNumber: found.referenceNumber });
    return { kind: 'found-after-lost-answer', invoice: found, invoiceHash };
  }
}
