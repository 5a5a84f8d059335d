// The Session entity and its parts, as API.md fixes them. `Session` is a federation entity keyed
// by `referenceNumber`, so other subgraphs can reference a KSeF session and let this one fill it.
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { UpoResponseDto } from '../../ksef/wire/sessions.dto';
import { DateTimeScalar } from '../common/date-time.scalar';
import { Tag } from '../common/schema-directives';
import { SessionPhase, SessionType } from './session-enums';

@Directive(Tag.public)
@ObjectType({
  simpleResolvers: true,
  description: 'A KSeF status: code, Polish description and optional details.',
})
export class SessionStatus {
  @Field(() => Int, {
    description: 'KSeF status code (e.g. 100 open, 170/150 closing, 200 processed).',
  })
  code!: number;

  @Field(() => String, { description: 'KSeF description of the code, in Polish, as KSeF sent it.' })
  description!: string;

  @Field(() => [String], { description: 'Additional details from KSeF; empty when it sent none.' })
  details!: string[];
}

@Directive(Tag.public)
@ObjectType({
  simpleResolvers: true,
  description: 'One page of a session UPO (at most 10 000 invoice entries a page).',
})
export class UpoPage {
  @Field(() => ID, { description: 'Reference number of the UPO page (type `EU`).' })
  referenceNumber!: string;

  // A bearer capability: whoever holds the link downloads the receipt, no token needed. A
  // contract shown outside the platform team (`--exclude-tag internal`) drops it; its consumers
  // still get the receipt through `document`, which goes through their own token.
  @Directive(Tag.internal)
  @Field(() => String, {
    description:
      'Pre-signed download link of this page: GET it without Authorization before it expires.',
  })
  downloadUrl!: string;

  @Field(() => DateTimeScalar, { description: 'When `downloadUrl` stops working.' })
  downloadUrlExpiresAt!: Date;

  /** The session this page belongs to; needed to fetch the document (not exposed). */
  sessionReferenceNumber!: string;
}

@Directive(Tag.public)
@ObjectType({
  simpleResolvers: true,
  description: 'The official receipt (UPO) of a session, in pages.',
})
export class SessionUpo {
  // A UPO page holds up to 10 000 invoices, so a session has one page in all but rare cases;
  // without a hint a router would multiply the cost of `document` by its default list size.
  @Directive('@listSize(assumedSize: 1)')
  @Field(() => [UpoPage], { description: 'The pages of the session UPO; usually exactly one.' })
  pages!: UpoPage[];
}

@Directive('@key(fields: "referenceNumber")')
@Directive(Tag.public)
// simpleResolvers (on every object type here): plain property reads skip type-graphql's per-field
// middleware wrapper (the gateway uses no middleware); fields with a @FieldResolver keep theirs.
// The benchmark's profile showed that wrapper at ~4% of a 100-session list.
@ObjectType({
  simpleResolvers: true,
  description: 'A KSeF session (online or batch) and where it stands.',
})
export class Session {
  @Field(() => ID, {
    description: 'KSeF reference number, e.g. `20251122-SO-0123456789-ABCDEF0123-4F`.',
  })
  referenceNumber!: string;

  @Field(() => SessionType, {
    description: 'Online (`SO`) or batch (`SB`), from the reference number.',
  })
  type!: SessionType;

  @Field(() => SessionStatus, { description: 'The KSeF status as KSeF reported it.' })
  status!: SessionStatus;

  @Field(() => SessionPhase, {
    description: 'Where the session stands, derived from status and type.',
  })
  phase!: SessionPhase;

  @Field(() => Boolean, {
    description: 'True once KSeF will not change the status any more (code ≥ 200).',
  })
  isTerminal!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the session was opened.' })
  dateCreated!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Last activity: an invoice sent or a status change.',
  })
  dateUpdated!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Online sessions close automatically at this time (12 h after opening).',
  })
  validUntil!: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Invoices in the session, including those still being processed.',
  })
  invoiceCount!: number | null;

  @Field(() => Int, { nullable: true, description: 'Invoices accepted (a KSeF number assigned).' })
  successfulInvoiceCount!: number | null;

  @Field(() => Int, { nullable: true, description: 'Invoices rejected.' })
  failedInvoiceCount!: number | null;

  /**
   * What the source said about the UPO: `undefined` when the session came from a list page (the
   * list does not carry `upo`; the `upo` field resolver then reads the status if it can exist).
   */
  knownUpo!: UpoResponseDto | null | undefined;
}
