// The route table: `METHOD /template` keys with the spec's path templates. The same key names a
// route in the request log, the fault injector and the rate-limit table, so callers only ever learn
// one vocabulary.
import { rateLimitGroupOf } from '../../ksef/wire/rate-limit-groups';
import type { RateLimitGroup } from '../../ksef/wire/rate-limit-groups';
import type { CallerIdentity } from '../state/caller-identity';
import { unauthorized } from './api-error';
import type { SimResponse } from './responses';

export interface SimRequest {
  method: string;
  /** Path from the server root, e.g. `/v2/sessions/…`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The caller's context on authenticated routes; null on public ones. */
  caller: CallerIdentity | null;
  /** The bearer token as sent, for the routes that read tokens themselves (/auth); never logged. */
  bearer: string | null;
  /** The client's address as the socket shows it (`clientIp` of a challenge). */
  clientIp: string;
}

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT';
  template: string;
  /** Mount point: '/v2' for the KSeF API, '' for the simulator's storage (pre-signed URLs). */
  base: '/v2' | '';
  /**
   * true: an access token (or a free-form bearer) is required and names the caller's context,
   * which the route's rate limit counts against. false for public and pre-signed storage routes,
   * and for the /auth routes that check their own kind of token.
   */
  auth: boolean;
  /**
   * Checks that need no body (a signature, the session's state), run before the body is read so
   * that a request refused by them is never buffered; a response refuses the request.
   */
  admit?(request: SimRequestHead): SimResponse | null;
  /** The answer to a body over the route's cap, when the route speaks another dialect than KSeF's. */
  bodyTooLarge?(limitBytes: number): SimResponse;
  handle(request: SimRequest): SimResponse | Promise<SimResponse>;
}

/** A request before its body has been read. */
export type SimRequestHead = Omit<SimRequest, 'body'>;

/** The caller of an authenticated route (`auth: true` guarantees one). */
export function callerOf(request: Pick<SimRequest, 'caller'>): CallerIdentity {
  if (request.caller === null) throw unauthorized();
  return request.caller;
}

export function routeKey(route: Pick<RouteDefinition, 'method' | 'template'>): string {
  return `${route.method} ${route.template}`;
}

/**
 * The KSeF rate-limit group a route counts against: the wire contract's table for the API's
 * authenticated routes, none for public and pre-signed storage routes (KSeF does not limit those
 * per context).
 */
export function rateLimitGroupOfRoute(
  route: Pick<RouteDefinition, 'method' | 'template' | 'base' | 'auth'>,
): RateLimitGroup | null {
  return route.auth && route.base === '/v2' ? rateLimitGroupOf(route.method, route.template) : null;
}

export type RouteMatch =
  | {
      kind: 'match';
      route: RouteDefinition;
      params: Record<string, string>;
      /** A path segment that is not valid percent-encoding (the route answers 400 21405). */
      malformedSegment?: string;
    }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

interface TemplateMatch {
  params: Record<string, string>;
  malformedSegment?: string;
}

function matchTemplate(template: string, path: string): TemplateMatch | null {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const result: TemplateMatch = { params: {} };
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g === '') return null;
      try {
        result.params[w.slice(1, -1)] = decodeURIComponent(g);
      } catch {
        result.params[w.slice(1, -1)] = g;
        result.malformedSegment ??= g;
      }
    } else if (w !== g) {
      return null;
    }
  }
  return result;
}

export function createRouter(routes: RouteDefinition[]) {
  // Literal segments win over parameters (`/invoices/failed` before `/invoices/{ref}`).
  const ordered = [...routes].sort(
    (a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0),
  );
  return {
    routes,
    match(method: string, path: string): RouteMatch {
      const allowed: string[] = [];
      for (const route of ordered) {
        const matched = matchTemplate(route.base + route.template, path);
        if (!matched) continue;
        if (route.method === method) return { kind: 'match', route, ...matched };
        allowed.push(route.method);
      }
      return allowed.length ? { kind: 'wrong-method', allowed } : { kind: 'none' };
    },
  };
}

export type Router = ReturnType<typeof createRouter>;
