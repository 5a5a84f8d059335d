// The subscriptions of live status (README "Live status"). `subscribe` checks the arguments and
// the token before anything is followed (BAD_USER_INPUT / UNAUTHENTICATED, no KSeF call), then
// hands out the caller's stream from live/live-status.ts; each event is mapped like the queries
// map a status read, and an event that carries an error becomes this subscription's last
// response, in API.md's codes (the formatter maps KSeF's failures as for any query).
import { Arg, Args, Directive, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { SubscribeResolverData } from 'type-graphql';
import { toClientError } from '../../errors/format-error';
import {
  notFound,
  rateLimited,
  unauthenticated,
  upstreamUnavailable,
} from '../../errors/gateway-error';
import { isKsefError } from '../../ksef/ksef-error';
import type {
  SessionInvoiceStatusResponseDto,
  SessionStatusResponseDto,
} from '../../ksef/wire/sessions.dto';
import type { LiveEvent } from '../../live/event-queue';
import { LiveCapacityError, LiveShutdownError } from '../../live/live-status';
import type { LiveStream } from '../../live/live-status';
import { isUnknownInvoice } from '../../loaders/invoice-status.loader';
import { toSnapshotFromStatus } from '../../loaders/session-snapshot';
import { costOf, Tag } from '../common/schema-directives';
import type { GatewayContext } from '../context';
import { InvoiceArgs } from '../invoice/invoice.args';
import { toInvoice } from '../invoice/invoice.mapper';
import { Invoice } from '../invoice/invoice.type';
import { toSession } from '../session/session.mapper';
import { Session } from '../session/session.type';
import { assertReferenceNumber, assertSessionReference } from '../session/session.validation';

type Data<TArgs> = SubscribeResolverData<unknown, TArgs, GatewayContext>;

function opened<T>(context: GatewayContext, open: () => LiveStream<T>): LiveStream<T> {
  if (context.caller === null) throw unauthenticated();
  try {
    return open();
  } catch (error) {
    throw toLiveError(error);
  }
}

/**
 * What a stream's error means to the subscriber, in API.md's codes already: the HTTP callback
 * protocol sends events without Apollo's formatter.
 */
function toLiveError(error: unknown): unknown {
  if (error instanceof LiveCapacityError) {
    return rateLimited(error.message, error.retryAfterSeconds, { scope: error.scope });
  }
  if (error instanceof LiveShutdownError) return upstreamUnavailable(error.message);
  if (isKsefError(error)) return toClientError(error);
  return error;
}

function valueOf<T>(event: LiveEvent<T>): T {
  if ('error' in event) throw toLiveError(event.error);
  return event.value;
}

@Resolver()
export class LiveStatusResolver {
  // One status read for the subscriber's first state; the shared feed's reads after that.
  @Directive(costOf(1))
  @Directive(Tag.public)
  @Subscription(() => Session, {
    description:
      'The session now, then each change of its state; completes after the first terminal state. However many follow one session, the gateway polls KSeF for it once.',
    subscribe: ({ args, context }: Data<{ referenceNumber: string }>) => {
      assertSessionReference(args.referenceNumber, 'referenceNumber');
      return opened(context, () =>
        context.live.followSession(context.caller!, args.referenceNumber),
      );
    },
  })
  sessionUpdated(
    @Root() event: LiveEvent<SessionStatusResponseDto>,
    @Arg('referenceNumber', () => ID, { description: 'Session reference number (type SO or SB).' })
    referenceNumber: string,
  ): Session {
    if ('error' in event && isKsefError(event.error) && event.error.kind === 'not-found') {
      throw notFound(`KSeF knows no session ${referenceNumber} for this caller.`);
    }
    return toSession(toSnapshotFromStatus(referenceNumber, valueOf(event)));
  }

  @Directive(costOf(1))
  @Directive(Tag.public)
  @Subscription(() => Invoice, {
    description:
      'The invoice now, then each change of its state; completes after the first terminal state (a KSeF number, or a rejection).',
    subscribe: ({ args, context }: Data<InvoiceArgs>) => {
      assertSessionReference(args.sessionReferenceNumber, 'sessionReferenceNumber');
      assertReferenceNumber(args.invoiceReferenceNumber, 'invoiceReferenceNumber');
      return opened(context, () =>
        context.live.followInvoice(
          context.caller!,
          args.sessionReferenceNumber,
          args.invoiceReferenceNumber,
        ),
      );
    },
  })
  invoiceUpdated(
    @Root() event: LiveEvent<SessionInvoiceStatusResponseDto>,
    @Args(() => InvoiceArgs) { sessionReferenceNumber, invoiceReferenceNumber }: InvoiceArgs,
  ): Invoice {
    if ('error' in event && isUnknownInvoice(event.error)) {
      throw notFound(
        `KSeF knows no invoice ${invoiceReferenceNumber} in session ${sessionReferenceNumber} for this caller.`,
      );
    }
    return toInvoice(sessionReferenceNumber, valueOf(event));
  }
}
