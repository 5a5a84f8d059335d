// How the gateway reads a UPO (the official receipt): through its pre-signed link while the link is
// valid and points into the KSeF environment, else through the API. The links carry no
// Authorization and do not count against KSeF's rate limits, whereas the API UPO reads share the
// sessionMisc bucket (10/s) with every status poll of the same context (KSeF docs: limity/limity-api.md).
//
// A link that fails for a transport reason (expired meanwhile, storage down) falls back to the API;
// a broken answer (a hash mismatch, garbage) surfaces as a contract violation and is never papered
// over by a second source. Null means KSeF has no such UPO (21178) or no such session (21173).
import { isKsefError } from './ksef-error';
import type { KsefInvoicesClient } from './invoices.client';
import type { KsefSessionsClient } from './sessions.client';
import type { UpoDownload, UpoDownloader } from './upo-download';
import { KsefExceptionCode } from './wire/exception-codes';

/** A pre-signed link as KSeF hands it out in a status response. */
export interface UpoLink {
  url: string;
  expiresAt: Date;
}

export interface UpoReader {
  /** One page of a session UPO (`GET /sessions/{ref}/upo/{upoRef}` when the link cannot serve). */
  readSessionUpoPage(
    sessionReferenceNumber: string,
    upoReferenceNumber: string,
    link?: UpoLink,
  ): Promise<UpoDownload | null>;
  /** An invoice's UPO (`GET /sessions/{ref}/invoices/{invoiceRef}/upo` as the fallback). */
  readInvoiceUpo(
    sessionReferenceNumber: string,
    invoiceReferenceNumber: string,
    link?: UpoLink,
  ): Promise<UpoDownload | null>;
}

/** A link this close to expiry is not worth trying. */
export const UPO_LINK_EXPIRY_MARGIN_MS = 10_000;

export interface UpoReaderDeps {
  downloader: UpoDownloader;
  sessions: Pick<KsefSessionsClient, 'getSessionUpoPage'>;
  invoices: Pick<KsefInvoicesClient, 'getInvoiceUpo'>;
  /** The caller's operation signal: a link download is abandoned with the operation. */
  signal?: AbortSignal;
}

export function createUpoReader(deps: UpoReaderDeps): UpoReader {
  async function viaLink(link: UpoLink | undefined): Promise<UpoDownload | undefined> {
    if (link === undefined) return undefined;
    if (link.expiresAt.getTime() - UPO_LINK_EXPIRY_MARGIN_MS <= Date.now()) return undefined;
    if (!deps.downloader.accepts(link.url)) return undefined;
    try {
      return await deps.downloader.download(
        link.url,
        deps.signal !== undefined ? { signal: deps.signal } : {},
      );
    } catch (error) {
      if (!isKsefError(error) || error.kind === 'contract-violation') throw error;
      return undefined;
    }
  }

  async function viaApi(read: () => Promise<UpoDownload>): Promise<UpoDownload | null> {
    try {
      return await read();
    } catch (error) {
      if (
        isKsefError(error) &&
        (error.kind === 'not-found' ||
          error.hasCode(KsefExceptionCode.UpoNotFound) ||
          error.hasCode(KsefExceptionCode.NoSuchSession))
      ) {
        return null;
      }
      throw error;
    }
  }

  return {
    async readSessionUpoPage(sessionReferenceNumber, upoReferenceNumber, link) {
      return (
        (await viaLink(link)) ??
        viaApi(() => deps.sessions.getSessionUpoPage(sessionReferenceNumber, upoReferenceNumber))
      );
    },
    async readInvoiceUpo(sessionReferenceNumber, invoiceReferenceNumber, link) {
      return (
        (await viaLink(link)) ??
        viaApi(() => deps.invoices.getInvoiceUpo(sessionReferenceNumber, invoiceReferenceNumber))
      );
    },
  };
}
