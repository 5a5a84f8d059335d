// Arguments of `Query.invoice` and `Session.invoices`.
import { ArgsType, Field, ID, Int } from 'type-graphql';
import { SESSIONS_PAGE_DEFAULT } from '../session/sessions.args';

@ArgsType()
export class InvoiceArgs {
  @Field(() => ID, { description: 'The session the invoice was sent in.' })
  sessionReferenceNumber!: string;

  @Field(() => ID, { description: 'Reference number of the invoice (from sendInvoice or a list).' })
  invoiceReferenceNumber!: string;
}

@ArgsType()
export class SessionInvoicesArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: SESSIONS_PAGE_DEFAULT,
    description: 'How many invoices to return: 1 to 1000 (independent of KSeF page sizes).',
  })
  first!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Return invoices after this cursor (an `endCursor` or edge cursor).',
  })
  after?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Only the invoices KSeF rejected (`GET …/invoices/failed`).',
  })
  failedOnly!: boolean | null;
}
