// MF's certificate of one usage: `SymmetricKeyEncryption` wraps session keys,
// `KsefTokenEncryption` encrypts KSeF tokens at login (KSeF publishes the two with different
// keys). It is public data, identical for every caller, so one provider per usage and upstream
// is shared by all requests: fetched once, kept until it expires, and fetched by one request at
// a time however many sessions are being opened (or logins made) concurrently.
//
// Selection rule (KSeF docs: bezpieczenstwo/klucze-publiczne-do-szyfrowania.md): usage matches,
// valid now, the latest `validFrom` wins (during a planned rotation old and new are listed side
// by side). On KSeF's 21470 "unknown key" the caller asks for `refresh()` once: an emergency
// rotation withdrew the key.
import { KsefError } from './ksef-error';
import { publicKeyIdOf } from './crypto';
import type { KsefSecurityClient } from './security.client';
import type { PublicKeyCertificateDto, PublicKeyCertificateUsageDto } from './wire/sessions.dto';

export interface PublicKeyProvider {
  /** The certificate to use now (cached until its `validTo`). */
  current(): Promise<PublicKeyCertificateDto>;
  /** Drops the cache and fetches again (joins a fetch already under way). */
  refresh(): Promise<PublicKeyCertificateDto>;
}

export function createPublicKeyProvider(
  security: KsefSecurityClient,
  now: () => Date = () => new Date(),
  usage: PublicKeyCertificateUsageDto = 'SymmetricKeyEncryption',
): PublicKeyProvider {
  let cached: { certificate: PublicKeyCertificateDto; validToMs: number } | undefined;
  let inFlight: Promise<PublicKeyCertificateDto> | undefined;

  function fetchOnce(): Promise<PublicKeyCertificateDto> {
    // Concurrent callers join the fetch under way. For refresh() that fetch may have started a
    // moment before the 21470 arrived; at worst the one retry fails again and the caller sees it.
    inFlight ??= (async () => {
      try {
        const certificates = await security.getPublicKeyCertificates();
        const chosen = selectCertificate(certificates, usage, now());
        if (chosen === undefined) {
          throw new KsefError({
            kind: 'contract-violation',
            message: `KSeF lists no usable ${usage} certificate (none valid now with a matching publicKeyId)`,
            method: 'GET',
            path: '/security/public-key-certificates',
          });
        }
        cached = { certificate: chosen, validToMs: Date.parse(chosen.validTo) };
        return chosen;
      } finally {
        // Failures are not cached: the next request tries again.
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  return {
    current() {
      if (cached !== undefined && now().getTime() < cached.validToMs) {
        return Promise.resolve(cached.certificate);
      }
      return fetchOnce();
    },
    refresh() {
      cached = undefined;
      return fetchOnce();
    },
  };
}

/** Pure: the certificate to wrap session keys with at `at`, or undefined when none qualifies. */
export function selectSymmetricKeyCertificate(
  certificates: readonly PublicKeyCertificateDto[],
  at: Date,
): PublicKeyCertificateDto | undefined {
  return selectCertificate(certificates, 'SymmetricKeyEncryption', at);
}

/** Pure: the certificate of `usage` to use at `at`, or undefined when none qualifies. */
export function selectCertificate(
  certificates: readonly PublicKeyCertificateDto[],
  usage: PublicKeyCertificateUsageDto,
  at: Date,
): PublicKeyCertificateDto | undefined {
  const atMs = at.getTime();
  let best: { certificate: PublicKeyCertificateDto; validFromMs: number } | undefined;
  for (const certificate of certificates) {
    if (!certificate.usage.includes(usage)) continue;
    const validFromMs = Date.parse(certificate.validFrom);
    const validToMs = Date.parse(certificate.validTo);
    if (Number.isNaN(validFromMs) || Number.isNaN(validToMs)) continue;
    if (atMs < validFromMs || atMs >= validToMs) continue;
    if (!hasMatchingPublicKeyId(certificate)) continue;
    if (best === undefined || validFromMs > best.validFromMs) best = { certificate, validFromMs };
  }
  return best?.certificate;
}

/**
 * KSeF decrypts with the key named by `publicKeyId`; a certificate whose own key hashes to another
 * id (or that cannot be read) would produce sessions failing later with 415 (or logins with 450),
 * so it is skipped now.
 */
function hasMatchingPublicKeyId(certificate: PublicKeyCertificateDto): boolean {
  try {
    return publicKeyIdOf(certificate.certificate) === certificate.publicKeyId;
  } catch {
    return false;
  }
}
