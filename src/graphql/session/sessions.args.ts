// Arguments of `Query.sessions`.
import { ArgsType, Field, Int } from 'type-graphql';
import { SessionType } from './session-enums';
import { SessionFilter } from './session-filter.input';

export const SESSIONS_PAGE_MAX = 1000;
export const SESSIONS_PAGE_DEFAULT = 10;

@ArgsType()
export class SessionsArgs {
  @Field(() => SessionType, { description: 'Which kind of sessions to list (KSeF requires one).' })
  type!: SessionType;

  @Field(() => Int, {
    nullable: true,
    defaultValue: SESSIONS_PAGE_DEFAULT,
    description: 'How many sessions to return: 1 to 1000 (independent of KSeF page sizes).',
  })
  first!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Return sessions after this cursor (an `endCursor` or edge cursor).',
  })
  after?: string | null;

  @Field(() => SessionFilter, { nullable: true, description: 'Narrows the list.' })
  filter?: SessionFilter | null;
}
