// One structured log line and one set of metric samples per GraphQL request, written when the
// response is about to be sent. Request-level hooks only: per-field hooks (`willResolveField`)
// run for every resolved field and cost most of the throughput in published benchmarks
// (DESIGN.md §8). Variables are never read (they may hold session keys), and of the headers only
// W3C trace context (`traceparent`, `tracestate`) when tracing is on — never `Authorization`.
//
// With a tracer, the plugin also makes the operation's span (`graphql.operation <name>`) and
// registers it as the parent of the request's KSeF calls (see tracing.ts for why explicitly).
import { unwrapResolverError } from '@apollo/server/errors';
import type {
  ApolloServerPlugin,
  BaseContext,
  GraphQLRequestContextWillSendResponse,
} from '@apollo/server';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, propagation, trace } from '@opentelemetry/api';
import type { Span, TextMapGetter, Tracer } from '@opentelemetry/api';
import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { isKsefError } from '../ksef/ksef-error';
import type { GatewayMetrics, OperationOutcome, OperationType } from './metrics';
import { bindTraceParent } from './tracing';

/** The slice of the gateway's context this plugin reads. */
export interface OperationContext extends BaseContext {
  requestId?: string;
  /** The request's KSeF caller: upstream calls made for it become children of the span. */
  caller?: { signal?: AbortSignal } | null;
}

export interface OperationLogFields {
  requestId: string | undefined;
  operationName: string | undefined;
  operationType: OperationType;
  durationMs: number;
  outcome: OperationOutcome;
  /** Distinct `extensions.code` values of the response's errors, in order of first appearance. */
  errorCodes?: string[];
}

/** What the plugin needs of a logger; a pino `Logger` fits. */
export interface OperationLogger {
  /** When present and false for `info`, successful operations build no log fields at all. */
  isLevelEnabled?(level: string): boolean;
  info(fields: OperationLogFields, message: string): void;
  warn(fields: OperationLogFields, message: string): void;
  /** Unexpected errors (masked as INTERNAL_SERVER_ERROR for the caller) with their cause. */
  error?(fields: UnexpectedErrorLogFields, message: string): void;
}

export interface UnexpectedErrorLogFields {
  requestId: string | undefined;
  operationName: string | undefined;
  err: unknown;
}

export interface OperationPluginOptions {
  logger: OperationLogger;
  metrics: Pick<GatewayMetrics, 'recordOperation'>;
  /** Absent: no spans. */
  tracer?: Tracer;
}

export const UNEXPECTED_ERROR_LOG_MESSAGE = 'unexpected error (masked for the caller)';

export const OPERATION_LOG_MESSAGE = 'graphql operation';

/** An error without a code has lost it in formatting; it is still an error worth counting. */
const UNKNOWN_CODE = 'UNKNOWN';

// A client sends any string as `operationName`; when the document never resolved, only a valid
// GraphQL name is worth repeating in a log line.
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

function responseErrors<TContext extends OperationContext>(
  requestContext: GraphQLRequestContextWillSendResponse<TContext>,
): readonly GraphQLFormattedError[] {
  const body = requestContext.response.body;
  const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
  return errors ?? [];
}

function errorCode(error: GraphQLFormattedError): string {
  const code = error.extensions?.['code'];
  return typeof code === 'string' ? code : UNKNOWN_CODE;
}

/**
 * Errors the formatter masks: neither a KSeF error nor one with a code of its own (ours or
 * Apollo's). The caller sees only "Internal server error"; the log keeps the cause.
 */
function isUnexpected(error: GraphQLError): boolean {
  const original = unwrapResolverError(error);
  if (isKsefError(original)) return false;
  return !(original instanceof GraphQLError && typeof original.extensions['code'] === 'string');
}

const headerGetter: TextMapGetter<ReadonlyMap<string, string>> = {
  get: (carrier, key) => carrier.get(key.toLowerCase()),
  keys: (carrier) => [...carrier.keys()],
};

function operationNameOf<TContext extends OperationContext>(
  requestContext: GraphQLRequestContextWillSendResponse<TContext>,
): string | undefined {
  const resolved = requestContext.operationName;
  if (resolved) {
    return resolved;
  }
  const requested = requestContext.request.operationName;
  return requested && GRAPHQL_NAME.test(requested) ? requested : undefined;
}

