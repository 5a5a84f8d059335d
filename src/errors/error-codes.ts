// The client-facing `extensions.code` values (API.md "Error codes"). They are part of the
// product's outer interface: clients branch on them, so they are fixed strings in one place.

export const ErrorCode = {
  /** Invalid arguments (caught before any upstream call where possible), or KSeF 400. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** No token, or KSeF 401. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** KSeF 403 (with `reasonCode`). */
  FORBIDDEN: 'FORBIDDEN',
  /** A mutation on a session KSeF does not know. */
  NOT_FOUND: 'NOT_FOUND',
  /** KSeF 429, with `retryAfterSeconds`. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** KSeF 5xx, timeout or connection failure. */
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  /** KSeF answered with something the contract does not allow. */
  UPSTREAM_CONTRACT_VIOLATION: 'UPSTREAM_CONTRACT_VIOLATION',
  /** Anything else; the message is masked. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const knownCodes: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** True when `code` is one of the gateway's own codes (so a formatter may pass it through). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && knownCodes.has(code);
}
