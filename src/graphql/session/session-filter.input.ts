// Filters of the session list; each maps to one KSeF query parameter of GET /sessions.
import { Directive, Field, ID, InputType } from 'type-graphql';
import { DateTimeScalar } from '../common/date-time.scalar';
import { Tag } from '../common/schema-directives';
import { SessionStatusGroup } from './session-enums';

@Directive(Tag.public)
@InputType({ description: 'Narrows the session list; every field maps to a KSeF filter.' })
export class SessionFilter {
  @Field(() => ID, { nullable: true, description: 'Only the session with this reference number.' })
  referenceNumber?: string | null;

  @Field(() => [SessionStatusGroup], {
    nullable: true,
    description: 'Only sessions in one of these status groups.',
  })
  statuses?: SessionStatusGroup[] | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Created at or after this time.' })
  createdFrom?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Created at or before this time.' })
  createdTo?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Closed at or after this time.' })
  closedFrom?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Closed at or before this time.' })
  closedTo?: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Last activity at or after this time.',
  })
  modifiedFrom?: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Last activity at or before this time.',
  })
  modifiedTo?: Date | null;
}
