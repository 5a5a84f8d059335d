// A Relay-style connection over KSeF's forward-only continuation tokens (no total count, no
// backward paging: KSeF offers neither).
import { Directive, Field, ObjectType } from 'type-graphql';
import { Tag } from '../common/schema-directives';
import { Session } from './session.type';

// PageInfo is a name every subgraph tends to define; @shareable lets them compose.
@Directive('@shareable')
@Directive(Tag.public)
@ObjectType({
  simpleResolvers: true,
  description: 'Where a page of a connection ends and whether more follows.',
})
export class PageInfo {
  @Field(() => Boolean, {
    description: 'True when asking again with `after: endCursor` can return more.',
  })
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Opaque cursor after the last edge of this page; null when the page is empty.',
  })
  endCursor!: string | null;
}

@Directive(Tag.public)
@ObjectType({ simpleResolvers: true, description: 'A session in a page of the session list.' })
export class SessionEdge {
  @Field(() => String, { description: 'Opaque cursor right after this session.' })
  cursor!: string;

  @Field(() => Session, { description: 'The session.' })
  node!: Session;
}

@Directive(Tag.public)
@ObjectType({
  simpleResolvers: true,
  description: "A page of sessions, in KSeF's order (newest first).",
})
export class SessionConnection {
  @Field(() => [SessionEdge], { description: 'The sessions of this page with their cursors.' })
  edges!: SessionEdge[];

  @Field(() => [Session], { description: 'The sessions of this page (same as edges.node).' })
  nodes!: Session[];

  @Field(() => PageInfo, { description: 'Paging information.' })
  pageInfo!: PageInfo;
}
