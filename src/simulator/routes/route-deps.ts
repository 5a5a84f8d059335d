// What route handlers share: the store and state machine, the certificates, signers for storage
// URLs and continuation tokens, and the configured lifetimes.
import type { CertificateSet } from '../crypto/certificates';
import type { UrlSigner } from '../crypto/url-signer';
import type { ContinuationTokens } from '../listing/continuation-token';
import type { EffectiveApiRateLimitsDto } from '../../ksef/wire/sessions.dto';
import type { SessionEngine } from '../state/session-engine';
import type { Store } from '../state/store';
import type { Timers } from '../state/timers';

export interface RouteDeps {
  store: Store;
  engine: SessionEngine;
  certificates: CertificateSet;
  signer: UrlSigner;
  tokens: ContinuationTokens;
  sessionValidityMs: number;
  upoUrlTtlMs: number;
  rateLimits: EffectiveApiRateLimitsDto;
  timers: Timers;
}
