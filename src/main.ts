// The process entry (`npm start`): the only gateway file that reads process.env or exits.
// It loads the configuration, starts the embedded KSeF simulator in sandbox mode, builds and
// starts the gateway, and shuts everything down in order on SIGTERM/SIGINT.
import 'reflect-metadata'; // type-graphql reads decorator metadata through this polyfill
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config/config';
import type { GatewayConfig } from './config/config';
import { SANDBOX_KSEF_TOKEN_NIP, SANDBOX_TOKEN } from './config/sandbox';
import { createGateway, startGateway } from './gateway';
import type { SealingSecret } from './ksef/session-key-vault';
import { createLogger } from './logging/logger';
import type { Logger } from './logging/logger';
import { createMetrics } from './observability/metrics';
import { startTracing } from './observability/tracing';
import type { Tracing } from './observability/tracing';
import { describeSchemaValidation, startSimulator } from './simulator/simulator';
import type { SimulatorHandle } from './simulator/simulator';

interface Upstream {
  ksefApiUrl: string;
  simulator: SimulatorHandle | undefined;
}

/** A plain line on stdout for the person at the terminal, whatever LOG_LEVEL says. */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function loadConfigOrExit(): GatewayConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`KSeF GraphQL gateway: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function resolveUpstream(config: GatewayConfig, logger: Logger): Promise<Upstream> {
  if (config.upstream.mode === 'remote') {
    const { ksefApiUrl, source } = config.upstream;
    logger.info(
      { ksefEnv: config.ksefEnv, ksefApiUrl, upstream: source },
      `Using the KSeF API at ${ksefApiUrl}`,
    );
    return { ksefApiUrl, simulator: undefined };
  }
  // Loopback and a free port: the simulator is private to this process, never a public service.
  const simulator = await startSimulator({
    port: 0,
    host: '127.0.0.1',
    seed: { token: SANDBOX_TOKEN, nip: SANDBOX_KSEF_TOKEN_NIP },
    invoiceSchemasDir: config.invoiceSchemasDir,
    // Such an error ends only its own session (status 500); the operator should still hear of it.
    onBackgroundError: (error) =>
      logger.error({ err: error }, 'Sandbox simulator: a background step failed'),
  });
  logger.info(
    { mode: 'sandbox', simulatorUrl: simulator.url },
    `Sandbox mode: no KSeF upstream configured, using the embedded KSeF simulator at ${simulator.url}`,
  );
  logger.info(
    { schemaValidation: simulator.schemaValidation },
    `Sandbox mode: ${describeSchemaValidation(simulator.schemaValidation)}`,
  );
  return { ksefApiUrl: simulator.url, simulator };
}

/**
 * GATEWAY_KEY_SECRETS, or in sandbox mode without it one random secret for this process: handles
 * then stop opening at a restart, which is fine for a sandbox and said once. Elsewhere no secret
 * means no handles (callers keep their own key), since replicas could not open each other's.
 */
function sessionKeySecrets(
  config: GatewayConfig,
  upstream: Upstream,
  logger: Logger,
): { secrets: SealingSecret[] } {
  if (config.gateway.sessionKeys.secrets.length > 0 || upstream.simulator === undefined) {
    if (config.gateway.sessionKeys.secrets.length === 0) {
      logger.info(
        'GATEWAY_KEY_SECRETS is unset: openOnlineSession offers no sessionKey handle; send invoices with your own key',
      );
    }
    return config.gateway.sessionKeys;
  }
  logger.warn(
    'Sandbox mode: GATEWAY_KEY_SECRETS is unset, sessionKey handles are sealed with a random secret of this process and stop opening when it restarts',
  );
  return { secrets: [{ kid: 'sandbox', key: randomBytes(32) }] };
}

/**
 * Stops accepting connections and waits (at most `boundMs`) for requests in flight to finish.
 * Idle keep-alive sockets are closed as they become idle, so they cannot hold the drain open.
 */
function drain(httpServer: Server, boundMs: number): Promise<'drained' | 'timed-out'> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => httpServer.closeIdleConnections(), 100);
    const timer = setTimeout(() => finish('timed-out'), boundMs);
    function finish(outcome: 'drained' | 'timed-out'): void {
      clearInterval(sweep);
      clearTimeout(timer);
      resolve(outcome);
    }
    httpServer.close(() => finish('drained'));
    httpServer.closeIdleConnections();
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, name: 'ksef-graphql-gateway' });
  // Process metrics (CPU, memory, event loop, GC) next to the gateway's own on GET /metrics.
  const metrics = createMetrics();
  const tracing: Tracing | undefined = config.tracing.enabled
    ? startTracing({ serviceName: config.tracing.serviceName, url: config.tracing.tracesUrl })
    : undefined;
  if (config.tracing.enabled) {
    logger.info(
      {
        serviceName: config.tracing.serviceName,
        tracesUrl: config.tracing.tracesUrl ?? 'http://localhost:4318/v1/traces',
      },
      'OpenTelemetry tracing on: a span per GraphQL operation and per KSeF call, exported over OTLP/HTTP',
    );
  }

  const upstream = await resolveUpstream(config, logger);
  let running: Awaited<ReturnType<typeof startGateway>>;
  try {
    const settings = config.gateway;
    const gateway = await createGateway(
      {
        ...settings,
        sessionKeys: sessionKeySecrets(config, upstream, logger),
        ksef: { ...settings.ksef, http: { ...settings.ksef.http, baseUrl: upstream.ksefApiUrl } },
        http: {
          ...settings.http,
          ...(upstream.simulator !== undefined && { sandboxToken: SANDBOX_TOKEN }),
          ...(upstream.simulator?.seededKsefToken !== undefined && {
            sandboxLogin: {
              ksefToken: upstream.simulator.seededKsefToken.token,
              nip: upstream.simulator.seededKsefToken.nip,
            },
          }),
        },
      },
      { logger, metrics, ...(tracing !== undefined && { tracer: tracing.tracer }) },
    );
    try {
      running = await startGateway(gateway, config.listen);
    } catch (error) {
      await gateway.stop();
      throw error;
    }
  } catch (error) {
    await upstream.simulator?.stop();
    throw error;
  }

  // Only now, with the port bound: a banner before a failed listen would send people to a
  // gateway that is not there.
  if (upstream.simulator !== undefined) {
    say(`Sandbox mode: embedded KSeF simulator at ${upstream.simulator.url}`);
    // The sandbox token is fake and public by design (README, playground), so printing it is safe.
    say(`Sandbox mode: send the header "Authorization: Bearer ${SANDBOX_TOKEN}"`);
    const login = upstream.simulator.seededKsefToken;
    if (login !== undefined) {
      // A token of this process's simulator only, worthless anywhere else: safe to print.
      say(
        `Sandbox mode: or log in with loginWithKsefToken: NIP ${login.nip}, KSeF token ${login.token}`,
      );
    }
  }
  logger.info({ url: running.url, mode: config.upstream.mode }, 'KSeF GraphQL gateway ready');
  say(`KSeF GraphQL gateway ready at ${running.url}`);

  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    logger.info({ signal }, 'Shutting down: no new connections, finishing requests in flight');
    // A last resort in case something below hangs: the process must end.
    setTimeout(() => {
      logger.error('Shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5_000).unref();

    const outcome = await drain(running.httpServer, config.shutdownTimeoutMs);
    if (outcome === 'timed-out') {
      logger.warn(
        { shutdownTimeoutMs: config.shutdownTimeoutMs },
        'Requests still in flight after the shutdown bound; closing their connections',
      );
    }
    await running.stop();
    await upstream.simulator?.stop();
    // Spans still buffered go out before the process ends (bounded by the exporter's timeout).
    await tracing?.shutdown().catch((error: unknown) => {
      logger.warn({ err: error }, 'Could not flush the last spans');
    });
    logger.info('Stopped');
    process.exit(0);
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      // A second Ctrl+C means "now".
      logger.warn({ signal }, 'Second signal during shutdown; exiting immediately');
      process.exit(1);
    }
    shuttingDown = true;
    shutdown(signal).catch((error: unknown) => {
      logger.error({ err: error }, 'Shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((error: unknown) => {
  // Config problems exit above; this is a failure to start (port in use, schema build …).
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`KSeF GraphQL gateway failed to start: ${message}\n`);
  process.exit(1);
});
