// Input of `Mutation.loginWithKsefToken`.
import { Field, InputType } from 'type-graphql';
import { ContextIdentifierType } from './auth-enums';

@InputType({ description: 'The KSeF context (the company) to act for.' })
export class ContextIdentifierInput {
  @Field(() => ContextIdentifierType, { description: 'The kind of identifier.' })
  type!: ContextIdentifierType;

  @Field(() => String, { description: 'The identifier, e.g. the NIP.' })
  value!: string;
}

@InputType({
  description: 'A login with a KSeF token generated in KSeF (web app or POST /tokens).',
})
export class KsefTokenLoginInput {
  @Field(() => ContextIdentifierInput, {
    description: 'The context the token was generated for.',
  })
  context!: ContextIdentifierInput;

  @Field(() => String, {
    description: 'The KSeF token, as KSeF showed it once (up to 160 characters). A secret.',
  })
  ksefToken!: string;
}
