// Gateways for tests, configured the way users configure them: through the environment variables
// of README's configuration table (loadConfig), so a test never restates a default. Settings that
// have no variable are changed with `configure`.
import { loadConfig } from '../../src/config/config';
import { createGateway, startGateway } from '../../src/gateway';
import type {
  Gateway,
  GatewayObservability,
  GatewayOptions,
  GatewayParts,
  RunningGateway,
} from '../../src/gateway';
import { createLogger } from '../../src/logging/logger';
import { createMetrics } from '../../src/observability/metrics';

export interface TestGatewaySetup {
  /** Variables as in README, e.g. `{ KSEF_TIMEOUT_MS: '500', KSEF_RATE_LIMITS: 'off' }`. */
  env?: Readonly<Record<string, string>>;
  /** Changes settings that have no variable (retry backoff, the playground's sandbox token …). */
  configure?: (options: GatewayOptions) => void;
  /** Default: a silent logger and a registry without process collectors. */
  observability?: Partial<GatewayObservability>;
  parts?: GatewayParts;
}

export function gatewayOptionsFor(
  ksefApiUrl: string,
  setup: TestGatewaySetup = {},
): GatewayOptions {
  const { gateway } = loadConfig({ ...setup.env, KSEF_API_URL: ksefApiUrl });
  const options: GatewayOptions = {
    ...gateway,
    ksef: { ...gateway.ksef, http: { ...gateway.ksef.http, baseUrl: ksefApiUrl } },
    http: { ...gateway.http },
  };
  setup.configure?.(options);
  return options;
}

export function testObservability(
  overrides: Partial<GatewayObservability> = {},
): GatewayObservability {
  return {
    logger: createLogger({ level: 'silent' }),
    // Many gateways share one test process: no process-wide collectors.
    metrics: createMetrics({ defaultMetrics: false }),
    ...overrides,
  };
}

export function createTestGateway(
  ksefApiUrl: string,
  setup: TestGatewaySetup = {},
): Promise<Gateway> {
  return createGateway(
    gatewayOptionsFor(ksefApiUrl, setup),
    testObservability(setup.observability),
    setup.parts,
  );
}

export interface ListeningGateway extends RunningGateway, AsyncDisposable {
  /** The gateway's origin, e.g. `http://127.0.0.1:4321` (routes other than /graphql). */
  origin: string;
  observability: GatewayObservability;
}

/** A gateway listening on a free loopback port; `await using` or `stop()` closes it. */
export async function startTestGateway(
  ksefApiUrl: string,
  setup: TestGatewaySetup = {},
): Promise<ListeningGateway> {
  const observability = testObservability(setup.observability);
  const gateway = await createGateway(
    gatewayOptionsFor(ksefApiUrl, setup),
    observability,
    setup.parts,
  );
  const running = await startGateway(gateway, { port: 0, host: '127.0.0.1' });
  return {
    ...running,
    origin: running.url.replace(/\/graphql$/, ''),
    observability,
    [Symbol.asyncDispose]: () => running.stop(),
  };
}
