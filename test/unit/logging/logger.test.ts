import { Writable } from 'node:stream';
import { createLogger, REDACTED } from '../../../src/logging/logger';

function memoryStream(): {
  stream: Writable;
  lines: () => Record<string, unknown>[];
  raw: () => string;
} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return {
    stream,
    raw: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const secrets = {
  bearer: 'Bearer eyJhbGciOiJSUzI1NiJ9.secret-jwt',
  token: 'tok-3f9a0c1e',
  symmetricKey: 'c3ltbWV0cmljLWtleS0zMmJ5dGVz',
  encryptedSymmetricKey: 'ZW5jcnlwdGVkLWtleQ==',
  initializationVector: 'aXYtMTZieXRlcw==',
  accessToken: 'access-77aa',
  refreshToken: 'refresh-88bb',
};

describe('createLogger', () => {
  it('does not write the authorization header of a logged request', () => {
    const out = memoryStream();
    const logger = createLogger({ level: 'info', destination: out.stream });
    logger.info(
      { req: { method: 'POST', url: '/graphql', headers: { authorization: secrets.bearer } } },
      'request',
    );
    expect(out.raw()).not.toContain('secret-jwt');
    const [line] = out.lines();
    expect((line?.req as { headers: Record<string, string> }).headers.authorization).toBe(REDACTED);
    expect((line?.req as { method: string }).method).toBe('POST');
  });

  it('does not write tokens or session keys at the first or second level of an object', () => {
    const out = memoryStream();
    const logger = createLogger({ level: 'debug', destination: out.stream });
    logger.debug(
      {
        token: secrets.token,
        session: { token: secrets.token, referenceNumber: '20251122-SO-0123456789-ABCDEF0123-4F' },
        encryption: {
          encryptedSymmetricKey: secrets.encryptedSymmetricKey,
          initializationVector: secrets.initializationVector,
        },
        generated: { symmetricKey: secrets.symmetricKey },
        auth: { accessToken: secrets.accessToken, refreshToken: secrets.refreshToken },
        upstream: { request: { token: secrets.token } },
      },
      'opening session',
    );
    const raw = out.raw();
    for (const value of Object.values(secrets)) {
      expect(raw).not.toContain(value);
    }
    expect(raw).toContain('20251122-SO-0123456789-ABCDEF0123-4F');
  });

  it('censors headers of an upstream call logged as config.headers or response.headers', () => {
    const out = memoryStream();
    const logger = createLogger({ level: 'info', destination: out.stream });
    logger.warn({
      config: { headers: { Authorization: secrets.bearer } },
      response: { headers: { authorization: secrets.bearer, 'x-ms-meta-hash': 'abc=' } },
    });
    expect(out.raw()).not.toContain('secret-jwt');
    expect(out.raw()).toContain('abc=');
  });

  it('writes nothing below the configured level and nothing at all when silent', () => {
    const out = memoryStream();
    createLogger({ level: 'warn', destination: out.stream }).info('hidden');
    createLogger({ level: 'silent', destination: out.stream }).error('hidden too');
    expect(out.raw()).toBe('');
  });

  it('rejects an unknown level', () => {
    expect(() => createLogger({ level: 'verbose' })).toThrow('Unknown log level "verbose"');
  });
});
