// UPO reads. `Query.upo` and `UpoPage.document` fetch the receipt only when asked for.
//
// `UpoPage.document` prefers the page's pre-signed `downloadUrl` while it is valid: that download
// carries no Authorization and does not count against KSeF's rate limits, whereas the API endpoint
// shares the sessionMisc bucket (10/s) with every status poll of the same context. When the link
// has expired, or the download fails for a reason other than a broken answer (a hash mismatch must
// surface, never be papered over), it falls back to `GET /sessions/{ref}/upo/{upoRef}`.
import { Args, Ctx, Directive, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { KsefExceptionCode } from '../../ksef/wire/exception-codes';
import { isKsefError } from '../../ksef/ksef-error';
import type { UpoDownload } from '../../ksef/sessions.client';
import { costOf, Tag } from '../common/schema-directives';
import type { GatewayContext } from '../context';
import { UpoPage } from '../session/session.type';
import { assertReferenceNumber, assertSessionReference } from '../session/session.validation';
import { UpoArgs } from './upo.args';
import { toUpo } from './upo.mapper';
import { Upo } from './upo.type';

/** A link this close to expiry is not worth trying. */
const LINK_EXPIRY_MARGIN_MS = 10_000;

/** The UPO through the API, or null when KSeF has none (21178) or knows no such session (21173). */
async function fetchUpoFromApi(
  context: GatewayContext,
  sessionReferenceNumber: string,
  upoReferenceNumber: string,
): Promise<UpoDownload | null> {
  try {
    return await context.ksef().getSessionUpoPage(sessionReferenceNumber, upoReferenceNumber);
  } catch (error) {
    if (
      isKsefError(error) &&
      (error.kind === 'not-found' ||
        error.hasCode(KsefExceptionCode.UpoNotFound) ||
        error.hasCode(KsefExceptionCode.NoSuchSession))
    ) {
      return null;
    }
    throw error;
  }
}

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
    const download = await fetchUpoFromApi(context, sessionReferenceNumber, upoReferenceNumber);
    return download ? toUpo(sessionReferenceNumber, upoReferenceNumber, download) : null;
  }

  // One download: the pre-signed link (outside KSeF's rate limits) or, failing that, the API.
  @Directive(costOf(1))
  @FieldResolver(() => Upo, {
    nullable: true,
    description: 'The receipt itself (XML, hash, entries); downloaded only when asked for.',
  })
  async document(@Root() page: UpoPage, @Ctx() context: GatewayContext): Promise<Upo | null> {
    // Same rule as every KSeF-backed field: no token, no upstream call of any kind.
    context.ksef();
    const { services } = context;
    const now = services.now?.() ?? new Date();
    if (
      services.downloadUpo &&
      page.downloadUrl &&
      page.downloadUrlExpiresAt.getTime() - LINK_EXPIRY_MARGIN_MS > now.getTime()
    ) {
      let download: UpoDownload | undefined;
      try {
        download = await services.downloadUpo(page.downloadUrl, context.caller?.signal);
      } catch (error) {
        if (!isKsefError(error) || error.kind === 'contract-violation') throw error;
      }
      if (download) return toUpo(page.sessionReferenceNumber, page.referenceNumber, download);
    }
    const download = await fetchUpoFromApi(
      context,
      page.sessionReferenceNumber,
      page.referenceNumber,
    );
    return download ? toUpo(page.sessionReferenceNumber, page.referenceNumber, download) : null;
  }
}
