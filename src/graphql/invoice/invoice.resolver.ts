// The invoice area: `sendInvoice`, `Query.invoice`, `Session.invoices` and `Invoice.upo`.
// Resolvers check arguments before any upstream call, open a `sessionKey` handle when one is
// given, and go through the caller's KSeF API (send-invoice.ts makes sends safe to repeat) or
// the per-request invoice loader; DTOs become GraphQL types in the pure mapper.
import {
  Arg,
  Args,
  Ctx,
  Directive,
  FieldResolver,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { badUserInput, notFound } from '../../errors/gateway-error';
import { isKsefError } from '../../ksef/ksef-error';
import type { SessionKeyMaterial } from '../../ksef/session-key-vault';
import { KsefExceptionCode } from '../../ksef/wire/exception-codes';
import { fetchWindow } from '../common/continuation-window';
import { decodePageCursor, encodePageCursor, toQueryFingerprint } from '../common/page-cursor';
import { costOf, Tag } from '../common/schema-directives';
import type { GatewayContext } from '../context';
import { PageInfo } from '../session/session-connection.type';
import { Session } from '../session/session.type';
import {
  assertPageSize,
  assertReferenceNumber,
  assertSessionReference,
} from '../session/session.validation';
import { toInvoiceUpo } from '../upo/upo.mapper';
import { InvoiceArgs, SessionInvoicesArgs } from './invoice.args';
import { InvoiceConnection, InvoiceEdge } from './invoice-connection.type';
import { toInvoice, toJustSentInvoice } from './invoice.mapper';
import { Invoice, InvoiceUpo } from './invoice.type';
import { checkSendInvoiceInput } from './invoice.validation';
import { SendInvoiceInput } from './send-invoice.input';

/** KSeF makes an invoice's UPO once it has assigned the KSeF number. */
const STATUS_WITH_UPO = 200;

const HANDLE_REFUSED: Record<
  'malformed' | 'unknown-key' | 'not-this-session-or-caller' | 'expired',
  string
> = {
  malformed: 'is not a session key handle of this gateway',
  'unknown-key': 'was sealed under a secret this gateway no longer has (GATEWAY_KEY_SECRETS)',
  'not-this-session-or-caller':
    'does not open for this session and your KSeF context (another session, another caller, or altered)',
  expired: 'has expired with its session (validUntil)',
};

function openHandle(
  context: GatewayContext,
  callerContext: string,
  sessionReferenceNumber: string,
  handle: string,
): SessionKeyMaterial {
  const field = 'input.sessionKey';
  if (context.sessionKeys === null) {
    throw badUserInput(
      'This gateway offers no session key handles (GATEWAY_KEY_SECRETS is unset): send "input.key".',
      { field },
    );
  }
  const opened = context.sessionKeys.open(handle, {
    sessionReferenceNumber,
    context: callerContext,
  });
  if (!opened.ok) throw badUserInput(`"${field}" ${HANDLE_REFUSED[opened.reason]}.`, { field });
  return opened.material;
}

@Resolver(() => Invoice)
export class InvoiceResolver {
  @Directive(costOf(1))
  @Directive(Tag.public)
  @Query(() => Invoice, {
    nullable: true,
    description: 'One invoice of a session, with its status; null when KSeF knows no such invoice.',
  })
  async invoice(
    @Args(() => InvoiceArgs) { sessionReferenceNumber, invoiceReferenceNumber }: InvoiceArgs,
    @Ctx() context: GatewayContext,
  ): Promise<Invoice | null> {
    assertSessionReference(sessionReferenceNumber, 'sessionReferenceNumber');
    assertReferenceNumber(invoiceReferenceNumber, 'invoiceReferenceNumber');
    const status = await context
      .invoiceLoaders()
      .status.load({ sessionReferenceNumber, invoiceReferenceNumber });
    return status ? toInvoice(sessionReferenceNumber, status) : null;
  }

  // One POST (encryption, hashes and sizes are the gateway's work); a repeat of an invoice this
  // gateway sent reads its status instead; a lost answer costs a look-up in the session.
  @Directive(costOf(1))
  @Mutation(() => Invoice, {
    description:
      'Encrypts and sends one invoice into an open online session. Safe to repeat: a repeat of an invoice already in the session returns that invoice, never a second copy.',
  })
  async sendInvoice(
    @Arg('input', () => SendInvoiceInput, { description: 'The invoice, its session and key.' })
    input: SendInvoiceInput,
    @Ctx() context: GatewayContext,
  ): Promise<Invoice> {
    // The token first: without one, not even the document is looked at.
    const api = context.ksef();
    const { document, keySource } = checkSendInvoiceInput(input);
    const sessionReferenceNumber = input.sessionReferenceNumber;
    const key =
      keySource.kind === 'key'
        ? keySource.material
        : openHandle(context, api.context, sessionReferenceNumber, keySource.handle);

    let result;
    try {
      result = await api.sendInvoice({
        sessionReferenceNumber,
        document,
        key,
        offlineMode: input.offlineMode ?? false,
        ...(input.hashOfCorrectedInvoice && {
          hashOfCorrectedInvoice: input.hashOfCorrectedInvoice,
        }),
      });
    } catch (error) {
      if (isKsefError(error)) {
        if (error.kind === 'not-found' || error.hasCode(KsefExceptionCode.NoSuchSession)) {
          throw notFound(`KSeF knows no session ${sessionReferenceNumber}.`, {
            upstream: error.toUpstreamExtension(),
          });
        }
        if (error.hasCode(KsefExceptionCode.SessionStatusForbidsOperation)) {
          throw badUserInput(
            `Session ${sessionReferenceNumber} takes no invoices in its current status (closed?).`,
            { upstream: error.toUpstreamExtension() },
          );
        }
      }
      throw error;
    }

    context.live.sessionChanged(context.caller!.token, sessionReferenceNumber);
    switch (result.kind) {
      case 'sent':
        return toJustSentInvoice(
          sessionReferenceNumber,
          result.referenceNumber,
          result.invoiceHash,
          new Date(),
        );
      case 'found-after-lost-answer':
        return toInvoice(sessionReferenceNumber, result.invoice);
      case 'already-sent': {
        const status = await context.invoiceLoaders().status.load({
          sessionReferenceNumber,
          invoiceReferenceNumber: result.referenceNumber,
        });
        // KSeF may not list a just-taken invoice yet; it is still the one it took.
        return status
          ? toInvoice(sessionReferenceNumber, status)
          : toJustSentInvoice(
              sessionReferenceNumber,
              result.referenceNumber,
              result.invoiceHash,
              new Date(),
            );
      }
    }
  }

  // One download, only for an accepted invoice: the pre-signed link, else the API read.
  @Directive(costOf(1))
  @FieldResolver(() => InvoiceUpo, {
    nullable: true,
    description: "The invoice's receipt (UPO); null until KSeF has made it (status 200).",
  })
  async upo(@Root() invoice: Invoice, @Ctx() context: GatewayContext): Promise<InvoiceUpo | null> {
    const api = context.ksef();
    if (invoice.status.code !== STATUS_WITH_UPO) return null;
    const download = await api.upo.readInvoiceUpo(
      invoice.sessionReferenceNumber,
      invoice.referenceNumber,
      invoice.upoLink ?? undefined,
    );
    return download ? toInvoiceUpo(download) : null;
  }
}

@Resolver(() => Session)
export class SessionInvoicesResolver {
  // One `GET …/invoices` (or `…/invoices/failed`) per window, like the session list.
  @Directive(costOf(1))
  @Directive(
    '@listSize(slicingArguments: ["first"], sizedFields: ["edges", "nodes"], requireOneSlicingArgument: false)',
  )
  @FieldResolver(() => InvoiceConnection, {
    description: "The session's invoices in KSeF's order, a page at a time, with their statuses.",
  })
  async invoices(
    @Root() session: Session,
    @Args(() => SessionInvoicesArgs) args: SessionInvoicesArgs,
    @Ctx() context: GatewayContext,
  ): Promise<InvoiceConnection> {
    const api = context.ksef();
    const first = assertPageSize(args.first);
    const sessionReferenceNumber = session.referenceNumber;
    const fingerprint = toQueryFingerprint({
      sessionReferenceNumber,
      failedOnly: args.failedOnly ?? false,
    });
    let start: { t: string | null; o: number } = { t: null, o: 0 };
    if (args.after !== null && args.after !== undefined) {
      const cursor = decodePageCursor(args.after);
      if (cursor === null) throw badUserInput('"after" is not a valid cursor.', { field: 'after' });
      if (cursor.f !== fingerprint) {
        throw badUserInput('"after" belongs to another session or failedOnly.', { field: 'after' });
      }
      start = { t: cursor.t, o: cursor.o };
    }
    const list =
      (args.failedOnly ?? false)
        ? api.invoices.getSessionFailedInvoices.bind(api.invoices)
        : api.invoices.getSessionInvoices.bind(api.invoices);
    const window = await fetchWindow(
      async (pageSize, continuationToken) => {
        const page = await list(sessionReferenceNumber, {
          pageSize,
          ...(continuationToken !== undefined && { continuationToken }),
        });
        return { items: page.invoices, continuationToken: page.continuationToken ?? null };
      },
      first,
      start,
    );
    const items = window.items.map((entry) => entry.item);
    // Statuses of listed invoices are answered by the list itself: no status calls.
    context.invoiceLoaders().primeFromList(sessionReferenceNumber, items);

    const connection = new InvoiceConnection();
    connection.edges = window.items.map(({ item, after }) => {
      const edge = new InvoiceEdge();
      edge.cursor = encodePageCursor({ ...after, f: fingerprint });
      edge.node = toInvoice(sessionReferenceNumber, item);
      return edge;
    });
    connection.nodes = connection.edges.map((edge) => edge.node);
    const pageInfo = new PageInfo();
    pageInfo.hasNextPage = window.hasNextPage;
    pageInfo.endCursor = window.end ? encodePageCursor({ ...window.end, f: fingerprint }) : null;
    connection.pageInfo = pageInfo;
    return connection;
  }
}
