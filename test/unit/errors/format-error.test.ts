import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import {
  codeForKsefErrorKind,
  createErrorFormatter,
  MASKED_MESSAGE,
} from '../../../src/errors/format-error';
import { badUserInput, notFound } from '../../../src/errors/gateway-error';
import { KsefError } from '../../../src/ksef/ksef-error';
import type { KsefErrorKind } from '../../../src/ksef/ksef-error';

const format = createErrorFormatter({ exposeStack: false });
const formatWithStack = createErrorFormatter({ exposeStack: true });

/** What Apollo does to an error thrown in a resolver: locatedError wraps it with a path. */
function asResolverError(thrown: Error): { formatted: GraphQLFormattedError; error: GraphQLError } {
  const error = new GraphQLError(thrown.message, {
    path: ['sessions'],
    originalError: thrown,
    extensions: thrown instanceof GraphQLError ? thrown.extensions : {},
  });
  const formatted: GraphQLFormattedError = {
    message: thrown.message,
    locations: [{ line: 1, column: 3 }],
    path: ['sessions'],
    extensions: {
      code: 'INTERNAL_SERVER_ERROR',
      ...(thrown instanceof GraphQLError ? thrown.extensions : {}),
      stacktrace: ['Error: boom', '    at resolver (session.resolver.ts:1:1)'],
    },
  };
  return { formatted, error };
}

function ksef(
  kind: KsefErrorKind,
  extra: Partial<ConstructorParameters<typeof KsefError>[0]> = {},
): KsefError {
  return new KsefError({
    kind,
    message: `KSeF said ${kind}`,
    method: 'GET',
    path: '/sessions/{referenceNumber}',
    status: 400,
    errors: [{ code: 21405, description: 'Błąd walidacji', details: ['pageSize'] }],
    traceId: 'trace-1',
    ...extra,
  });
}

