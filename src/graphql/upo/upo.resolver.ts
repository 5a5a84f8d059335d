// UPO reads. `Query.upo` and `UpoPage.document` fetch the receipt only when asked for.
// `UpoPage.document` goes through the UPO reader (ksef/upo-reader.ts): the page's pre-signed link
// while it is valid and points into the KSeF environment, else the API read.
import { Args, Ctx, Directive, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { costOf, Tag } from '../common/schema-directives';
import type { GatewayContext } from '../context';
import { UpoPage } from '../session/session.type';
import { assertReferenceNumber, assertSessionReference } from '../session/session.validation';
import { UpoArgs } from './upo.args';
import { toUpo } from './upo.mapper';
import { Upo } from './upo.type';

@Resolver(() => UpoPage)
export class UpoResolver {
  @Directive(costOf(1))
  @Directive(Tag.public)
  @Query(() => Upo, {
    nullable: true,
    description: 'One page of a session UPO; null when KSeF has no such UPO.',
  })
  async upo(
    @Args(() => UpoArgs) { sessionReferenceNumber, upoReferenceNumber }: UpoArgs,
    @Ctx() context: GatewayContext,
  ): Promise<Upo | null> {
    assertSessionReference(sessionReferenceNumber, 'sessionReferenceNumber');
    assertReferenceNumber(upoReferenceNumber, 'upoReferenceNumber');
    const download = await context
      .ksef()
      .upo.readSessionUpoPage(sessionReferenceNumber, upoReferenceNumber);
    return download ? toUpo(sessionReferenceNumber, upoReferenceNumber, download) : null;
  }

  // One download: the pre-signed link (outside KSeF's rate limits) or, failing that, the API.
  @Directive(costOf(1))
  @FieldResolver(() => Upo, {
    nullable: true,
    description: 'The receipt itself (XML, hash, entries); downloaded only when asked for.',
  })
  async document(@Root() page: UpoPage, @Ctx() context: GatewayContext): Promise<Upo | null> {
    const download = await context
      .ksef()
      .upo.readSessionUpoPage(
        page.sessionReferenceNumber,
        page.referenceNumber,
        page.downloadUrl
          ? { url: page.downloadUrl, expiresAt: page.downloadUrlExpiresAt }
          : undefined,
      );
    return download ? toUpo(page.sessionReferenceNumber, page.referenceNumber, download) : null;
  }
}
