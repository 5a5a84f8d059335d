// node:http → Apollo Server 5 adapter (Apollo 5 ships no framework integration of its own besides
// the standalone server, which would own the listener). It reads the body with a size limit,
// hands method/headers/query/body to `executeHTTPGraphQLRequest` and writes the answer back.
// CSRF prevention, batching rules, GET-for-queries-only etc. stay Apollo's decisions.
//
// Two refusals happen here, before Apollo does any work:
//  - the body: MAX_BODY_BYTES for every request, except that a request whose single operation is
//    a mutation with one root field listed in the body allowances (sendInvoice: an invoice of up
//    to 3 MB as a JSON string) may send up to that allowance. Which operation a body carries is
//    read from the part that has arrived, with a lexer scan, not a parse; a large body is read
//    only with a bearer token, as JSON, at most DEFAULT_MAX_CONCURRENT_LARGE_BODIES at once, and
//    parsed in a worker thread, off the event loop;
//  - the query text: longer than MAX_QUERY_BYTES is refused before any lexing or parsing (the
//    parser's own token budget, MAX_QUERY_TOKENS, cannot see comments and whitespace).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import type { ApolloServer, BaseContext, ContextFunction } from '@apollo/server';
import { createBodySlots } from './body-slots';
import { parseJsonOffThread } from './json-off-thread';
import { queryInJsonPrefix } from './json-prefix';
import { BodyTooLargeError, readRequestBody } from './request-body';
import { requestIdOf } from './request-id';
import type { RouteHandler } from './routes';
import { sendJson } from './routes';
import { soleMutationRootField } from './sole-root-field';

/** The largest request body /graphql accepts (MAX_BODY_BYTES). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The longest query text (MAX_QUERY_BYTES, UTF-8). The playground's and tests' operations are
 * under 1 KB, full introspection 2 KB; 32 KiB holds any document within the parser's token budget
 * written out with indentation and comments.
 */
export const DEFAULT_MAX_QUERY_BYTES = 32 * 1024;

/** KSeF's largest invoice, attachments included (KSeF documentation: weryfikacja faktury). */
export const KSEF_MAX_INVOICE_BYTES = 3_000_000;

/**
 * How much larger XML text can get as a JSON string. JSON.stringify leaves UTF-8 as it is and
 * doubles only `"`, `\` and tab/CR/LF (2×); encoders that escape everything outside ASCII turn a
 * 2-byte Polish letter into `\u0105` (3×); Go's encoding/json writes `<`, `>`, `&` as `\u003c`
 * (6× for those bytes), and JSON allows any character as `\uXXXX`. The worst case, 6 bytes per
 * byte of UTF-8, is what the allowance is sized for.
 */
export const JSON_ESCAPE_WORST_CASE = 6;

/**
 * Large bodies read and processed at once; others wait, their socket paused. A body at the
 * sendInvoice allowance costs ~19 MB buffered, as much again decoded, and 50–150 ms of CPU to
 * parse (in a worker); invoices over 1 MiB are rare, so two at a time bound both.
 */
export const DEFAULT_MAX_CONCURRENT_LARGE_BODIES = 2;

/**
 * Root fields whose operation may send a larger body, and how much larger: sendInvoice carries
 * the invoice XML in a variable. The rest of the request (query, other variables) gets the usual
 * limit on top. With the defaults: 1 048 576 + 18 000 000 = 19 048 576 bytes.
 */
export function defaultBodyAllowances(maxBodyBytes: number): Readonly<Record<string, number>> {
  return { sendInvoice: maxBodyBytes + KSEF_MAX_INVOICE_BYTES * JSON_ESCAPE_WORST_CASE };
}

/** Where the handler reports the requests it refuses itself (a pino logger fits). */
export interface RefusalLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export const REFUSED_REQUEST_LOG_MESSAGE = 'graphql request refused';

export interface GraphqlHandlerOptions<TContext extends BaseContext> {
  server: ApolloServer<TContext>;
  context: ContextFunction<[{ request: IncomingMessage; signal: AbortSignal }], TContext>;
  maxBodyBytes: number;
  maxQueryBytes: number;
  /** Default: defaultBodyAllowances(maxBodyBytes). */
  bodyAllowances?: Readonly<Record<string, number>>;
  /** Default: DEFAULT_MAX_CONCURRENT_LARGE_BODIES. */
  maxConcurrentLargeBodies?: number;
  logger?: RefusalLogger;
}

function toHeaderMap(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

const JSON_CONTENT_TYPE = /^application\/(graphql-response\+)?json\b/i;

function isJson(request: IncomingMessage): boolean {
  return JSON_CONTENT_TYPE.test(request.headers['content-type'] ?? '');
}

function hasBearerToken(request: IncomingMessage): boolean {
  return /^Bearer[ \t]+\S/i.test(request.headers.authorization ?? '');
}

/** UTF-8 length, without encoding when the character count already decides. */
function exceedsBytes(text: string, max: number): boolean {
  if (text.length > max) return true;
  if (text.length * 3 <= max) return false;
  return Buffer.byteLength(text, 'utf8') > max;
}

function queryOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as { query?: unknown }).query
    : undefined;
}

