// node:http → Apollo Server 5 adapter (Apollo 5 ships no framework integration of its own besides
// the standalone server, which would own the listener). It reads the body with a size limit,
// hands method/headers/query/body to `executeHTTPGraphQLRequest` and writes the answer back.
// CSRF prevention, batching rules, GET-for-queries-only etc. stay Apollo's decisions.
import type { IncomingMessage } from 'node:http';
import { HeaderMap } from '@apollo/server';
import type { ApolloServer, BaseContext, ContextFunction } from '@apollo/server';
import type { RouteHandler } from './routes';
import { sendJson } from './routes';

/** The largest request body /graphql accepts (MAX_BODY_BYTES). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface GraphqlHandlerOptions<TContext extends BaseContext> {
  server: ApolloServer<TContext>;
  context: ContextFunction<[{ request: IncomingMessage; signal: AbortSignal }], TContext>;
  maxBodyBytes: number;
}

class BodyTooLargeError extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    return Promise.reject(new BodyTooLargeError());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop collecting; keep draining so the 413 can still be written on this connection.
        chunks.length = 0;
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function toHeaderMap(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

export function createGraphqlHandler<TContext extends BaseContext>(
  options: GraphqlHandlerOptions<TContext>,
): RouteHandler {
  const limit = options.maxBodyBytes;
  return async (request, response) => {
    const abort = new AbortController();
    // The caller went away before we answered: upstream calls of this operation are pointless.
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });

    let body: unknown;
    if (request.method === 'POST') {
      let raw: Buffer;
      try {
        raw = await readBody(request, limit);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendJson(
            response,
            413,
            {
              errors: [
                {
                  message: `Request body exceeds ${limit} bytes.`,
                  extensions: { code: 'BAD_REQUEST' },
                },
              ],
            },
            { connection: 'close' },
          );
          return;
        }
        throw error;
      }
      const contentType = request.headers['content-type'] ?? '';
      if (raw.length > 0 && /^application\/(graphql-response\+)?json\b/i.test(contentType)) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          sendJson(response, 400, {
            errors: [
              { message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } },
            ],
          });
          return;
        }
      } else {
        body = raw.length > 0 ? raw.toString('utf8') : undefined;
      }
    }

    const url = new URL(request.url ?? '/', 'http://localhost');
    const result = await options.server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (request.method ?? 'GET').toUpperCase(),
        headers: toHeaderMap(request),
        search: url.search,
        body,
      },
      context: () => options.context({ request, signal: abort.signal }),
    });

    const headers: Record<string, string> = {};
    for (const [name, value] of result.headers) headers[name] = value;
    response.statusCode = result.status ?? 200;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    if (result.body.kind === 'complete') {
      response.end(request.method === 'HEAD' ? undefined : result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };
}
