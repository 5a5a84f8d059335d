// A real federation router over a static supergraph: @apollo/gateway's ApolloGateway inside an
// Apollo Server on port 0. What matters for this subgraph is `willSendRequest`: the router must
// forward the caller's `Authorization` (the KSeF token: without it every KSeF-backed field fails
// with UNAUTHENTICATED) and `x-request-id` (so one id follows the request router → subgraph →
// KSeF) to the subgraphs. Apollo Router does the same with `headers: all: request: propagate`.
import type { IncomingHttpHeaders } from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/** The headers a router must pass from the incoming request to this subgraph. */
export const FORWARDED_HEADERS = ['authorization', 'x-request-id'] as const;

interface RouterContext {
  forwarded: Partial<Record<(typeof FORWARDED_HEADERS)[number], string>>;
}

function pick(headers: IncomingHttpHeaders): RouterContext['forwarded'] {
  const forwarded: RouterContext['forwarded'] = {};
  for (const name of FORWARDED_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') forwarded[name] = value;
  }
  return forwarded;
}

class ForwardingDataSource extends RemoteGraphQLDataSource<RouterContext> {
  override willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<RouterContext>['willSendRequest']>>[0]): void {
    // Health checks and schema loading have no incoming request, hence nothing to forward.
    for (const name of FORWARDED_HEADERS) {
      const value = context?.forwarded[name];
      if (value !== undefined) request.http?.headers.set(name, value);
    }
  }
}

export interface Router {
  url: string;
  stop(): Promise<void>;
}

export async function startRouter(supergraphSdl: string): Promise<Router> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    // Node's own fetch: no make-fetch-happen cache or agent outliving the test. (Its types
    // differ from @apollo/utils.fetcher's only in how a body may be given; the gateway sends a
    // string.)
    buildService: ({ url }) =>
      new ForwardingDataSource({
        url,
        fetcher: fetch as unknown as RemoteGraphQLDataSource['fetcher'],
      }),
  });
  const server = new ApolloServer<RouterContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: ({ req }) => Promise.resolve({ forwarded: pick(req.headers) }),
  });
  return { url, stop: () => server.stop() };
}
