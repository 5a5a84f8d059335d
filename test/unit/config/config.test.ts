import { ConfigError, loadConfig, OFFICIAL_KSEF_API_URLS } from '../../../src/config/config';
import { SANDBOX_TOKEN } from '../../../src/config/sandbox';
import { DEFAULT_KSEF_RATE_LIMITS } from '../../../src/ksef/resilience/rate-limits';
import { DEFAULT_LIVE_STATUS_SETTINGS } from '../../../src/live/live-settings';
import { DEFAULT_REPLICA_SETTINGS } from '../../../src/replicas/replica-settings';

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs in sandbox mode on 127.0.0.1:4000 with no variables set', () => {
    expect(loadConfig({})).toEqual({
      ksefEnv: 'sandbox',
      upstream: { mode: 'sandbox' },
      listen: { port: 4000, host: '127.0.0.1' },
      shutdownTimeoutMs: 10000,
      logLevel: 'info',
      simulatorPort: 4010,
      tracing: { enabled: false },
      gateway: {
        ksef: {
          http: { timeoutMs: 10000 },
          resilience: {
            operationTimeoutMs: 25000,
            retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2000 },
            rateLimits: DEFAULT_KSEF_RATE_LIMITS,
            circuitBreaker: { failureThreshold: 5, halfOpenAfterMs: 10000 },
            maxCallsPerOperation: 200,
          },
        },
        loaders: { statusConcurrency: 4 },
        graphql: {
          introspection: true,
          exposeErrorStack: false,
          limits: { maxDepth: 12, maxAliases: 30, maxRootFields: 20, maxStatusLookups: 50 },
          maxQueryTokens: 2000,
          subscriptionCallbackOrigins: 'loopback',
        },
        http: { maxBodyBytes: 1048576, maxQueryBytes: 32768, playground: true, cors: 'loopback' },
        sessionKeys: { secrets: [] },
        live: DEFAULT_LIVE_STATUS_SETTINGS,
        replicas: DEFAULT_REPLICA_SETTINGS,
      },
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', KSEF_API_URL: ' ', KSEF_ENV: '' })).toMatchObject({
      listen: { port: 4000 },
      upstream: { mode: 'sandbox' },
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '0',
        HOST: '0.0.0.0',
        KSEF_ENV: 'demo',
        SIMULATOR_PORT: '0',
        LOG_LEVEL: 'debug',
        KSEF_TIMEOUT_MS: '2500',
        KSEF_STATUS_CONCURRENCY: '8',
        GRAPHQL_INTROSPECTION: 'off',
        SHUTDOWN_TIMEOUT_MS: '0',
        NODE_ENV: 'development',
        OPERATION_TIMEOUT_MS: '5000',
        KSEF_RETRY_ATTEMPTS: '1',
        KSEF_RATE_LIMITS: 'off',
        CIRCUIT_FAILURE_THRESHOLD: '0',
        CIRCUIT_HALF_OPEN_AFTER_MS: '500',
        MAX_QUERY_DEPTH: '8',
        MAX_ALIASES: '10',
        MAX_ROOT_FIELDS: '5',
        MAX_STATUS_LOOKUPS: '7',
        MAX_BODY_BYTES: '2048',
        MAX_QUERY_BYTES: '4096',
        MAX_QUERY_TOKENS: '500',
      }),
    ).toEqual({
      ksefEnv: 'demo',
      upstream: {
        mode: 'remote',
        source: 'official',
        ksefApiUrl: 'https://api-demo.ksef.mf.gov.pl/v2',
      },
      listen: { port: 0, host: '0.0.0.0' },
      shutdownTimeoutMs: 0,
      logLevel: 'debug',
      simulatorPort: 0,
      tracing: { enabled: false },
      gateway: {
        ksef: {
          http: { timeoutMs: 2500 },
          resilience: {
            operationTimeoutMs: 5000,
            retry: { maxAttempts: 1, baseDelayMs: 100, maxDelayMs: 2000 },
            rateLimits: false,
            circuitBreaker: { failureThreshold: 0, halfOpenAfterMs: 500 },
            maxCallsPerOperation: 200,
          },
        },
        loaders: { statusConcurrency: 8 },
        graphql: {
          introspection: false,
          exposeErrorStack: true,
          limits: { maxDepth: 8, maxAliases: 10, maxRootFields: 5, maxStatusLookups: 7 },
          maxQueryTokens: 500,
          subscriptionCallbackOrigins: [],
        },
        http: { maxBodyBytes: 2048, maxQueryBytes: 4096, playground: true, cors: [] },
        sessionKeys: { secrets: [] },
        live: DEFAULT_LIVE_STATUS_SETTINGS,
        replicas: DEFAULT_REPLICA_SETTINGS,
      },
    });
  });

  it('turns tracing on with an OTLP endpoint or OTEL_TRACES_EXPORTER=otlp, and off with none or OTEL_SDK_DISABLED', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({
      enabled: true,
      serviceName: 'ksef-graphql-gateway',
      tracesUrl: 'http://collector:4318/v1/traces',
    });
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/custom',
        OTEL_SERVICE_NAME: 'invoices-gateway',
      }).tracing,
    ).toEqual({
      enabled: true,
      serviceName: 'invoices-gateway',
      tracesUrl: 'https://traces.example/custom',
    });
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp' }).tracing).toEqual({
      enabled: true,
      serviceName: 'ksef-graphql-gateway',
      tracesUrl: undefined,
    });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' })
        .tracing,
    ).toEqual({ enabled: false });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })
        .tracing,
    ).toEqual({ enabled: false });
    expect(
      problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector', OTEL_TRACES_EXPORTER: 'jaeger' }),
    ).toEqual([
      expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT: "collector" is not a URL/),
      expect.stringMatching(/^OTEL_TRACES_EXPORTER: "jaeger" is not one of otlp, none/),
    ]);
  });

  it('reads KSEF_RATE_LIMITS overrides on top of the defaults and rejects bad ones', () => {
    const config = loadConfig({ KSEF_RATE_LIMITS: 'sessionMisc=2/20/200, sessionList=1/2/3' });
    expect(config.gateway.ksef.resilience.rateLimits).toMatchObject({
      sessionMisc: { perSecond: 2, perMinute: 20, perHour: 200 },
      sessionList: { perSecond: 1, perMinute: 2, perHour: 3 },
      onlineSession: DEFAULT_KSEF_RATE_LIMITS.onlineSession,
    });
    expect(problemsOf({ KSEF_RATE_LIMITS: 'nope=1/2/3,sessionMisc=1/2' })).toEqual([
      expect.stringMatching(/^KSEF_RATE_LIMITS: "nope" is not a KSeF rate-limit group/),
      'KSEF_RATE_LIMITS: "sessionMisc=1/2" is not group=perSecond/perMinute/perHour',
    ]);
  });

  it('refuses a KSeF call timeout that the operation deadline would always cut short', () => {
    expect(problemsOf({ OPERATION_TIMEOUT_MS: '1000', KSEF_TIMEOUT_MS: '5000' })).toEqual([
      'KSEF_TIMEOUT_MS: 5000 is longer than OPERATION_TIMEOUT_MS (1000), the deadline of a whole operation; raise OPERATION_TIMEOUT_MS or lower KSEF_TIMEOUT_MS',
    ]);
    // The default deadline counts too: 30 s calls under a 25 s operation deadline cannot hold.
    expect(problemsOf({ KSEF_TIMEOUT_MS: '30000' })).toEqual([
      'KSEF_TIMEOUT_MS: 30000 is longer than OPERATION_TIMEOUT_MS (25000, its default), the deadline of a whole operation; raise OPERATION_TIMEOUT_MS or lower KSEF_TIMEOUT_MS',
    ]);
    expect(
      loadConfig({ KSEF_TIMEOUT_MS: '30000', OPERATION_TIMEOUT_MS: '60000' }).gateway.ksef.http,
    ).toEqual({ timeoutMs: 30000 });
  });

  describe('upstream', () => {
    it.each([
      ['test', 'https://api-test.ksef.mf.gov.pl/v2'],
      ['demo', 'https://api-demo.ksef.mf.gov.pl/v2'],
      ['prod', 'https://api.ksef.mf.gov.pl/v2'],
    ])('points KSEF_ENV=%s at the official host %s', (ksefEnv, url) => {
      expect(loadConfig({ KSEF_ENV: ksefEnv }).upstream).toEqual({
        mode: 'remote',
        source: 'official',
        ksefApiUrl: url,
      });
      expect(OFFICIAL_KSEF_API_URLS[ksefEnv as 'test']).toBe(url);
    });

    it('lets KSEF_API_URL win over KSEF_ENV=sandbox, so no simulator is started', () => {
      expect(
        loadConfig({ KSEF_ENV: 'sandbox', KSEF_API_URL: 'http://127.0.0.1:4010/v2' }),
      ).toMatchObject({
        ksefEnv: 'sandbox',
        upstream: { mode: 'remote', source: 'custom', ksefApiUrl: 'http://127.0.0.1:4010/v2' },
      });
    });

    it('lets KSEF_API_URL override an official host and drops a trailing slash', () => {
      expect(
        loadConfig({ KSEF_ENV: 'test', KSEF_API_URL: 'https://proxy.example.com/ksef/v2/' }),
      ).toMatchObject({
        upstream: {
          mode: 'remote',
          source: 'custom',
          ksefApiUrl: 'https://proxy.example.com/ksef/v2',
        },
      });
    });

    it('accepts KSEF_ENV in any case', () => {
      expect(loadConfig({ KSEF_ENV: 'TEST' }).ksefEnv).toBe('test');
    });
  });

  describe('browser origins (CORS_ORIGINS)', () => {
    it('allows any loopback origin in sandbox mode and none against KSeF by default', () => {
      expect(loadConfig({}).gateway.http.cors).toBe('loopback');
      expect(loadConfig({ KSEF_ENV: 'test' }).gateway.http.cors).toEqual([]);
      expect(loadConfig({ KSEF_API_URL: 'http://127.0.0.1:4010/v2' }).gateway.http.cors).toEqual(
        [],
      );
    });

    it('takes *, or a list of origins, and refuses what is not an origin', () => {
      expect(loadConfig({ KSEF_ENV: 'prod', CORS_ORIGINS: '*' }).gateway.http.cors).toBe('*');
      expect(
        loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173/' }).gateway.http
          .cors,
      ).toEqual(['https://app.example.com', 'http://localhost:5173']);
      expect(problemsOf({ CORS_ORIGINS: 'app.example.com,https://x.example/path' })).toEqual([
        'CORS_ORIGINS: "app.example.com" is not an origin (scheme://host[:port], no path)',
        'CORS_ORIGINS: "https://x.example/path" is not an origin (scheme://host[:port], no path)',
      ]);
    });
  });

  describe('router callback origins (SUBSCRIPTION_CALLBACK_ORIGINS)', () => {
    it('allows loopback callbacks in sandbox mode, none against KSeF, or the listed origins', () => {
      const origins = (env: Record<string, string>) =>
        loadConfig(env).gateway.graphql.subscriptionCallbackOrigins;
      expect(origins({})).toBe('loopback');
      expect(origins({ KSEF_ENV: 'prod' })).toEqual([]);
      expect(
        origins({ KSEF_ENV: 'prod', SUBSCRIPTION_CALLBACK_ORIGINS: 'http://router.internal:4000' }),
      ).toEqual(['http://router.internal:4000']);
      expect(problemsOf({ SUBSCRIPTION_CALLBACK_ORIGINS: 'router:4000/cb' })).toEqual([
        expect.stringMatching(/^SUBSCRIPTION_CALLBACK_ORIGINS: .* is not an origin/),
      ]);
    });
  });

  describe('session key secrets (GATEWAY_KEY_SECRETS)', () => {
    it('reads them and reports a bad one without showing it', () => {
      const secret = Buffer.alloc(32, 7).toString('base64');
      expect(
        loadConfig({ GATEWAY_KEY_SECRETS: `k1:${secret}` }).gateway.sessionKeys.secrets,
      ).toEqual([{ kid: 'k1', key: Buffer.alloc(32, 7) }]);
      const problems = problemsOf({ GATEWAY_KEY_SECRETS: 'k1:c2hvcnQ=' });
      expect(problems).toEqual(['GATEWAY_KEY_SECRETS: the secret of k1 is not Base64 of 32 bytes']);
    });
  });

  describe('Redis for replicas (REDIS_URL)', () => {
    it('is off unless set, and takes redis:// and rediss:// URLs', () => {
      expect(loadConfig({}).gateway.replicas.redisUrl).toBeUndefined();
      expect(loadConfig({ REDIS_URL: 'redis://cache:6379/2' }).gateway.replicas.redisUrl).toBe(
        'redis://cache:6379/2',
      );
      expect(
        loadConfig({ REDIS_URL: 'rediss://:pw@cache.internal:6380' }).gateway.replicas.redisUrl,
      ).toBe('rediss://:pw@cache.internal:6380');
    });

    it('refuses other URLs without echoing a password', () => {
      expect(problemsOf({ REDIS_URL: 'http://:secret@cache:6379' })).toEqual([
        'REDIS_URL: use redis:// or rediss:// (not http:)',
      ]);
      expect(problemsOf({ REDIS_URL: '//cache:6379' })).toEqual([
        'REDIS_URL: not a URL (expected redis://host:6379/0 or rediss://…)',
      ]);
      expect(problemsOf({ REDIS_URL: 'redis://' })).toEqual([
        'REDIS_URL: names no host (expected redis://host:6379/0)',
      ]);
    });
  });

  describe('introspection', () => {
    it('is on by default outside production and off with KSEF_ENV=prod', () => {
      expect(loadConfig({ KSEF_ENV: 'test' }).gateway.graphql.introspection).toBe(true);
      expect(loadConfig({ KSEF_ENV: 'prod' }).gateway.graphql.introspection).toBe(false);
      expect(
        loadConfig({ KSEF_ENV: 'prod', GRAPHQL_INTROSPECTION: 'true' }).gateway.graphql
          .introspection,
      ).toBe(true);
    });

    it.each([
      ['1', true],
      ['yes', true],
      ['ON', true],
      ['0', false],
      ['no', false],
      ['False', false],
    ])('reads GRAPHQL_INTROSPECTION=%s as %s', (raw, expected) => {
      expect(loadConfig({ GRAPHQL_INTROSPECTION: raw }).gateway.graphql.introspection).toBe(
        expected,
      );
    });
  });

  it.each(['0.0.0.0', '::', '::1', 'localhost', 'gateway.internal'])('accepts HOST=%s', (value) => {
    expect(loadConfig({ HOST: value }).listen.host).toBe(value);
  });

  it('exposes error stacks only with NODE_ENV=development', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).gateway.graphql.exposeErrorStack).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).gateway.graphql.exposeErrorStack).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).gateway.graphql.exposeErrorStack).toBe(true);
  });

  describe('each variable rejects bad values', () => {
    it.each([
      ['PORT', 'abc', 'PORT: "abc" is not an integer from 0 to 65535'],
      ['PORT', '65536', 'PORT: "65536" is not an integer from 0 to 65535'],
      ['PORT', '-1', 'PORT: "-1" is not an integer from 0 to 65535'],
      ['PORT', '80.5', 'PORT: "80.5" is not an integer from 0 to 65535'],
      ['PORT', '1e3', 'PORT: "1e3" is not an integer from 0 to 65535'],
      ['HOST', 'http://localhost', 'HOST: "http://localhost" is not a host name or IP address'],
      ['HOST', '[::1]', 'HOST: "[::1]" is not a host name or IP address'],
      ['HOST', 'local host', 'HOST: "local host" is not a host name or IP address'],
      ['KSEF_ENV', 'nope', 'KSEF_ENV: "nope" is not one of sandbox, test, demo, prod'],
      ['KSEF_ENV', 'production', 'KSEF_ENV: "production" is not one of sandbox, test, demo, prod'],
      ['SIMULATOR_PORT', '70000', 'SIMULATOR_PORT: "70000" is not an integer from 0 to 65535'],
      [
        'LOG_LEVEL',
        'verbose',
        'LOG_LEVEL: "verbose" is not one of fatal, error, warn, info, debug, trace, silent',
      ],
      ['KSEF_TIMEOUT_MS', '0', 'KSEF_TIMEOUT_MS: "0" is not an integer from 1 to 600000'],
      ['KSEF_TIMEOUT_MS', '10s', 'KSEF_TIMEOUT_MS: "10s" is not an integer from 1 to 600000'],
      [
        'KSEF_STATUS_CONCURRENCY',
        '0',
        'KSEF_STATUS_CONCURRENCY: "0" is not an integer from 1 to 64',
      ],
      [
        'KSEF_STATUS_CONCURRENCY',
        '100',
        'KSEF_STATUS_CONCURRENCY: "100" is not an integer from 1 to 64',
      ],
      [
        'GRAPHQL_INTROSPECTION',
        'maybe',
        'GRAPHQL_INTROSPECTION: "maybe" is not a boolean (true/false, 1/0, yes/no, on/off)',
      ],
      [
        'SHUTDOWN_TIMEOUT_MS',
        'soon',
        'SHUTDOWN_TIMEOUT_MS: "soon" is not an integer from 0 to 600000',
      ],
      [
        'MAX_QUERY_TOKENS',
        '100000',
        'MAX_QUERY_TOKENS: "100000" is not an integer from 100 to 15000',
      ],
      ['MAX_QUERY_BYTES', '10', 'MAX_QUERY_BYTES: "10" is not an integer from 1024 to 1048576'],
    ])('%s=%s', (name, value, problem) => {
      expect(problemsOf({ [name]: value })).toEqual([problem]);
    });

    it.each([
      ['not a url', 'is not a URL'],
      ['ftp://example.com/v2', 'use http or https'],
      ['https://api-test.ksef.mf.gov.pl', 'must end in /v2'],
      ['https://api-test.ksef.mf.gov.pl/api/v2/sessions', 'must end in /v2'],
      ['https://api-test.ksef.mf.gov.pl/v2?x=1', 'must not have a query or fragment'],
    ])('KSEF_API_URL=%s', (value, reason) => {
      const [problem, ...rest] = problemsOf({ KSEF_API_URL: value });
      expect(rest).toEqual([]);
      expect(problem).toMatch(/^KSEF_API_URL: /);
      expect(problem).toContain(reason);
    });

    it('does not echo credentials written into KSEF_API_URL', () => {
      const [problem] = problemsOf({ KSEF_API_URL: 'https://user:s3cret@example.com/v2' });
      expect(problem).toContain('must not contain credentials');
      expect(problem).not.toContain('s3cret');
    });

    it('shortens a very long value in the message', () => {
      const [problem] = problemsOf({ PORT: 'x'.repeat(500) });
      expect(problem!.length).toBeLessThan(120);
    });
  });

  it('reports several problems together, one line each', () => {
    let thrown: unknown;
    try {
      loadConfig({ PORT: 'abc', KSEF_ENV: 'nope', LOG_LEVEL: 'loud', KSEF_API_URL: 'http://x/v1' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.problems).toHaveLength(4);
    expect(error.message.split('\n')).toEqual([
      'Invalid configuration (4 problems):',
      '  - PORT: "abc" is not an integer from 0 to 65535',
      '  - KSEF_ENV: "nope" is not one of sandbox, test, demo, prod',
      expect.stringMatching(/^ {2}- KSEF_API_URL: "http:\/\/x\/v1" must end in \/v2/),
      '  - LOG_LEVEL: "loud" is not one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('is pure: it never reads process.env', () => {
    const saved = process.env.PORT;
    process.env.PORT = 'abc';
    try {
      expect(loadConfig({}).listen.port).toBe(4000);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });
});

describe('SANDBOX_TOKEN', () => {
  it('is a fixed, obviously fake token', () => {
    expect(SANDBOX_TOKEN).toBe('sandbox-token');
  });
});