describe('createErrorFormatter', () => {
  describe('KSeF errors', () => {
    it.each<[KsefErrorKind, string]>([
      ['bad-request', 'BAD_USER_INPUT'],
      ['unauthenticated', 'UNAUTHENTICATED'],
      ['forbidden', 'FORBIDDEN'],
      ['not-found', 'NOT_FOUND'],
      ['rate-limited', 'RATE_LIMITED'],
      ['unavailable', 'UPSTREAM_UNAVAILABLE'],
      ['contract-violation', 'UPSTREAM_CONTRACT_VIOLATION'],
    ])('maps kind %s to %s', (kind, code) => {
      expect(codeForKsefErrorKind(kind)).toBe(code);
      const { formatted, error } = asResolverError(ksef(kind));
      const result = format(formatted, error);
      expect(result.extensions?.code).toBe(code);
      expect(result.message).toBe(`KSeF said ${kind}`);
      expect(result.path).toEqual(['sessions']);
      expect(result.locations).toEqual([{ line: 1, column: 3 }]);
    });

    it('puts the KSeF details into extensions.upstream', () => {
      const thrown = ksef('bad-request');
      const { formatted, error } = asResolverError(thrown);
      const result = format(formatted, error);
      expect(result.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        upstream: thrown.toUpstreamExtension(),
      });
      expect(result.extensions?.upstream).toMatchObject({
        status: 400,
        errors: [{ code: 21405, description: 'Błąd walidacji', details: ['pageSize'] }],
        traceId: 'trace-1',
      });
    });

    it('adds reasonCode to FORBIDDEN', () => {
      const { formatted, error } = asResolverError(
        ksef('forbidden', { status: 403, reasonCode: 'ip-not-allowed' }),
      );
      const result = format(formatted, error);
      expect(result.extensions?.reasonCode).toBe('ip-not-allowed');
    });

    it('adds an integer retryAfterSeconds to RATE_LIMITED', () => {
      const { formatted, error } = asResolverError(
        ksef('rate-limited', { status: 429, retryAfterSeconds: 2.3 }),
      );
      expect(format(formatted, error).extensions?.retryAfterSeconds).toBe(3);
    });

    it('still tells a rate-limited caller how long to wait when KSeF gave no Retry-After', () => {
      const { formatted, error } = asResolverError(ksef('rate-limited', { status: 429 }));
      expect(format(formatted, error).extensions?.retryAfterSeconds).toBe(1);
    });

    it('omits extensions.upstream when the KSeF error has no details', () => {
      const { formatted, error } = asResolverError(
        new KsefError({ kind: 'unauthenticated', message: 'No token' }),
      );
      expect(format(formatted, error).extensions).toEqual({ code: 'UNAUTHENTICATED' });
    });

    it('finds a KSeF error wrapped more than once', () => {
      const inner = new GraphQLError('wrapped', {
        originalError: ksef('unavailable', { status: 503 }),
      });
      const { formatted, error } = asResolverError(inner);
      expect(format(formatted, error).extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    });

    it('keeps the stacktrace only when exposeStack is on', () => {
      const { formatted, error } = asResolverError(ksef('unavailable'));
      expect(format(formatted, error).extensions).not.toHaveProperty('stacktrace');
      expect(formatWithStack(formatted, error).extensions?.stacktrace).toEqual(
        formatted.extensions?.stacktrace,
      );
    });

    it('names KSeF, never its address, in what the caller reads', () => {
      const messages = [
        'KSeF could not be reached at http://10.0.0.7:8080/v2 (connection refused)',
        'connect ECONNREFUSED https://api-test.ksef.mf.gov.pl:443/v2/sessions?x=1, retrying',
        'proxy at HTTPS://user@proxy.internal/ said no',
      ];
      for (const message of messages) {
        const { formatted, error } = asResolverError(ksef('unavailable', { message }));
        const shown = format(formatted, error).message;
        expect(shown).not.toMatch(/:\/\/|10\.0\.0\.7|ksef\.mf\.gov\.pl|proxy\.internal/i);
        expect(shown).toMatch(/KSeF/);
      }
      const { formatted, error } = asResolverError(ksef('unavailable', { message: messages[0]! }));
      expect(format(formatted, error).message).toBe(
        'KSeF could not be reached at KSeF (connection refused)',
      );
    });
  });

  describe('errors the gateway raised itself', () => {
    it('passes a gateway error through with its message and extensions', () => {
      const { formatted, error } = asResolverError(
        badUserInput('first must be 1..1000', { argumentName: 'first' }),
      );
      expect(format(formatted, error)).toEqual({
        message: 'first must be 1..1000',
        locations: [{ line: 1, column: 3 }],
        path: ['sessions'],
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' },
      });
    });

    it('passes NOT_FOUND through and strips the stacktrace', () => {
      const { formatted, error } = asResolverError(notFound('No session 20251122-SO-…'));
      const result = format(formatted, error);
      expect(result.extensions).toEqual({ code: 'NOT_FOUND' });
    });
  });

  describe("Apollo's own errors", () => {
    it.each([
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
      'PERSISTED_QUERY_NOT_FOUND',
      'PERSISTED_QUERY_NOT_SUPPORTED',
      'BAD_REQUEST',
      'OPERATION_RESOLUTION_FAILURE',
    ])('passes %s through as Apollo gave it (minus the stacktrace)', (code) => {
      const formatted: GraphQLFormattedError = {
        message: 'Cannot query field "nope" on type "Query".',
        locations: [{ line: 1, column: 3 }],
        extensions: { code, stacktrace: ['GraphQLError: …'] },
      };
      const error = new GraphQLError(formatted.message, { extensions: { code } });
      expect(format(formatted, error)).toEqual({
        message: formatted.message,
        locations: [{ line: 1, column: 3 }],
        extensions: { code },
      });
    });

    it('keeps a variable-coercion error as BAD_USER_INPUT', () => {
      const message =
        'Variable "$first" got invalid value "ten"; Int cannot represent non-integer value: "ten"';
      const formatted: GraphQLFormattedError = { message, extensions: { code: 'BAD_USER_INPUT' } };
      expect(format(formatted, new GraphQLError(message))).toEqual(formatted);
    });

    it('turns a variable-coercion error that arrives without a code into BAD_USER_INPUT', () => {
      const message = 'Variable "$type" of required type "SessionType!" was not provided.';
      const formatted: GraphQLFormattedError = {
        message,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
      expect(format(formatted, new GraphQLError(message))).toEqual({
        message,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    });
  });

  describe('everything else', () => {
    it('masks an unexpected error as INTERNAL_SERVER_ERROR', () => {
      const { formatted, error } = asResolverError(
        new Error('connect ECONNREFUSED with header Authorization: Bearer secret-token'),
      );
      const result = format(formatted, error);
      expect(result).toEqual({
        message: MASKED_MESSAGE,
        locations: [{ line: 1, column: 3 }],
        path: ['sessions'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(JSON.stringify(result)).not.toContain('secret-token');
    });

    it('masks a GraphQLError with a code that is not ours', () => {
      const { formatted, error } = asResolverError(
        new GraphQLError('weird', { extensions: { code: 'TEAPOT', detail: 'x' } }),
      );
      expect(format(formatted, error)).toMatchObject({
        message: MASKED_MESSAGE,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(format(formatted, error).extensions).not.toHaveProperty('detail');
    });

    it('masks an error raised as INTERNAL_SERVER_ERROR on purpose', () => {
      const { formatted, error } = asResolverError(
        new GraphQLError('db password wrong', { extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
      );
      expect(format(formatted, error).message).toBe(MASKED_MESSAGE);
    });

    it('masks an execution error such as a null in a non-null field', () => {
      const formatted: GraphQLFormattedError = {
        message: 'Cannot return null for non-nullable field Session.phase.',
        path: ['session', 'phase'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
      const error = new GraphQLError(formatted.message, { path: ['session', 'phase'] });
      expect(format(formatted, error)).toEqual({
        message: MASKED_MESSAGE,
        path: ['session', 'phase'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    });

    it('shows the stacktrace of a masked error only in development', () => {
      const { formatted, error } = asResolverError(new Error('boom'));
      expect(formatWithStack(formatted, error)).toMatchObject({
        message: MASKED_MESSAGE,
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: formatted.extensions?.stacktrace },
      });
    });

    it('copes with a formatted error that has no extensions', () => {
      expect(format({ message: 'x' }, 'a thrown string')).toEqual({
        message: MASKED_MESSAGE,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    });
  });
});
