// Argument checks of the login mutations, before any upstream call: a mistyped NIP or a pasted
// fragment of a token costs no KSeF request. Messages never repeat the token.
import { badUserInput } from '../../errors/gateway-error';
import { CONTEXT_IDENTIFIER_PATTERNS, KSEF_TOKEN_MAX_LENGTH } from '../../ksef/wire/auth.dto';
import type { KsefTokenLogin } from '../../ksef/login-with-ksef-token';
import { toContextIdentifierTypeDto } from './auth.mapper';
import type { KsefTokenLoginInput } from './ksef-token-login.input';

/** KSeF tokens are printable ASCII (`<reference>|<type>-<identifier>|<hex>`), no spaces. */
const KSEF_TOKEN = new RegExp(`^[\\x21-\\x7E]{1,${KSEF_TOKEN_MAX_LENGTH}}$`);

/** JWTs; KSeF's refresh tokens are well under this. */
const REFRESH_TOKEN = /^[A-Za-z0-9._~+/=-]{1,8192}$/;

const EXAMPLES: Readonly<Record<string, string>> = {
  Nip: '10 digits, e.g. 5265877635',
  InternalId: 'a NIP, a dash and 5 digits, e.g. 5265877635-12345',
  NipVatUe: 'a NIP, a dash and an EU VAT number, e.g. 5265877635-DE123456789',
  PeppolId: 'P, two letters and 6 digits, e.g. PPL123456',
};

export function toKsefTokenLogin(input: KsefTokenLoginInput): KsefTokenLogin {
  const type = toContextIdentifierTypeDto(input.context.type);
  const value = input.context.value.trim();
  if (!CONTEXT_IDENTIFIER_PATTERNS[type].test(value)) {
    throw badUserInput(
      `"input.context.value" is not a valid ${input.context.type} (${EXAMPLES[type] ?? type}).`,
      { field: 'input.context.value' },
    );
  }
  const ksefToken = input.ksefToken.trim();
  if (!KSEF_TOKEN.test(ksefToken)) {
    throw badUserInput(
      `"input.ksefToken" is not a KSeF token: up to ${KSEF_TOKEN_MAX_LENGTH} printable characters without spaces, as KSeF showed it.`,
      { field: 'input.ksefToken' },
    );
  }
  return { context: { type, value }, ksefToken };
}

export function assertRefreshToken(refreshToken: string): string {
  const token = refreshToken.trim();
  if (!REFRESH_TOKEN.test(token)) {
    throw badUserInput('"refreshToken" is not a KSeF refresh token (the JWT the login returned).', {
      field: 'refreshToken',
    });
  }
  return token;
}
