// The request id of one HTTP request. A caller (a front-end, a router, a load balancer) may send
// `x-request-id`; the gateway keeps it when it is harmless, or makes a new one, and then uses that
// one id everywhere: the response header of every answer (GraphQL, 404, 413, /health …), the
// GraphQL context, every log line of the request and the `x-request-id` sent to KSeF, so one id
// follows a request from the browser to KSeF's own logs and back.
//
// A caller's value is echoed into a response header, a log line and a header to KSeF, so only a
// short run of plain token characters is accepted; anything else (control characters, spaces,
// quotes, HTML, several ids in one header, 129+ characters) is replaced, never echoed.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and `. _ ~ : + = @ / -`, 1 to 128 of them (UUIDs, ULIDs, trace ids, Base64). */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._~:+=@/-]{1,128}$/;

export function isSafeRequestId(value: string): boolean {
  return SAFE_REQUEST_ID.test(value);
}

/** The caller's id when it is safe to repeat, else a fresh UUID. */
export function acceptRequestId(value: string | readonly string[] | null | undefined): string {
  // Node joins repeated unknown headers with ", "; an array only comes from hand-made requests.
  return typeof value === 'string' && isSafeRequestId(value) ? value : randomUUID();
}

const requestIds = new WeakMap<IncomingMessage, string>();

/** The id `withRequestId` gave this request (undefined outside such a listener). */
export function requestIdOf(request: IncomingMessage): string | undefined {
  return requestIds.get(request);
}

/**
 * Decides the request id before any route runs and sets the `x-request-id` response header, so
 * every answer carries it, whichever handler writes it (`writeHead` merges headers set earlier).
 */
export function withRequestId(listener: RequestListener): RequestListener {
  return (request, response) => {
    const requestId = acceptRequestId(request.headers[REQUEST_ID_HEADER]);
    requestIds.set(request, requestId);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    listener(request, response);
  };
}
