// Result of `Mutation.openOnlineSession`.
import { Directive, Field, ObjectType } from 'type-graphql';
import { Tag } from '../common/schema-directives';
import { Session } from './session.type';

// The session's AES key in clear: a secret. Tagged `internal` together with the one field that
// returns it (a contract must never drop a type yet keep a field returning it).
@Directive(Tag.internal)
@ObjectType({
  simpleResolvers: true,
  description:
    'A session key the gateway generated. Shown once: keep it to encrypt every invoice of the session.',
})
export class SessionKey {
  @Field(() => String, { description: 'Base64 of the 32-byte AES-256 key.' })
  symmetricKey!: string;

  @Field(() => String, { description: 'Base64 of the 16-byte initialisation vector.' })
  initializationVector!: string;
}

@ObjectType({
  simpleResolvers: true,
  description: 'The opened session and, when the gateway made it, its key.',
})
export class OpenOnlineSessionPayload {
  @Field(() => Session, { description: 'The new session (status 100, phase OPEN).' })
  session!: Session;

  @Directive(Tag.internal)
  @Field(() => SessionKey, {
    nullable: true,
    description: 'The generated key; null when you sent `encryption` yourself.',
  })
  generatedKey!: SessionKey | null;

  // Opens only for this session and the caller's KSeF context, so it is not a secret of the
  // kind `generatedKey` is; still a capability to send into the session, hence `internal`.
  @Directive(Tag.internal)
  @Field(() => String, {
    nullable: true,
    description:
      "An opaque handle to the session's key for sendInvoice, bound to this session and your KSeF context, valid until validUntil. Null when you sent `encryption` yourself or the gateway has no GATEWAY_KEY_SECRETS.",
  })
  sessionKey!: string | null;
}
