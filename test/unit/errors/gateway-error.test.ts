import { GraphQLError } from 'graphql';
import { ErrorCode, isErrorCode } from '../../../src/errors/error-codes';
import {
  badUserInput,
  forbidden,
  internalServerError,
  notFound,
  rateLimited,
  unauthenticated,
  upstreamContractViolation,
  upstreamUnavailable,
} from '../../../src/errors/gateway-error';

describe('gateway error helpers', () => {
  it.each([
    [badUserInput('first must be 1..1000'), ErrorCode.BAD_USER_INPUT, 'first must be 1..1000'],
    [notFound('No such session'), ErrorCode.NOT_FOUND, 'No such session'],
    [forbidden('Not allowed'), ErrorCode.FORBIDDEN, 'Not allowed'],
    [upstreamUnavailable('KSeF is down'), ErrorCode.UPSTREAM_UNAVAILABLE, 'KSeF is down'],
    [
      upstreamContractViolation('Bad UPO hash'),
      ErrorCode.UPSTREAM_CONTRACT_VIOLATION,
      'Bad UPO hash',
    ],
    [internalServerError(), ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'],
  ])('builds a GraphQLError with code %#', (error, code, message) => {
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toBe(message);
    expect(error.extensions.code).toBe(code);
  });

  it('keeps extra extensions but never lets them overwrite the code', () => {
    const error = badUserInput('bad cursor', { argumentName: 'after', code: 'SOMETHING_ELSE' });
    expect(error.extensions).toEqual({ argumentName: 'after', code: 'BAD_USER_INPUT' });
  });

  it('explains how to authenticate by default and accepts a custom message', () => {
    expect(unauthenticated().message).toContain('Authorization: Bearer');
    expect(unauthenticated().extensions.code).toBe('UNAUTHENTICATED');
    expect(unauthenticated('Token expired').message).toBe('Token expired');
  });

  it('rounds retryAfterSeconds up to whole seconds', () => {
    expect(rateLimited('Slow down', 1.2).extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 2,
    });
    expect(rateLimited('Slow down').extensions).toEqual({ code: 'RATE_LIMITED' });
  });

  it('recognises exactly the gateway codes', () => {
    expect(Object.values(ErrorCode).every(isErrorCode)).toBe(true);
    expect(isErrorCode('GRAPHQL_PARSE_FAILED')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});
