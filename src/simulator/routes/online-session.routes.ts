// POST /sessions/online, …/close and …/invoices: opening unwraps the AES key for real (a key that
// cannot be unwrapped still opens the session, which then shows 415, as KSeF does); sending checks
// the session's invoice limit (21155) and sizes and hashes of ciphertext and plaintext
// synchronously (21402/21403) and leaves the rest (decryption 435, content 415/430/450, duplicates
// 440) to asynchronous processing, as KSeF does.
import { FORM_CODES, type FormCodeName } from '../../ksef/wire/form-codes';
import { KsefExceptionCode } from '../../ksef/wire/exception-codes';
import type {
  OpenOnlineSessionResponseDto,
  SendInvoiceResponseDto,
} from '../../ksef/wire/sessions.dto';
import { decryptAesCbc, sha256Base64, unwrapSymmetricKey } from '../crypto/session-crypto';
import { MAX_INVOICES_PER_SESSION } from '../invoices/invoice-limits';
import { badRequest } from '../server/api-error';
import { json, noContent } from '../server/responses';
import { callerOf, type RouteDefinition } from '../server/router';
import type { CallerIdentity } from '../state/caller-identity';
import { newReferenceNumber } from '../state/identifiers';
import type { SessionKindName, SessionRecord } from '../state/session';
import { sessionStatus } from '../state/status-codes';
import {
  optionalBoolean,
  parseJsonBody,
  requireBase64,
  requireEncryption,
  requireFormCode,
  requireInteger,
  requireSha256,
  type ParsedEncryption,
} from '../validation/request-validation';
import type { RouteDeps } from './route-deps';
import { sessionOf } from './session-views';

/** Shared by online and batch opening: key unwrap (415 on failure) and 21470 for unknown key ids. */
export function createSessionRecord(
  deps: RouteDeps,
  caller: CallerIdentity,
  kind: SessionKindName,
  formCode: FormCodeName,
  encryption: ParsedEncryption,
  offlineMode: boolean,
): SessionRecord {
  const keyId = encryption.dto.publicKeyId;
  let certificate = deps.certificates.symmetricKey;
  if (keyId) {
    const found = deps.certificates.byPublicKeyId(keyId);
    if (!found || !found.dto.usage.includes('SymmetricKeyEncryption')) {
      throw badRequest(
        KsefExceptionCode.UnknownPublicKey,
        `Klucz o identyfikatorze ${keyId} nie jest wspierany.`,
      );
    }
    certificate = found;
  }
  const key = unwrapSymmetricKey(certificate.privateKey, encryption.wrappedKey);
  const now = new Date();
  const session: SessionRecord = {
    context: caller.key,
    kind,
    referenceNumber: newReferenceNumber(kind === 'online' ? 'SO' : 'SB', now),
    formCode,
    status: key ? sessionStatus(kind, 100) : sessionStatus(kind, 415),
    dateCreated: now,
    dateUpdated: now,
    validUntil: new Date(now.getTime() + deps.sessionValidityMs),
    key,
    iv: encryption.iv,
    offlineMode,
    invoices: [],
    upoPages: [],
  };
  if (!key) session.dateClosed = now;
  return session;
}

export function onlineSessionRoutes(deps: RouteDeps): RouteDefinition[] {
  const { store, engine } = deps;
  return [
    {
      method: 'POST',
      template: '/sessions/online',
      base: '/v2',
      auth: true,
      handle(request) {
        const body = parseJsonBody(request.body);
        const formCode = requireFormCode(body.formCode, Object.keys(FORM_CODES) as FormCodeName[]);
        const encryption = requireEncryption(body.encryption);
        const caller = callerOf(request);
        const session = createSessionRecord(deps, caller, 'online', formCode, encryption, false);
        store.addSession(session, caller);
        if (session.key) engine.scheduleExpiry(session);
        const response: OpenOnlineSessionResponseDto = {
          referenceNumber: session.referenceNumber,
          validUntil: session.validUntil.toISOString(),
        };
        return json(201, response);
      },
    },
    {
      method: 'POST',
      template: '/sessions/online/{referenceNumber}/close',
      base: '/v2',
      auth: true,
      handle(request) {
        const session = sessionOf(store, request);
        if (session.kind !== 'online' || session.status.code !== 100) {
          throw badRequest(
            KsefExceptionCode.SessionStatusForbidsOperation,
            `Status sesji ${session.status.code} uniemożliwia jej zamknięcie.`,
          );
        }
        engine.closeOnline(session);
        return noContent();
      },
    },
    {
      method: 'POST',
      template: '/sessions/online/{referenceNumber}/invoices',
      base: '/v2',
      auth: true,
      handle(request) {
        const session = sessionOf(store, request);
        const body = parseJsonBody(request.body);
        const invoiceHash = requireSha256(body.invoiceHash, 'invoiceHash');
        const invoiceSize = requireInteger(body.invoiceSize, 'invoiceSize', 1);
        const encryptedHash = requireSha256(body.encryptedInvoiceHash, 'encryptedInvoiceHash');
        const encryptedSize = requireInteger(body.encryptedInvoiceSize, 'encryptedInvoiceSize', 1);
        const ciphertext = requireBase64(body.encryptedInvoiceContent, 'encryptedInvoiceContent');
        const offlineMode = optionalBoolean(body.offlineMode, 'offlineMode');
        const hashOfCorrectedInvoice =
          body.hashOfCorrectedInvoice === undefined || body.hashOfCorrectedInvoice === null
            ? undefined
            : requireSha256(body.hashOfCorrectedInvoice, 'hashOfCorrectedInvoice');
        if (session.kind !== 'online' || session.status.code !== 100 || !session.key) {
          throw badRequest(
            KsefExceptionCode.SessionStatusForbidsOperation,
            `Status sesji ${session.status.code} uniemożliwia wysyłkę faktur.`,
          );
        }
        if (session.invoices.length >= MAX_INVOICES_PER_SESSION) {
          throw badRequest(
            KsefExceptionCode.SessionInvoiceLimit,
            `Sesja o numerze referencyjnym ${session.referenceNumber} osiągnęła dozwolony limit liczby faktur ${MAX_INVOICES_PER_SESSION}.`,
          );
        }
        const sizeMismatch = () =>
          badRequest(
            KsefExceptionCode.InvalidFileSize,
            'Długość treści nie zgadza się z rozmiarem pliku.',
          );
        const hashMismatch = () =>
          badRequest(
            KsefExceptionCode.InvalidFileHash,
            'Skrót treści nie zgadza się ze skrótem pliku.',
          );
        if (ciphertext.length !== encryptedSize) throw sizeMismatch();
        if (sha256Base64(ciphertext) !== encryptedHash) throw hashMismatch();
        const plaintext = decryptAesCbc(session.key, session.iv, ciphertext);
        // Undecryptable content cannot be measured; it is accepted now and ends as 435.
        if (plaintext) {
          if (plaintext.length !== invoiceSize) throw sizeMismatch();
          if (sha256Base64(plaintext) !== invoiceHash) throw hashMismatch();
        }
        const invoice = engine.addInvoice(session, {
          plaintext,
          invoiceHash,
          offlineMode,
          hashOfCorrectedInvoice,
        });
        engine.processInvoiceLater(session, invoice);
        const response: SendInvoiceResponseDto = { referenceNumber: invoice.referenceNumber };
        return json(202, response);
      },
    },
  ];
}
