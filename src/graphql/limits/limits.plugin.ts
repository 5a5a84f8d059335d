// Refuses operations that are too big before any of their resolvers run — hence before any
// upstream call: too deep, too many aliases, too many root fields, or more distinct session
// lookups than the per-operation budget (each costs a KSeF status call against the caller's
// sessionMisc limit of 10/s). Runs in `didResolveOperation`, where Apollo has the parsed,
// validated document *and* the variables (validation rules see no variables, and their errors
// all carry GRAPHQL_VALIDATION_FAILED, while API.md promises BAD_USER_INPUT for bad arguments).
//
// The document's own measures are computed once per document (operation-limits.ts remembers them
// with the operation node), so a cached document costs only the variables-dependent lookup count
// per request. `withinOperationLimits` is the same verdict without variables, for the document
// cache: a document these limits refuse is never cached.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind } from 'graphql';
import type { DocumentNode } from 'graphql';
import { badUserInput } from '../../errors/gateway-error';
import { findOperation, literalLookups, measureOperation, shapeOf } from './operation-limits';
import type { OperationMeasure } from './operation-limits';

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  /** Distinct sessions one operation may look up (session, closeSession, upo, _entities). */
  maxStatusLookups: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxRootFields: 20,
  maxStatusLookups: 50,
};

const CHECKS: readonly {
  limit: keyof OperationLimits;
  measure: keyof OperationMeasure;
  what: string;
}[] = [
  { limit: 'maxDepth', measure: 'depth', what: 'is nested deeper than' },
  { limit: 'maxAliases', measure: 'aliases', what: 'uses more aliases than' },
  { limit: 'maxRootFields', measure: 'rootFields', what: 'has more root fields than' },
  {
    limit: 'maxStatusLookups',
    measure: 'statusLookups',
    what: 'looks up more distinct sessions than',
  },
];

/** The first limit the operation breaks, as the error to send, or undefined. */
export function checkOperationLimits(measure: OperationMeasure, limits: OperationLimits) {
  for (const check of CHECKS) {
    const max = limits[check.limit];
    const actual = measure[check.measure];
    if (actual > max) {
      return badUserInput(
        `Operation refused: it ${check.what} the allowed ${max} (${actual}); split it into smaller operations.`,
        { limit: check.measure, max, actual, http: { status: 400 } },
      );
    }
  }
  return undefined;
}

/**
 * False when some operation of the document breaks a limit whatever its variables are (depth,
 * aliases, root fields, or more distinct literal session references than the budget).
 */
export function withinOperationLimits(document: DocumentNode, limits: OperationLimits): boolean {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const shape = shapeOf(document, definition);
    const measure = { ...shape, statusLookups: literalLookups(shape) };
    if (checkOperationLimits(measure, limits) !== undefined) return false;
  }
  return true;
}

export function createOperationLimitsPlugin<TContext extends BaseContext>(
  limits: OperationLimits,
): ApolloServerPlugin<TContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ document, request, operationName }) {
          const operation = findOperation(document, operationName ?? request.operationName);
          if (operation === undefined) return Promise.resolve();
          const measure = measureOperation(document, operation, request.variables ?? {});
          const error = checkOperationLimits(measure, limits);
          return error === undefined ? Promise.resolve() : Promise.reject(error);
        },
      });
    },
  };
}
