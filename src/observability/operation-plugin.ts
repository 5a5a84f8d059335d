// One structured log line and one set of metric samples per GraphQL request, written when the
// response is about to be sent. Request-level hooks only: per-field hooks (`willResolveField`)
// run for every resolved field and cost most of the throughput in published benchmarks
// (DESIGN.md §8). Variables and headers are never read: variables may hold session keys and
// headers the caller's KSeF token.
import type {
  ApolloServerPlugin,
  BaseContext,
  GraphQLRequestContextWillSendResponse,
} from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayMetrics, OperationOutcome, OperationType } from './metrics';

/** The slice of the gateway's context this plugin reads. */
export interface OperationContext extends BaseContext {
  requestId?: string;
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
  info(fields: OperationLogFields, message: string): void;
  warn(fields: OperationLogFields, message: string): void;
}

export interface OperationPluginOptions {
  logger: OperationLogger;
  metrics: Pick<GatewayMetrics, 'recordOperation'>;
}

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

export function createOperationPlugin<TContext extends OperationContext = OperationContext>(
  options: OperationPluginOptions,
): ApolloServerPlugin<TContext> {
  const { logger, metrics } = options;
  return {
    requestDidStart() {
      const startedAt = performance.now();
      return Promise.resolve({
        willSendResponse(requestContext) {
          const durationMs = performance.now() - startedAt;
          const codes = responseErrors(requestContext).map(errorCode);
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
          return Promise.resolve();
        },
      });
    },
  };
}
