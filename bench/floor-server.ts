// The floor: the least a Node service can do to answer a request through KSeF — node:http in
// front, one keep-alive agent behind (32 sockets, like the gateway's), one upstream GET per
// request, the upstream body passed back as it came. No parsing, no validation, no GraphQL. What
// a request costs here is the cost of one proxied call on this machine, which a gateway can
// approach but not beat. Started as a child process (processes.ts) so it has its own event loop.
//
// BENCH_FLOOR_CLIENT picks the upstream client, on the same agent, for the rungs that show what
// axios itself costs: `node` (node:http, the floor), `axios` (axios' request pipeline with the
// gateway's own adapter, src/ksef/http-adapter.ts), `axios-stock` (axios with its default http
// adapter).
//
//   GET  <any path under /v2>  → GET <upstream origin><same path and query>, Authorization forwarded
//   POST /fanout {"paths": [...], "concurrency": 4}
//        → GETs every path, at most `concurrency` at a time (like the gateway's status loader),
//          and answers a JSON array of the upstream bodies: the REST equivalent of `_entities`.
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { createNodeHttpAdapter, KsefWireCall } from '../src/ksef/http-adapter';

export const FLOOR_UPSTREAM_ENV = 'BENCH_FLOOR_UPSTREAM';
export const FLOOR_CLIENT_ENV = 'BENCH_FLOOR_CLIENT';
export type FloorClient = 'node' | 'axios' | 'axios-stock';
/** The line the harness waits for. */
export const FLOOR_READY_PATTERN = /floor listening at (http:\/\/\S+)/;

interface Upstream {
  status: number;
  body: Buffer;
}

function main(): void {
  const upstream = new URL(process.env[FLOOR_UPSTREAM_ENV] ?? '');
  // As many sockets as the gateway's agent (src/ksef/http.ts); idle ones are kept (Node's default
  // maxFreeSockets), so under load every request reuses a warm connection.
  const agent = new Agent({ keepAlive: true, maxSockets: 32, scheduling: 'lifo' });

  const client = (process.env[FLOOR_CLIENT_ENV] ?? 'node') as FloorClient;

  const nodeGet = (path: string, authorization: string | undefined): Promise<Upstream> =>
    new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          agent,
          host: upstream.hostname,
          port: upstream.port,
          path,
          method: 'GET',
          headers: {
            accept: 'application/json',
            ...(authorization !== undefined && { authorization }),
          },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () =>
            resolve({ status: incoming.statusCode ?? 502, body: Buffer.concat(chunks) }),
          );
          incoming.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });

  // The same GET through axios: only the request pipeline differs, the agent is the same.
  const instance = axios.create({
    ...(client === 'axios' && {
      adapter: createNodeHttpAdapter({ httpAgent: agent, httpsAgent: new HttpsAgent() }),
    }),
    httpAgent: agent,
    validateStatus: () => true,
    responseType: 'arraybuffer',
    transformResponse: [],
    maxRedirects: 0,
    proxy: false,
  });
  const origin = upstream.origin;
  const axiosGet = async (path: string, authorization: string | undefined): Promise<Upstream> => {
    const response = await instance.request<Buffer>({
      method: 'GET',
      url: origin + path,
      headers: {
        accept: 'application/json',
        ...(authorization !== undefined && { authorization }),
      },
      ...(client === 'axios' && {
        ksef: new KsefWireCall(10_000, 64 * 1024 * 1024, undefined, undefined),
      }),
    });
    return { status: response.status, body: Buffer.from(response.data) };
  };

  const get = client === 'node' ? nodeGet : axiosGet;

  const readBody = (request: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks)));
      request.on('error', reject);
    });

  const answer = (response: ServerResponse, status: number, body: Buffer | string): void => {
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  };

  const fanout = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const { paths, concurrency } = JSON.parse((await readBody(request)).toString('utf8')) as {
      paths: string[];
      concurrency?: number;
    };
    const bodies: string[] = new Array<string>(paths.length);
    let next = 0;
    let status = 200;
    const worker = async (): Promise<void> => {
      while (next < paths.length) {
        const index = next++;
        const result = await get(paths[index]!, request.headers.authorization);
        if (result.status !== 200) status = 502;
        bodies[index] = result.body.toString('utf8');
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency ?? 4) }, worker));
    answer(response, status, `[${bodies.join(',')}]`);
  };

  const server = createServer((request, response) => {
    const work =
      request.method === 'POST' && request.url === '/fanout'
        ? fanout(request, response)
        : get(request.url ?? '/', request.headers.authorization).then((result) =>
            answer(response, result.status, result.body),
          );
    work.catch(() => {
      if (!response.headersSent) answer(response, 502, '{"error":"upstream failed"}');
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;

  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`floor listening at http://127.0.0.1:${port}\n`);
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    agent.destroy();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) main();