const NO_CODES: readonly string[] = Object.freeze([]);

function errorCodesOf<TContext extends OperationContext>(
  requestContext: GraphQLRequestContextWillSendResponse<TContext>,
): readonly string[] {
  const errors = responseErrors(requestContext);
  return errors.length === 0 ? NO_CODES : errors.map(errorCode);
}

export function createOperationPlugin<TContext extends OperationContext = OperationContext>(
  options: OperationPluginOptions,
): ApolloServerPlugin<TContext> {
  const { logger, metrics, tracer } = options;
  const infoEnabled = (): boolean => logger.isLevelEnabled?.('info') ?? true;

  function record(
    requestContext: GraphQLRequestContextWillSendResponse<TContext>,
    startedAt: number,
    span: Span | undefined,
  ): void {
    const durationMs = performance.now() - startedAt;
    const codes = errorCodesOf(requestContext);
    const outcome: OperationOutcome = codes.length > 0 ? 'error' : 'ok';
    const operationType: OperationType = requestContext.operation?.operation ?? 'unknown';
    const operationName = operationNameOf(requestContext);

    metrics.recordOperation({
      operationName,
      operationType,
      outcome,
      durationSeconds: durationMs / 1000,
      errorCodes: codes,
    });

    // At LOG_LEVEL=warn a successful operation writes nothing: build nothing for it either.
    if (outcome === 'error' || infoEnabled()) {
      const fields: OperationLogFields = {
        requestId: requestContext.contextValue.requestId,
        operationName,
        operationType,
        durationMs: Math.round(durationMs * 10) / 10,
        outcome,
      };
      if (outcome === 'error') {
        fields.errorCodes = [...new Set(codes)];
        logger.warn(fields, OPERATION_LOG_MESSAGE);
      } else {
        logger.info(fields, OPERATION_LOG_MESSAGE);
      }
    }
    const errors = requestContext.errors;
    if (logger.error !== undefined && errors !== undefined) {
      for (const error of errors) {
        if (!isUnexpected(error)) continue;
        logger.error(
          {
            requestId: requestContext.contextValue.requestId,
            operationName,
            err: unwrapResolverError(error),
          },
          UNEXPECTED_ERROR_LOG_MESSAGE,
        );
      }
    }

    if (span !== undefined) {
      if (operationName !== undefined && requestContext.operationName == null) {
        span.updateName(`graphql.operation ${operationName}`);
        span.setAttribute('graphql.operation.name', operationName);
      }
      span.setAttribute('graphql.operation.type', operationType);
      span.setAttribute('graphql.operation.outcome', outcome);
      if (outcome === 'error') {
        span.setAttribute('graphql.error.codes', [...new Set(codes)]);
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: [...new Set(codes)].join(', '),
        });
      }
      span.end();
    }
  }

  if (tracer === undefined) {
    // No spans: one hook, one closure over the start time.
    return {
      requestDidStart() {
        const startedAt = performance.now();
        return Promise.resolve({
          willSendResponse(requestContext) {
            record(requestContext, startedAt, undefined);
            return Promise.resolve();
          },
        });
      },
    };
  }

  return {
    requestDidStart(requestContext) {
      const startedAt = performance.now();
      const headers = requestContext.request.http?.headers;
      // A caller's W3C trace context (no-op unless a propagator is registered: startTracing).
      const parent =
        headers === undefined
          ? ROOT_CONTEXT
          : propagation.extract(ROOT_CONTEXT, headers, headerGetter);
      const span = tracer.startSpan('graphql.operation', { kind: SpanKind.SERVER }, parent);
      const caller = requestContext.contextValue.caller;
      bindTraceParent([caller, caller?.signal], trace.setSpan(parent, span));
      return Promise.resolve({
        didResolveOperation(resolved) {
          const name = resolved.operationName ?? undefined;
          span.updateName(`graphql.operation ${name ?? 'anonymous'}`);
          if (name !== undefined) span.setAttribute('graphql.operation.name', name);
          span.setAttribute('graphql.operation.type', resolved.operation?.operation ?? 'unknown');
          return Promise.resolve();
        },
        willSendResponse(requestContext) {
          record(requestContext, startedAt, span);
          return Promise.resolve();
        },
      });
    },
  };
}
