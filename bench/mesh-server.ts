// The peer: GraphQL Mesh over the official KSeF OpenAPI spec, served by the Hive Gateway runtime
// — what a team gets from generating a GraphQL layer instead of writing one. Composed at start-up
// from KSEF_OPENAPI_SPEC with the simulator as its endpoint, the caller's Authorization forwarded,
// and served over node:http like the gateway. Started as a child process (processes.ts).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { getComposedSchemaFromConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';
import { MESH_SPEC_ENV, MESH_UPSTREAM_ENV } from './mesh-env';

type LogFn = (...args: unknown[]) => void;
interface QuietLogger {
  log: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  debug: LogFn;
  child: () => QuietLogger;
}

function quietLogger(): QuietLogger {
  const error: LogFn = (...args) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  const none: LogFn = () => undefined;
  const logger: QuietLogger = {
    log: none,
    info: none,
    warn: none,
    debug: none,
    error,
    child: () => logger,
  };
  return logger;
}

async function main(): Promise<void> {
  const upstream = process.env[MESH_UPSTREAM_ENV] ?? '';
  const specPath = process.env[MESH_SPEC_ENV] ?? '';
  // Read once up front so that a missing spec fails here, with its path.
  readFileSync(specPath);
  const logger = quietLogger();
  const supergraph = await getComposedSchemaFromConfig(
    {
      subgraphs: [
        {
          sourceHandler: loadOpenAPISubgraph('KSeF', {
            source: specPath,
            endpoint: upstream,
            operationHeaders: { Authorization: '{context.headers.authorization}' },
          }),
        },
      ],
    },
    logger,
  );
  const gateway = createGatewayRuntime({ supergraph, logging: false, graphqlEndpoint: '/graphql' });
  // The runtime is a fetch-style handler that also takes (req, res); it answers on its own.
  const server = createServer((req, res) => void gateway(req, res));
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`mesh listening at http://127.0.0.1:${port}/graphql\n`);
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    void gateway.dispose();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`mesh failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
