// The one place where KSeF calls are measured: a wrapper around KsefHttp.request, the single door
// to KSeF (ksef/http.ts). gateway.ts puts it directly around the raw client, inside the resilience
// layer, so every attempt that goes on the wire is one sample — a retried 503 counts as a 503 and
// a 200 — and a call refused by an open circuit or the limiter never reaches it.
//
// Per call: `ksef_upstream_requests_total{group,method,status}` and the latency histogram, a
// client span (`ksef GET /sessions/{referenceNumber}`) under the GraphQL operation's span when
// tracing is on, and a debug log line with the request id. Labels, span names and attributes use
// the path *template* and the rate-limit group: never a reference number, query string, pre-signed
// URL or the caller's token.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Span, Tracer } from '@opentelemetry/api';
import { isKsefError } from '../ksef/ksef-error';
import type { KsefHttp, KsefRequestSpec, KsefResponse } from '../ksef/http';
import { rateLimitGroupOf } from '../ksef/wire/rate-limit-groups';
import type { RateLimitGroup } from '../ksef/wire/rate-limit-groups';
import type { Logger } from '../logging/logger';
import type { GatewayMetrics } from './metrics';
import { traceParentOf } from './tracing';

export interface UpstreamInstrumentationOptions {
  metrics?: Pick<GatewayMetrics, 'recordUpstream'>;
  /** Absent: no spans. */
  tracer?: Tracer;
  /** One `debug` line per call. */
  logger?: Pick<Logger, 'debug' | 'isLevelEnabled'>;
}

/** Upstream status for metrics: the HTTP status, or what failed below HTTP. */
type UpstreamStatus = number | string;

export const UPSTREAM_LOG_MESSAGE = 'ksef call';

/**
 * What happened to a call that threw: the HTTP status when KSeF answered (4xx/5xx, or a 2xx the
 * contract does not allow), the transport failure when it did not (`timeout`, `refused` …), or
 * undefined when the request was refused before it was sent (a missing path parameter).
 */
function failedStatus(error: unknown): UpstreamStatus | undefined {
  if (!isKsefError(error)) return 'error';
  if (error.status !== undefined) return error.status;
  if (error.transport !== undefined) return error.transport;
  return undefined;
}

function serverAttributes(http: KsefHttp, spec: KsefRequestSpec): Record<string, string | number> {
  // Only the origin: a pre-signed URL's query string is a credential.
  const url = spec.absoluteUrl ?? new URL(http.baseUrl);
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { 'server.address': url.hostname, 'server.port': port };
}

/** Rate-limit groups by `METHOD template`: templates are few and fixed, the lookup runs per call. */
function memoizedGroupOf(): (method: string, pathTemplate: string) => RateLimitGroup {
  const groups = new Map<string, RateLimitGroup>();
  return (method, pathTemplate) => {
    const key = `${method} ${pathTemplate}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = rateLimitGroupOf(method, pathTemplate);
      if (groups.size < 256) groups.set(key, group);
    }
    return group;
  };
}

export function withUpstreamInstrumentation(
  http: KsefHttp,
  options: UpstreamInstrumentationOptions,
): KsefHttp {
  const { metrics, tracer, logger } = options;
  const groupOf = memoizedGroupOf();

  function startSpan(spec: KsefRequestSpec, group: RateLimitGroup): Span {
    return tracer!.startSpan(
      `ksef ${spec.method} ${spec.pathTemplate}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': spec.method,
          'url.template': spec.pathTemplate,
          'ksef.rate_limit_group': group,
          ...serverAttributes(http, spec),
        },
      },
      traceParentOf([spec.caller, spec.signal, spec.caller?.signal]),
    );
  }

  function finish(
    spec: KsefRequestSpec,
    group: RateLimitGroup,
    startedAt: number,
    span: Span | undefined,
    status: UpstreamStatus | undefined,
    error?: unknown,
  ): void {
    const durationSeconds = (performance.now() - startedAt) / 1000;
    if (status !== undefined) {
      metrics?.recordUpstream({ group, method: spec.method, status, durationSeconds });
    }
    if (span !== undefined) {
      if (typeof status === 'number') span.setAttribute('http.response.status_code', status);
      if (error !== undefined) {
        span.setAttribute('error.type', String(status ?? 'not-sent'));
        span.setStatus({
          code: SpanStatusCode.ERROR,
          // A KsefError's message names the method and path template, never the token.
          ...(isKsefError(error) && { message: error.message }),
        });
      }
      span.end();
    }
    if (logger?.isLevelEnabled('debug')) {
      logger.debug(
        {
          requestId: spec.caller?.requestId,
          method: spec.method,
          path: spec.pathTemplate,
          group,
          status: status ?? 'not-sent',
          durationMs: Math.round(durationSeconds * 10_000) / 10,
        },
        UPSTREAM_LOG_MESSAGE,
      );
    }
  }

  async function request(spec: KsefRequestSpec): Promise<KsefResponse<unknown>> {
    const group = groupOf(spec.method, spec.pathTemplate);
    const span = tracer === undefined ? undefined : startSpan(spec, group);
    const startedAt = performance.now();
    let response: KsefResponse<unknown>;
    try {
      response = await http.request(spec);
    } catch (error) {
      finish(spec, group, startedAt, span, failedStatus(error), error);
      throw error;
    }
    finish(spec, group, startedAt, span, response.status);
    return response;
  }

  return {
    baseUrl: http.baseUrl,
    origin: http.origin,
    timeoutMs: http.timeoutMs,
    request: request as KsefHttp['request'],
    close: () => http.close(),
  };
}
