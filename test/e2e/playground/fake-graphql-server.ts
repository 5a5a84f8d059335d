// A stand-in for the gateway until it is wired: a node:http server on port 0 that serves the
// rendered playground to browsers and answers POST /graphql from API.md's fixed schema with one
// canned session. It records every request so the test can see what the page sent.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildSchema, graphql } from 'graphql';
import { wantsHtml } from '../../../src/http/playground';

export const FAKE_SESSION_REFERENCE = '20251122-SO-0123456789-ABCDEF0123-4F';

export interface ReceivedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
}

export interface FakeGraphqlServer {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

const schema = buildSchema(
  readFileSync(path.join(__dirname, '../../unit/http/fixtures/api-schema.graphql'), 'utf8'),
);

const session = {
  referenceNumber: FAKE_SESSION_REFERENCE,
  type: 'ONLINE',
  phase: 'OPEN',
  isTerminal: false,
  status: { code: 100, description: 'Sesja interaktywna otwarta', details: [] },
  dateCreated: '2025-11-22T10:15:00.000Z',
  validUntil: '2025-11-23T10:15:00.000Z',
  invoiceCount: 0,
  successfulInvoiceCount: 0,
  failedInvoiceCount: 0,
  upo: null,
};

const rootValue = {
  sessions: () => ({
    edges: [{ cursor: 'c1', node: session }],
    nodes: [session],
    pageInfo: { hasNextPage: false, endCursor: null },
  }),
  session: () => session,
};

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeGraphqlServer(page: string): Promise<FakeGraphqlServer> {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    void (async () => {
      const entry: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        operationName: undefined,
        variables: undefined,
      };
      received.push(entry);
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method === 'GET' && pathname === '/graphql' && wantsHtml(req.headers.accept)) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
        return;
      }
      if (req.method === 'POST' && pathname === '/graphql') {
        const body = JSON.parse(await readBody(req));
        entry.operationName = body.operationName ?? undefined;
        entry.variables = body.variables ?? undefined;
        const result = await graphql({
          schema,
          rootValue,
          source: body.query,
          variableValues: body.variables,
          operationName: body.operationName,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
        return;
      }
      res.writeHead(404).end();
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
