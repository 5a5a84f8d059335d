// Invoices of a session as a Relay-style connection over KSeF's continuation tokens.
import { Directive, Field, ObjectType } from 'type-graphql';
import { Tag } from '../common/schema-directives';
import { PageInfo } from '../session/session-connection.type';
import { Invoice } from './invoice.type';

@Directive(Tag.public)
@ObjectType({ simpleResolvers: true, description: "An invoice in a page of a session's invoices." })
export class InvoiceEdge {
  @Field(() => String, { description: 'Opaque cursor right after this invoice.' })
  cursor!: string;

  @Field(() => Invoice, { description: 'The invoice.' })
  node!: Invoice;
}

@Directive(Tag.public)
@ObjectType({
  simpleResolvers: true,
  description: "A page of a session's invoices, in KSeF's order.",
})
export class InvoiceConnection {
  @Field(() => [InvoiceEdge], { description: 'The invoices of this page with their cursors.' })
  edges!: InvoiceEdge[];

  @Field(() => [Invoice], { description: 'The invoices of this page (same as edges.node).' })
  nodes!: Invoice[];

  @Field(() => PageInfo, { description: 'Paging information.' })
  pageInfo!: PageInfo;
}
