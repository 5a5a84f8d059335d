// Pure conversions between the login's GraphQL types and KSeF's wire shapes.
import { contractViolation } from '../../ksef/ksef-error';
import type {
  AuthenticationContextIdentifierTypeDto,
  TokenInfoDto,
} from '../../ksef/wire/auth.dto';
import { ContextIdentifierType } from './auth-enums';
import { AccessToken, AuthTokens } from './auth-tokens.type';

const CONTEXT_TYPES: Readonly<
  Record<ContextIdentifierType, AuthenticationContextIdentifierTypeDto>
> = {
  [ContextIdentifierType.NIP]: 'Nip',
  [ContextIdentifierType.INTERNAL_ID]: 'InternalId',
  [ContextIdentifierType.NIP_VAT_UE]: 'NipVatUe',
  [ContextIdentifierType.PEPPOL_ID]: 'PeppolId',
};

export function toContextIdentifierTypeDto(
  type: ContextIdentifierType,
): AuthenticationContextIdentifierTypeDto {
  return CONTEXT_TYPES[type];
}

/** A KSeF token with its expiry; a `validUntil` KSeF wrote unreadably breaks the contract. */
export function toAccessToken(dto: TokenInfoDto, path: string): AccessToken {
  const validUntil = new Date(dto.validUntil);
  if (Number.isNaN(validUntil.getTime())) {
    throw contractViolation('POST', path, 200, 'answered a token whose validUntil is not a date');
  }
  const token = new AccessToken();
  token.token = dto.token;
  token.validUntil = validUntil;
  return token;
}

export function toAuthTokens(dto: {
  accessToken: TokenInfoDto;
  refreshToken: TokenInfoDto;
}): AuthTokens {
  const tokens = new AuthTokens();
  tokens.accessToken = toAccessToken(dto.accessToken, '/auth/token/redeem');
  tokens.refreshToken = toAccessToken(dto.refreshToken, '/auth/token/redeem');
  return tokens;
}
