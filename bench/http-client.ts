// A small keep-alive HTTP client for the harness's own requests (seeding, sanity checks, the
// paced load of the half-rate run and the soak). node:http rather than fetch: fewer layers
// between the timer and the socket, so the harness adds little of its own to a latency.
import { Agent, request as httpRequest } from 'node:http';
import { at, parseJson } from './json';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Gives up (rejects with code 'CLIENT_TIMEOUT') after this long; default 30 s. */
  timeoutMs?: number;
}

export interface HttpClient {
  request(url: string, options?: HttpRequest): Promise<HttpAnswer>;
  close(): void;
}

export class ClientTimeout extends Error {
  readonly code = 'CLIENT_TIMEOUT';
}

export function createHttpClient(maxSockets = 64): HttpClient {
  // Idle sockets are dropped after 4 s, before a Node server's default keepAliveTimeout (5 s)
  // closes them from its side: otherwise a request sent on a socket the server is closing at that
  // very moment fails with ECONNRESET, a race of the client's making (not the server's fault).
  const agent = new Agent({ keepAlive: true, maxSockets, timeout: 4_000 });
  return {
    request(url, options = {}) {
      const target = new URL(url);
      const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
      return new Promise((resolve, reject) => {
        const outgoing = httpRequest(
          {
            agent,
            host: target.hostname,
            port: target.port,
            path: target.pathname + target.search,
            method: options.method ?? 'GET',
            headers: {
              ...options.headers,
              ...(body !== undefined && { 'content-length': String(body.length) }),
            },
          },
          (incoming) => {
            const chunks: Buffer[] = [];
            incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
            incoming.on('end', () => {
              clearTimeout(timer);
              resolve({
                status: incoming.statusCode ?? 0,
                headers: incoming.headers,
                body: Buffer.concat(chunks).toString('utf8'),
              });
            });
            incoming.on('error', reject);
          },
        );
        const timeoutMs = options.timeoutMs ?? 30_000;
        const timer = setTimeout(() => {
          outgoing.destroy(new ClientTimeout(`no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        outgoing.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        outgoing.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** POST /graphql with a JSON body and a bearer token. */
export function graphqlRequest(
  query: string,
  variables: Record<string, unknown>,
  token: string,
): HttpRequest & { body: string; headers: Record<string, string> } {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  };
}

/**
 * What one GraphQL answer amounts to: 'OK', or the first `extensions.code` of its errors (with
 * `HTTP_<status>` for a non-200 without one), or 'BAD_BODY' when it is not a GraphQL answer.
 */
export function graphqlCode(answer: HttpAnswer): string {
  const json = parseJson(answer.body);
  if (json === undefined) return answer.status === 200 ? 'BAD_BODY' : `HTTP_${answer.status}`;
  const code = at(json, 'errors', 0, 'extensions', 'code');
  if (typeof code === 'string') return code;
  if (answer.status !== 200) return `HTTP_${answer.status}`;
  if (at(json, 'errors') !== undefined) return 'ERROR_WITHOUT_CODE';
  const data = at(json, 'data');
  return data === undefined || data === null ? 'BAD_BODY' : 'OK';
}

/** A request that got no answer at all: CLIENT_TIMEOUT, or TRANSPORT_ERROR with the errno code. */
export function failureCode(error: unknown): string {
  if (error instanceof ClientTimeout) return 'CLIENT_TIMEOUT';
  const code = at(error, 'code');
  return typeof code === 'string' ? `TRANSPORT_ERROR ${code}` : 'TRANSPORT_ERROR';
}
