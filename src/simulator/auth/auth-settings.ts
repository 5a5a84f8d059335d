// Lifetimes of the simulator's authentication, KSeF's by default (KSeF docs: uwierzytelnianie.md;
// the spec's example tokens): a challenge lives 10 minutes, an access token 15, a refresh token 7
// days. Tests shorten them, and may bring their own clock to let time pass without waiting.
export interface AuthSettings {
  challengeValidityMs: number;
  /** How long an authentication operation shows 100 ("in progress") before its outcome. */
  authenticationDelayMs: number;
  accessTokenValidityMs: number;
  refreshTokenValidityMs: number;
  /** Epoch milliseconds; every expiry of the authentication area is measured on it. */
  now: () => number;
}

export const DEFAULT_AUTH_SETTINGS: Readonly<AuthSettings> = {
  challengeValidityMs: 10 * 60_000,
  authenticationDelayMs: 100,
  accessTokenValidityMs: 15 * 60_000,
  refreshTokenValidityMs: 7 * 24 * 3_600_000,
  now: Date.now,
};

/** The operation token's lifetime, as in the spec's example (45 minutes). */
export const OPERATION_TOKEN_VALIDITY_MS = 45 * 60_000;
