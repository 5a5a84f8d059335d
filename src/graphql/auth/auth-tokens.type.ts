// Results of `loginWithKsefToken` and `refreshAccessToken`. Tokens are secrets: the types and
// every field returning them are tagged `internal`, so a contract that excludes secrets drops the
// whole login surface rather than a field that would dangle.
import { Directive, Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../common/date-time.scalar';
import { Tag } from '../common/schema-directives';

@Directive(Tag.internal)
@ObjectType({
  simpleResolvers: true,
  description: 'A token KSeF issued (a JWT) and when it stops working.',
})
export class AccessToken {
  @Field(() => String, {
    description: 'The token: send it as `Authorization: Bearer <token>`. A secret.',
  })
  token!: string;

  @Field(() => DateTimeScalar, { description: 'When KSeF stops accepting it.' })
  validUntil!: Date;
}

@Directive(Tag.internal)
@ObjectType({
  simpleResolvers: true,
  description: 'What a login gives: an access token and the refresh token that renews it.',
})
export class AuthTokens {
  @Directive(Tag.internal)
  @Field(() => AccessToken, {
    description: 'For every other operation; lives about 15 minutes on KSeF.',
  })
  accessToken!: AccessToken;

  @Directive(Tag.internal)
  @Field(() => AccessToken, {
    description: 'For refreshAccessToken only; lives up to 7 days on KSeF.',
  })
  refreshToken!: AccessToken;
}
