import { toKsefErrorFromTransport, transportFailureOf } from '../../../src/ksef/transport-error';

function errorWithCode(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('transport failures', () => {
  it.each([
    ['ECONNABORTED', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['EPIPE', 'reset'],
    ['ERR_CANCELED', 'aborted'],
    ['ENOTFOUND', 'dns'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['ERR_SOMETHING_ELSE', 'network'],
  ])('classifies code %s as %s', (code, failure) => {
    expect(transportFailureOf(errorWithCode(code))).toBe(failure);
  });

  it('classifies "socket hang up" without a code as a reset', () => {
    expect(transportFailureOf(new Error('socket hang up'))).toBe('reset');
  });

  it('finds the code of a wrapped cause', () => {
    expect(
      transportFailureOf(
        Object.assign(new Error('wrapped'), { cause: errorWithCode('ECONNREFUSED') }),
      ),
    ).toBe('refused');
  });

  it('becomes an unavailable KsefError whose cause holds only the code and message, never the request config', () => {
    const axiosLike = Object.assign(
      errorWithCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'),
      {
        config: { headers: { Authorization: 'Bearer secret-token' } },
      },
    );
    const error = toKsefErrorFromTransport(axiosLike, 'GET', '/sessions');
    expect(error.kind).toBe('unavailable');
    expect(error.transport).toBe('refused');
    expect(error.cause).toEqual({
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED 127.0.0.1:9',
    });
    expect(JSON.stringify({ ...error, message: error.message, cause: error.cause })).not.toContain(
      'secret-token',
    );
    expect(error.toUpstreamExtension()).toEqual({
      method: 'GET',
      path: '/sessions',
      transport: 'refused',
    });
  });
});
