// An invoice of a session and its parts, as API.md fixes them, plus what a front-end needs to
// show why an invoice failed without going to the REST API (details, the original of a duplicate).
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../common/date-time.scalar';
import { Tag } from '../common/schema-directives';
import { UpoDocument } from '../upo/upo.type';
import { InvoicePhase } from './invoice-enums';

@Directive(Tag.public)
@ObjectType({ simpleResolvers: true, description: 'A name and value KSeF attached to a status.' })
export class StatusExtension {
  @Field(() => String, { description: 'The name, as KSeF spells it.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'The value; null when KSeF sent none.' })
  value!: string | null;
}

@Directive(Tag.public)
@ObjectType({
  simpleResolvers: true,
  description: "An invoice's KSeF status: code, Polish description, details and extensions.",
})
export class InvoiceStatus {
  @Field(() => Int, {
    description: 'KSeF status code (100, 150 processing; 200 accepted; 405–550 rejected).',
  })
  code!: number;

  @Field(() => String, { description: 'KSeF description of the code, in Polish, as KSeF sent it.' })
  description!: string;

  @Field(() => [String], {
    description: 'Why, in KSeF words (e.g. the schema errors of a 450); empty when it sent none.',
  })
  details!: string[];

  @Field(() => [StatusExtension], {
    description:
      'Further values KSeF attached (for a 440 duplicate: `originalSessionReferenceNumber`, `originalKsefNumber`).',
  })
  extensions!: StatusExtension[];
}

@Directive(Tag.public)
@ObjectType({
  simpleResolvers: true,
  description: 'The invoice that a rejected duplicate (status 440) duplicates.',
})
export class OriginalInvoice {
  @Field(() => ID, { nullable: true, description: 'The session the original was sent in.' })
  sessionReferenceNumber!: string | null;

  @Field(() => String, { nullable: true, description: "The original's KSeF number." })
  ksefNumber!: string | null;
}

@Directive(Tag.public)
@ObjectType({
  simpleResolvers: true,
  description: "An invoice's official receipt (UPO), exactly as KSeF signed it.",
})
export class InvoiceUpo {
  @Field(() => String, {
    description: 'The signed receipt exactly as KSeF sent it, byte for byte.',
  })
  xml!: string;

  @Field(() => String, {
    description: 'Base64 SHA-256 of `xml`, checked against KSeF x-ms-meta-hash when sent.',
  })
  sha256!: string;

  @Field(() => UpoDocument, {
    nullable: true,
    description: 'The invoice entry parsed from `xml`; null when the receipt lists none.',
  })
  document!: UpoDocument | null;
}

@Directive(Tag.public)
@ObjectType({ simpleResolvers: true, description: 'An invoice sent in a KSeF session.' })
export class Invoice {
  @Field(() => ID, { description: 'KSeF reference number of the invoice (type `EE`).' })
  referenceNumber!: string;

  @Field(() => ID, { description: 'The session it was sent in.' })
  sessionReferenceNumber!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Its position in the session (1, 2 …); null until KSeF has listed it.',
  })
  ordinalNumber!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "The invoice's own number (P_2), once KSeF has read it.",
  })
  invoiceNumber!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The KSeF number, once assigned (status 200).',
  })
  ksefNumber!: string | null;

  @Field(() => String, { description: 'Base64 SHA-256 of the invoice document as sent.' })
  invoiceHash!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the KSeF number was assigned: the legal date of receipt.',
  })
  acquisitionDate!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When KSeF took the invoice for processing.',
  })
  invoicingDate!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The file name inside a batch package; null for online sessions.',
  })
  invoiceFileName!: string | null;

  @Field(() => InvoiceStatus, { description: 'The KSeF status as KSeF reported it.' })
  status!: InvoiceStatus;

  @Field(() => InvoicePhase, { description: 'Where the invoice stands, derived from the status.' })
  phase!: InvoicePhase;

  @Field(() => Boolean, {
    description: 'True once KSeF will not change the status any more (code ≥ 200).',
  })
  isTerminal!: boolean;

  @Field(() => OriginalInvoice, {
    nullable: true,
    description: 'For a rejected duplicate (440): the invoice it duplicates; otherwise null.',
  })
  duplicateOf!: OriginalInvoice | null;

  /** The pre-signed link to the invoice UPO, when the source carried one (not exposed). */
  upoLink!: { url: string; expiresAt: Date } | null;
}
