// Cross-origin access to /graphql for browser apps on other origins (CORS_ORIGINS). A browser
// sends a preflight before a JSON POST with Authorization; answering it (and putting the
// allow-origin header on the real answer) is what lets a front-end on another origin read the
// gateway's responses. Same-origin requests (the playground) are always allowed.
//
// An origin that is not allowed gets 403 on /graphql, preflight or not: a browser would not let
// the page read the answer anyway, and refusing early spends no KSeF call on it.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** `*`, a list of exact origins, or (sandbox mode's default) any loopback origin. */
export type CorsOrigins = '*' | 'loopback' | readonly string[];

/** The request headers a GraphQL client sends (Apollo Client's preflight headers included). */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'x-request-id',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'traceparent',
  'tracestate',
] as const;

/** How long a browser may reuse a preflight answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)
    );
  } catch {
    return false;
  }
}

export function isOriginAllowed(origins: CorsOrigins, origin: string): boolean {
  if (origins === '*') return true;
  if (origins === 'loopback') return isLoopbackOrigin(origin);
  return origins.includes(origin);
}

function isSameOrigin(request: IncomingMessage, origin: string): boolean {
  const host = request.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

export type CorsDecision = 'not-cross-origin' | 'allowed' | 'refused';

/**
 * Decides a request's cross-origin standing and writes the CORS headers it needs. For a preflight
 * (OPTIONS) it also answers: 204 when allowed, 403 when not. Returns what it decided; the caller
 * answers 403 to a refused real request and carries on otherwise.
 */
export function applyCors(
  origins: CorsOrigins,
  request: IncomingMessage,
  response: ServerResponse,
): CorsDecision {
  const origin = request.headers.origin;
  // Caches between browsers and the gateway must keep answers for different origins apart.
  response.setHeader('vary', 'Origin');
  if (origin === undefined || origin === 'null' || isSameOrigin(request, origin)) {
    return origin === undefined || origin === 'null' ? 'not-cross-origin' : 'allowed';
  }
  if (!isOriginAllowed(origins, origin)) return 'refused';
  response.setHeader('access-control-allow-origin', origin);
  response.setHeader('access-control-expose-headers', 'x-request-id');
  if (request.method === 'OPTIONS') {
    response.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    response.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS.join(', '));
    response.setHeader('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
  }
  return 'allowed';
}

/** Parses CORS_ORIGINS: `*` or comma-separated origins (`https://app.example.com`). */
export function parseCorsOrigins(
  text: string,
): { ok: true; origins: CorsOrigins } | { ok: false; problems: string[] } {
  if (text.trim() === '*') return { ok: true, origins: '*' };
  const origins: string[] = [];
  const problems: string[] = [];
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (
      url === undefined ||
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      url.origin !== entry.replace(/\/$/, '')
    ) {
      problems.push(`"${entry.slice(0, 60)}" is not an origin (scheme://host[:port], no path)`);
      continue;
    }
    origins.push(url.origin);
  }
  if (origins.length === 0 && problems.length === 0) problems.push('no origin given');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, origins };
}