function badRequest(response: ServerResponse, status: number, message: string): void {
  sendJson(
    response,
    status,
    { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] },
    status === 413 ? { connection: 'close' } : {},
  );
}

export function createGraphqlHandler<TContext extends BaseContext>(
  options: GraphqlHandlerOptions<TContext>,
): RouteHandler {
  const limit = options.maxBodyBytes;
  const maxQueryBytes = options.maxQueryBytes;
  const allowances = options.bodyAllowances ?? defaultBodyAllowances(limit);
  const ceiling = Math.max(limit, ...Object.values(allowances));
  const slots = createBodySlots(
    options.maxConcurrentLargeBodies ?? DEFAULT_MAX_CONCURRENT_LARGE_BODIES,
  );
  const largeFields = Object.keys(allowances).join(', ');
  const tooLarge =
    largeFields === ''
      ? `Request body exceeds ${limit} bytes.`
      : `Request body exceeds ${limit} bytes; only a request whose single operation is a ` +
        `${largeFields} mutation may be larger (up to ${ceiling} bytes).`;

  /** The allowance of a query's operation, or undefined when it gets none. */
  function allowanceOf(query: unknown): number | undefined {
    if (typeof query !== 'string' || exceedsBytes(query, maxQueryBytes)) return undefined;
    const field = soleMutationRootField(query);
    return field === undefined ? undefined : allowances[field];
  }

  return async (request, response) => {
    const abort = new AbortController();
    // The caller went away before we answered: upstream calls of this operation are pointless.
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    const refused = (status: number, reason: string, message: string): void => {
      options.logger?.warn(
        { requestId: requestIdOf(request), status, reason },
        REFUSED_REQUEST_LOG_MESSAGE,
      );
      badRequest(response, status, message);
    };

    let releaseSlot: (() => void) | undefined;
    // Asked when a body passes the usual limit, with what has arrived of it.
    const raise = async (prefix: Buffer): Promise<number | undefined> => {
      if (!isJson(request) || !hasBearerToken(request)) return undefined;
      const seen = queryInJsonPrefix(prefix.toString('utf8'));
      if (seen.kind === 'none') return undefined;
      const allowance = seen.kind === 'query' ? allowanceOf(seen.query) : ceiling;
      if (allowance === undefined) return undefined;
      releaseSlot = await slots.acquire(abort.signal);
      return allowance;
    };

    try {
      let body: unknown;
      if (request.method === 'POST') {
        let raw: Buffer;
        try {
          raw = await readRequestBody(request, { limit, ceiling, raise });
        } catch (error) {
          if (error instanceof BodyTooLargeError) {
            refused(413, 'body too large', tooLarge);
            return;
          }
          if (abort.signal.aborted) return;
          throw error;
        }
        const size = raw.length;
        if (size > 0 && isJson(request)) {
          try {
            // Only a body past the usual limit (a large invoice) is worth a thread hop.
            body = size > limit ? await parseJsonOffThread(raw) : JSON.parse(raw.toString('utf8'));
          } catch {
            refused(400, 'body not JSON', 'Request body is not valid JSON.');
            return;
          }
        } else {
          body = size > 0 ? raw.toString('utf8') : undefined;
        }
        // The first look at the body's start may have been wrong (duplicate keys, a query sent
        // after the variables); the parsed body decides.
        if (size > limit && size > (allowanceOf(queryOf(body)) ?? limit)) {
          refused(413, 'body too large', tooLarge);
          return;
        }
      }

      // Apollo reads the search string itself; cut, not parsed, as most requests are POSTs.
      const target = request.url ?? '/';
      const searchStart = target.indexOf('?');
      const search = searchStart < 0 ? '' : target.slice(searchStart);
      const query =
        request.method === 'POST' ? queryOf(body) : new URLSearchParams(search).get('query');
      if (typeof query === 'string' && exceedsBytes(query, maxQueryBytes)) {
        refused(
          400,
          'query too long',
          `Query text exceeds ${maxQueryBytes} bytes; send a smaller document.`,
        );
        return;
      }

      const result = await options.server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: (request.method ?? 'GET').toUpperCase(),
          headers: toHeaderMap(request),
          search,
          body,
        },
        context: () => options.context({ request, signal: abort.signal }),
      });

      response.statusCode = result.status ?? 200;
      for (const [name, value] of result.headers) response.setHeader(name, value);
      if (result.body.kind === 'complete') {
        response.end(request.method === 'HEAD' ? undefined : result.body.string);
        return;
      }
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    } finally {
      releaseSlot?.();
    }
  };
}
