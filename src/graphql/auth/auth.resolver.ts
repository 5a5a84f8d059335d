// The login mutations. Neither needs an Authorization header (an access token is what they make),
// and any header sent is ignored. Arguments are checked before any KSeF call; KSeF's failures
// travel up as KsefError (a wrong or revoked KSeF token, a refused refresh token: UNAUTHENTICATED)
// for errors/format-error.ts to turn into API.md's codes.
import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import { costOf, Tag } from '../common/schema-directives';
import type { GatewayContext } from '../context';
import { toAccessToken, toAuthTokens } from './auth.mapper';
import { assertRefreshToken, toKsefTokenLogin } from './auth.validation';
import { AccessToken, AuthTokens } from './auth-tokens.type';
import { KsefTokenLoginInput } from './ksef-token-login.input';

@Resolver()
export class AuthResolver {
  // Challenge, submit, redeem and usually one or two status reads.
  @Directive(costOf(5))
  @Directive(Tag.internal)
  @Mutation(() => AuthTokens, {
    description:
      "Logs in to KSeF with a KSeF token: the gateway runs KSeF's whole flow (challenge, encrypted token, polling, redeem). No Authorization header needed.",
  })
  async loginWithKsefToken(
    @Arg('input', () => KsefTokenLoginInput, { description: 'The context and the KSeF token.' })
    input: KsefTokenLoginInput,
    @Ctx() context: GatewayContext,
  ): Promise<AuthTokens> {
    const login = toKsefTokenLogin(input);
    return toAuthTokens(await context.auth().loginWithKsefToken(login));
  }

  @Directive(costOf(1))
  @Directive(Tag.internal)
  @Mutation(() => AccessToken, {
    description:
      'A new access token for the refresh token of a login (before or after the old one expired). No Authorization header needed.',
  })
  async refreshAccessToken(
    @Arg('refreshToken', () => String, { description: 'The refresh token the login returned.' })
    refreshToken: string,
    @Ctx() context: GatewayContext,
  ): Promise<AccessToken> {
    const token = assertRefreshToken(refreshToken);
    const { accessToken } = await context.auth().refreshAccessToken(token);
    return toAccessToken(accessToken, '/auth/token/refresh');
  }
}
