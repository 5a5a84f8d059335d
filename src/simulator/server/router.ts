// The route table: `METHOD /template` keys with the spec's path templates. The same key names a
// route in the request log, the fault injector and the rate-limit table, so callers only ever learn
// one vocabulary.
import { rateLimitGroupOf } from '../../ksef/wire/rate-limit-groups';
import type { RateLimitGroup } from '../../ksef/wire/rate-limit-groups';
import type { SimResponse } from './responses';

export interface SimRequest {
  method: string;
  /** Path from the server root, e.g. `/v2/sessions/…`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The bearer token (context) for authenticated routes. */
  token: string;
}

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT';
  template: string;
  /** Mount point: '/v2' for the KSeF API, '' for the simulator's storage (pre-signed URLs). */
  base: '/v2' | '';
  /** false for public and pre-signed storage routes. */
  auth: boolean;
  handle(request: SimRequest): SimResponse | Promise<SimResponse>;
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
  | { kind: 'match'; route: RouteDefinition; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

function matchTemplate(template: string, path: string): Record<string, string> | null {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g === '') return null;
      params[w.slice(1, -1)] = decodeURIComponent(g);
    } else if (w !== g) {
      return null;
    }
  }
  return params;
}

export function createRouter(routes: RouteDefinition[]) {
  return {
    routes,
    match(method: string, path: string): RouteMatch {
      const allowed: string[] = [];
      // Literal segments win over parameters (`/invoices/failed` before `/invoices/{ref}`).
      const ordered = [...routes].sort(
        (a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0),
      );
      for (const route of ordered) {
        const params = matchTemplate(route.base + route.template, path);
        if (!params) continue;
        if (route.method === method) return { kind: 'match', route, params };
        allowed.push(route.method);
      }
      return allowed.length ? { kind: 'wrong-method', allowed } : { kind: 'none' };
    },
  };
}

export type Router = ReturnType<typeof createRouter>;
