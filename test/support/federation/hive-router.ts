// A second real router: Hive Gateway (its runtime, what `hive-gateway supergraph` serves) over a
// static supergraph, with subscriptions to this subgraph through the HTTP callback protocol
// (@graphql-mesh/transport-http-callback). The router asks the subgraph to POST each event to
// `<its public URL>/callback/<subscription id>`; `webhooks: true` makes it accept those POSTs and
// hand them to the waiting client over its own transport (here server-sent events).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, MemPubSub } from '@graphql-hive/gateway';
import type { GatewayRuntime } from '@graphql-hive/gateway';

export interface HiveRouter {
  /** Where clients send GraphQL: `<origin>/graphql`. */
  url: string;
  /** The router's origin, which the subgraph must allow as a callback target. */
  origin: string;
  /** Starts routing over the supergraph; until then the router answers 503. */
  serve(supergraphSdl: string, subgraphName: string): void;
  stop(): Promise<void>;
}

/**
 * Takes a free loopback port for Hive Gateway. The port comes first because the subgraph must
 * know the router's origin (its one allowed callback target) before the supergraph, which names
 * the subgraph's URL, can be composed.
 */
export async function listenHiveRouter(): Promise<HiveRouter> {
  let runtime: GatewayRuntime | undefined;
  const server = createServer((request, response) => {
    if (runtime) void runtime(request, response);
    else response.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const serve = (supergraphSdl: string, subgraphName: string): void => {
    runtime = createGatewayRuntime({
      supergraph: supergraphSdl,
      graphqlEndpoint: '/graphql',
      logging: false,
      pubsub: new MemPubSub(),
      webhooks: true,
      transportEntries: {
        [subgraphName]: {
          options: {
            subscriptions: {
              kind: 'http-callback',
              options: {
                public_url: `${origin}/callback`,
                path: '/callback',
                heartbeat_interval: 5_000,
              },
            },
          },
        },
      },
      // The KSeF token and the request id, as a company router forwards them to this subgraph.
      propagateHeaders: {
        fromClientToSubgraphs: ({ request }) => ({
          authorization: request.headers.get('authorization') ?? undefined,
          'x-request-id': request.headers.get('x-request-id') ?? undefined,
        }),
      },
    });
  };
  return {
    url: `${origin}/graphql`,
    origin,
    serve,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await runtime?.dispose();
    },
  };
}
