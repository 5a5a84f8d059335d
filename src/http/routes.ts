// The gateway's route table: one entry per (method, path). Other parts of the product plug in
// here (/metrics, the offline playground on GET /graphql with Accept: text/html) by adding routes
// ahead of the defaults; the listener itself (gateway.ts: startGateway) knows nothing of them.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export type HttpMethod = 'GET' | 'POST' | 'HEAD' | 'OPTIONS' | 'PUT' | 'DELETE' | 'PATCH';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export interface Route {
  method: HttpMethod;
  /** Exact path, without query string. */
  path: string;
  handler: RouteHandler;
  /** When present, the route applies only to requests it accepts (e.g. `Accept: text/html`). */
  accepts?(request: IncomingMessage): boolean;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text).toString(),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(text);
}

/** Dispatches on method + path; unknown path 404, known path with another method 405. */
export function createRouter(routes: readonly Route[]): RequestListener {
  return (request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    const forPath = routes.filter((route) => route.path === path);
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const route = forPath.find(
      (candidate) =>
        candidate.method === method && (candidate.accepts ? candidate.accepts(request) : true),
    );
    if (route === undefined) {
      if (forPath.length === 0) {
        sendJson(response, 404, { error: 'not found' });
      } else {
        const allowed = [...new Set(forPath.map((candidate) => candidate.method))].join(', ');
        sendJson(response, 405, { error: 'method not allowed' }, { allow: allowed });
      }
      return;
    }
    route.handler(request, response).catch((error: unknown) => {
      // A handler that failed after starting its answer can only cut the connection.
      if (response.headersSent) response.destroy(error instanceof Error ? error : undefined);
      else sendJson(response, 500, { error: 'internal server error' });
    });
  };
}
