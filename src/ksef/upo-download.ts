// Fetches a UPO from the pre-signed `downloadUrl` KSeF puts into a session status. Those links are
// not rate-limited (KSeF docs: limity/limity-api.md), which is why the gateway prefers them over the API UPO endpoint.
//
// The URL comes from upstream data, and in the GraphQL API a caller could in principle get one in
// front of the gateway, so it is treated as untrusted: it is fetched only when its origin is the
// configured KSeF's own origin (KSeF docs: srodowiska.md: "any URL returned by the API has a host matching the
// environment called") or an explicitly allowed one — otherwise the gateway would fetch whatever
// address it is handed (server-side request forgery). It never carries the caller's token: the
// signature in the query string is the authorization, and storage must not see our bearer.
import { createHash } from 'node:crypto';
import { contractViolation, KsefError } from './ksef-error';
import type { KsefHttp } from './http';

/** A UPO document exactly as KSeF sent it (it is XAdES-signed: never re-serialize it). */
export interface UpoDownload {
  bytes: Buffer;
  /** Value of the `x-ms-meta-hash` response header (Base64 SHA-256), when KSeF sent one. */
  metaHash: string | undefined;
}

/**
 * Wraps a UPO body. When KSeF sent `x-ms-meta-hash`, the bytes must hash to it: a mismatch means a
 * truncated or altered receipt, which must never reach a caller as if it were the signed original.
 */
export function toUpoDownload(
  method: string,
  path: string,
  status: number,
  bytes: Buffer,
  headers: Readonly<Record<string, string>>,
): UpoDownload {
  const sent = headers['x-ms-meta-hash']?.trim();
  const metaHash = sent === '' ? undefined : sent;
  if (metaHash !== undefined) {
    const actual = createHash('sha256').update(bytes).digest('base64');
    if (actual !== metaHash) {
      throw contractViolation(
        method,
        path,
        status,
        'sent a UPO whose SHA-256 differs from x-ms-meta-hash',
      );
    }
  }
  return { bytes, metaHash };
}

export interface UpoDownloader {
  /**
   * True when the link may be fetched: its origin is the KSeF environment's (or an allowed one).
   * A link to elsewhere, e.g. KSeF's own host while the gateway talks to KSeF through a proxy
   * (KSEF_API_URL), is not KSeF misbehaving: the caller then reads the UPO through the API.
   */
  accepts(downloadUrl: string): boolean;
  /** Fetches the link; refuses (contract-violation) one that `accepts` would not take. */
  download(
    downloadUrl: string,
    options?: { signal?: AbortSignal; timeoutMs?: number },
  ): Promise<UpoDownload>;
}

export interface UpoDownloaderOptions {
  /**
   * Further origins of the same KSeF environment (e.g. a storage host), as `https://host[:port]`;
   * a bare host name means `https://host`. The upstream's own origin is always allowed.
   */
  allowedOrigins?: readonly string[];
}

/** Label used in errors and metrics: never the URL itself, whose query string is a credential. */
const DOWNLOAD_PATH_LABEL = '{downloadUrl}';

export function createUpoDownloader(
  http: KsefHttp,
  options: UpoDownloaderOptions = {},
): UpoDownloader {
  const allowed = allowedOriginSet(http.origin, options.allowedOrigins ?? []);
  return {
    accepts(downloadUrl) {
      try {
        checkDownloadUrl(downloadUrl, http.origin, allowed);
        return true;
      } catch {
        return false;
      }
    },
    async download(downloadUrl, callOptions = {}) {
      const url = checkDownloadUrl(downloadUrl, http.origin, allowed);
      const response = await http.request({
        method: 'GET',
        pathTemplate: DOWNLOAD_PATH_LABEL,
        absoluteUrl: url,
        // No `caller`: no Authorization, no x-request-id to a storage service.
        responseType: 'bytes',
        expectedStatus: [200],
        ...(callOptions.signal !== undefined && { signal: callOptions.signal }),
        ...(callOptions.timeoutMs !== undefined && { timeoutMs: callOptions.timeoutMs }),
      });
      return toUpoDownload(
        'GET',
        DOWNLOAD_PATH_LABEL,
        response.status,
        response.data,
        response.headers,
      );
    },
  };
}

export function allowedOriginSet(
  upstreamOrigin: string,
  extra: readonly string[],
): ReadonlySet<string> {
  const origins = new Set<string>([upstreamOrigin]);
  for (const entry of extra) {
    const withScheme = entry.includes('://') ? entry : `https://${entry}`;
    origins.add(new URL(withScheme).origin);
  }
  return origins;
}

/**
 * Resolves `downloadUrl` (absolute, or relative to the upstream as older KSeF docs showed) and
 * returns it only when it may be fetched; otherwise a KsefError `contract-violation`: KSeF handed
 * out a link outside its own environment.
 */
export function checkDownloadUrl(
  downloadUrl: string,
  upstreamOrigin: string,
  allowedOrigins: ReadonlySet<string>,
): URL {
  let url: URL;
  try {
    url = new URL(downloadUrl, upstreamOrigin);
  } catch {
    throw refused('it is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw refused(`scheme ${url.protocol} is not allowed`);
  // user:password@host would send credentials of someone's choosing.
  if (url.username !== '' || url.password !== '') throw refused('it carries credentials');
  // URL.origin normalises case, default ports and IDNs, so "HTTPS://Host:443" matches "https://host".
  // The origin stays out of the message (callers see messages; the gateway's own upstream is
  // nobody's business) and goes to the error's cause, for logs.
  if (!allowedOrigins.has(url.origin))
    throw refused("its host is not the KSeF environment's", { origin: url.origin });
  return url;
}

function refused(why: string, cause?: { origin: string }): KsefError {
  return new KsefError({
    kind: 'contract-violation',
    message: `Refused to download the UPO: ${why}`,
    method: 'GET',
    path: DOWNLOAD_PATH_LABEL,
    ...(cause !== undefined && { cause }),
  });
}
