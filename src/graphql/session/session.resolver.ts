// Queries and mutations of the session area. Resolvers read arguments, check them (before any
// upstream call), go through the per-request loaders or the caller's client, and map DTOs with
// the pure mapper. Upstream failures travel up unchanged as KsefError; errors/format-error.ts
// turns them into API.md's codes. The only translation done here is mutation-specific meaning
// (21173 on close → NOT_FOUND, 21180 → BAD_USER_INPUT), which the formatter cannot know.
import {
  Arg,
  Args,
  Ctx,
  Directive,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { toFormCodeDto } from '../../ksef/wire/form-codes';
import { badUserInput, notFound } from '../../errors/gateway-error';
import { KsefExceptionCode } from '../../ksef/wire/exception-codes';
import { isKsefError } from '../../ksef/ksef-error';
import { toSnapshotFromListItem } from '../../loaders/session-snapshot';
import { costOf, Tag } from '../common/schema-directives';
import type { GatewayContext } from '../context';
import { OpenOnlineSessionInput } from './open-online-session.input';
import { OpenOnlineSessionPayload, SessionKey } from './open-online-session.type';
import { PageInfo, SessionConnection, SessionEdge } from './session-connection.type';
import { decodePageCursor, encodePageCursor, toQueryFingerprint } from '../common/page-cursor';
import type { SessionFilter } from './session-filter.input';
import { fetchSessionWindow } from './session-paging';
import {
  toDate,
  toSession,
  toSessionUpo,
  toSessionsQuery,
  toSnapshotFromOpenResponse,
} from './session.mapper';
import { Session, SessionUpo } from './session.type';
import {
  assertPageSize,
  assertReferenceNumber,
  assertSessionReference,
  toEncryptionInfo,
} from './session.validation';
import { SessionsArgs } from './sessions.args';

/** How long KSeF keeps an online session open (its validUntil is the opening + 12 h). */
const ONLINE_SESSION_VALIDITY_MS = 12 * 3_600_000;

/** KSeF generates a session UPO only when the session ends with status 200 (the OpenAPI spec and issue CIRFMF/ksef-api#334). */
const STATUS_WITH_UPO = 200;

function assertFilter(filter: SessionFilter | null | undefined): void {
  if (!filter) return;
  if (filter.referenceNumber)
    assertReferenceNumber(filter.referenceNumber, 'filter.referenceNumber');
  const ranges: [string, Date | null | undefined, Date | null | undefined][] = [
    ['created', filter.createdFrom, filter.createdTo],
    ['closed', filter.closedFrom, filter.closedTo],
    ['modified', filter.modifiedFrom, filter.modifiedTo],
  ];
  for (const [name, from, to] of ranges) {
    if (from && to && from.getTime() > to.getTime()) {
      throw badUserInput(`"filter.${name}From" is after "filter.${name}To".`, {
        field: `filter.${name}From`,
      });
    }
  }
}

@Resolver(() => Session)
export class SessionResolver {
  // One KSeF list call per window (two when a window crosses a KSeF page of 1 000); `first`
  // sizes both lists of the connection.
  @Directive(costOf(1))
  @Directive(
    '@listSize(slicingArguments: ["first"], sizedFields: ["edges", "nodes"], requireOneSlicingArgument: false)',
  )
  @Directive(Tag.public)
  @Query(() => SessionConnection, {
    description: "Sessions of one type, newest first (KSeF's order), a page at a time.",
  })
  async sessions(
    @Args(() => SessionsArgs) args: SessionsArgs,
    @Ctx() context: GatewayContext,
  ): Promise<SessionConnection> {
    const first = assertPageSize(args.first);
    assertFilter(args.filter);
    const query = toSessionsQuery(args.type, args.filter);
    const fingerprint = toQueryFingerprint(query);
    let start: { t: string | null; o: number } = { t: null, o: 0 };
    if (args.after !== null && args.after !== undefined) {
      const cursor = decodePageCursor(args.after);
      if (cursor === null) throw badUserInput('"after" is not a valid cursor.', { field: 'after' });
      if (cursor.f !== fingerprint) {
        throw badUserInput('"after" belongs to a different type or filter.', { field: 'after' });
      }
      start = { t: cursor.t, o: cursor.o };
    }

    const client = context.ksef().sessions;
    const window = await fetchSessionWindow(
      (q, token) => client.listSessions(q, token),
      query,
      first,
      start,
    );
    // Status fields of listed sessions are answered by the list itself: no status calls.
    context.loaders().primeFromList(window.items.map((entry) => entry.item));

    const connection = new SessionConnection();
    connection.edges = window.items.map(({ item, after }) => {
      const edge = new SessionEdge();
      edge.cursor = encodePageCursor({ ...after, f: fingerprint });
      edge.node = toSession(toSnapshotFromListItem(item), args.type);
      return edge;
    });
    connection.nodes = connection.edges.map((edge) => edge.node);
    const pageInfo = new PageInfo();
    pageInfo.hasNextPage = window.hasNextPage;
    pageInfo.endCursor = window.end ? encodePageCursor({ ...window.end, f: fingerprint }) : null;
    connection.pageInfo = pageInfo;
    return connection;
  }

  @Directive(costOf(1))
  @Directive(Tag.public)
  @Query(() => Session, {
    nullable: true,
    description: 'One session by its reference number; null when KSeF knows no such session.',
  })
  async session(
    @Arg('referenceNumber', () => ID, { description: 'Session reference number (type SO or SB).' })
    referenceNumber: string,
    @Ctx() context: GatewayContext,
  ): Promise<Session | null> {
    assertSessionReference(referenceNumber, 'referenceNumber');
    const snapshot = await context.loaders().session.load(referenceNumber);
    return snapshot ? toSession(snapshot) : null;
  }

  // At most one status read: only for a listed session that ended with 200 (else free).
  @Directive(costOf(1))
  @FieldResolver(() => SessionUpo, {
    nullable: true,
    description: 'The session receipt (UPO); null until KSeF has generated it.',
  })
  async upo(@Root() session: Session, @Ctx() context: GatewayContext): Promise<SessionUpo | null> {
    if (session.knownUpo !== undefined)
      return toSessionUpo(session.referenceNumber, session.knownUpo);
    // The session came from a list page, which does not carry `upo`. Only a session that ended
    // with 200 can have one, so only then is the status read (once per request, via the loader).
    if (session.status.code !== STATUS_WITH_UPO) return null;
    const status = await context.loaders().status.load(session.referenceNumber);
    return toSessionUpo(session.referenceNumber, status?.upo);
  }

  // POST /sessions/online (the KSeF certificate is fetched once per gateway, then cached).
  @Directive(costOf(1))
  @Mutation(() => OpenOnlineSessionPayload, {
    description:
      'Opens an online session. Without `encryption` the gateway generates the AES key and returns it once.',
  })
  async openOnlineSession(
    @Arg('input', () => OpenOnlineSessionInput, { description: 'Form code and optional own key.' })
    input: OpenOnlineSessionInput,
    @Ctx() context: GatewayContext,
  ): Promise<OpenOnlineSessionPayload> {
    const encryption = input.encryption ? toEncryptionInfo(input.encryption) : undefined;
    const result = await context
      .ksef()
      .openOnlineSession(toFormCodeDto(input.formCode), encryption);
    // KSeF answers only the reference and validUntil; its rules fix the rest (status 100, no
    // invoices), so the payload needs no status call. Dates are the gateway's clock at opening.
    const snapshot = toSnapshotFromOpenResponse(result.response, new Date());
    context.loaders().primeSnapshot(snapshot);

    const payload = new OpenOnlineSessionPayload();
    payload.session = toSession(snapshot);
    payload.generatedKey = null;
    payload.sessionKey = null;
    if (result.generatedKey) {
      const key = new SessionKey();
      key.symmetricKey = result.generatedKey.symmetricKey;
      key.initializationVector = result.generatedKey.initializationVector;
      payload.generatedKey = key;
      payload.sessionKey =
        context.sessionKeys?.seal(
          {
            key: Buffer.from(result.generatedKey.symmetricKey, 'base64'),
            iv: Buffer.from(result.generatedKey.initializationVector, 'base64'),
          },
          {
            sessionReferenceNumber: result.response.referenceNumber,
            context: context.ksef().context,
          },
          // KSeF's validUntil (12 h after opening); a date it wrote unreadably gets those 12 h.
          toDate(result.response.validUntil) ?? new Date(Date.now() + ONLINE_SESSION_VALIDITY_MS),
        ) ?? null;
    }
    return payload;
  }

  // The close call, then a status read for the fresh state.
  @Directive(costOf(2))
  @Mutation(() => Session, {
    description:
      'Closes an online (SO) or batch (SB) session, told apart by the reference number; returns its fresh status.',
  })
  async closeSession(
    @Arg('referenceNumber', () => ID, { description: 'Session reference number (type SO or SB).' })
    referenceNumber: string,
    @Ctx() context: GatewayContext,
  ): Promise<Session> {
    const kind = assertSessionReference(referenceNumber, 'referenceNumber');
    const client = context.ksef().sessions;
    try {
      if (kind === 'online') await client.closeOnlineSession(referenceNumber);
      else await client.closeBatchSession(referenceNumber);
    } catch (error) {
      if (isKsefError(error)) {
        if (error.kind === 'not-found' || error.hasCode(KsefExceptionCode.NoSuchSession)) {
          throw notFound(`KSeF knows no session ${referenceNumber}.`, {
            upstream: error.toUpstreamExtension(),
          });
        }
        if (error.hasCode(KsefExceptionCode.SessionStatusForbidsOperation)) {
          throw badUserInput(`Session ${referenceNumber} cannot be closed in its current status.`, {
            upstream: error.toUpstreamExtension(),
          });
        }
      }
      throw error;
    }
    // Whoever follows this session live hears of the close within a second, not at the pace of
    // an open session.
    context.live.sessionChanged(context.caller!.token, referenceNumber);
    const loaders = context.loaders();
    loaders.clear(referenceNumber);
    const snapshot = await loaders.session.load(referenceNumber);
    if (snapshot === null) throw notFound(`KSeF knows no session ${referenceNumber}.`);
    return toSession(snapshot);
  }
}
