// A downloaded UPO page: the signed XML exactly as received, its hash and the parsed entries.
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../common/date-time.scalar';
import { Tag } from '../common/schema-directives';

@Directive(Tag.public)
@ObjectType({
  simpleResolvers: true,
  description: 'One invoice confirmed by a UPO (a `Dokument` element).',
})
export class UpoDocument {
  @Field(() => String, { description: 'The KSeF number assigned to the invoice.' })
  ksefNumber!: string;

  @Field(() => String, { description: "The invoice's own number (P_2)." })
  invoiceNumber!: string;

  @Field(() => String, { description: "The seller's NIP." })
  sellerNip!: string;

  @Field(() => String, { description: 'Base64 SHA-256 of the invoice as sent.' })
  invoiceSha256!: string;

  @Field(() => String, { nullable: true, description: 'Invoice issue date (YYYY-MM-DD).' })
  issueDate!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the invoice was sent to KSeF.',
  })
  sentAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When KSeF assigned the KSeF number (the legal receipt time).',
  })
  ksefNumberAssignedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'How the invoice was sent: `Online` or `Offline`.',
  })
  sendingMode!: string | null;
}

@Directive(Tag.public)
@ObjectType({
  simpleResolvers: true,
  description: 'An official receipt (UPO) page, byte-exact, with its hash and entries.',
})
export class Upo {
  @Field(() => ID, { description: 'The session the receipt confirms.' })
  sessionReferenceNumber!: string;

  @Field(() => ID, { description: 'Reference number of the UPO page.' })
  referenceNumber!: string;

  @Field(() => String, {
    description: 'The signed receipt exactly as KSeF sent it (UTF-8 decoded, never re-serialised).',
  })
  xml!: string;

  @Field(() => String, {
    description:
      'Base64 SHA-256 of the received bytes, checked against `x-ms-meta-hash` when sent.',
  })
  sha256!: string;

  @Field(() => [UpoDocument], {
    description: 'The invoices the receipt confirms, parsed from `xml`.',
  })
  documents!: UpoDocument[];

  @Field(() => Int, {
    nullable: true,
    description: 'This page number (`OpisPotwierdzenia/Strona`).',
  })
  pageNumber!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'How many pages the session UPO has (`OpisPotwierdzenia/LiczbaStron`).',
  })
  pageCount!: number | null;

  @Field(() => String, { nullable: true, description: 'The form code confirmed, e.g. `FA (3)`.' })
  formCode!: string | null;
}
