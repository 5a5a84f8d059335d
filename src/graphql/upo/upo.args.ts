// Arguments of `Query.upo` (an ArgsType keeps them in API.md's order in the SDL).
import { ArgsType, Field, ID } from 'type-graphql';

@ArgsType()
export class UpoArgs {
  @Field(() => ID, { description: 'Session reference number (SO or SB).' })
  sessionReferenceNumber!: string;

  @Field(() => ID, { description: 'UPO page reference number (`upo.pages[].referenceNumber`).' })
  upoReferenceNumber!: string;
}
