// The /graphql body policy over real HTTP, with a small schema that has a `sendInvoice` mutation
// (the gateway's own is built elsewhere): MAX_BODY_BYTES for every request, a larger allowance
// only for a single sendInvoice mutation sent as JSON with a bearer token, refusals without
// reading the rest of the body, a bounded number of large bodies at once, and query text over
// MAX_QUERY_BYTES refused before Apollo parses anything.
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
} from 'graphql';
import { startApolloServer } from '../../../src/graphql/apollo-server';
import { DEFAULT_OPERATION_LIMITS } from '../../../src/graphql/limits/limits.plugin';
import { createGraphqlHandler } from '../../../src/http/graphql-handler';
import { withRequestId } from '../../../src/http/request-id';

const LIMIT = 4 * 1024;
const ALLOWANCE = LIMIT + 6 * 8 * 1024;
const MAX_QUERY_BYTES = 2 * 1024;
const TOKEN = 'Bearer test-token';

const SEND = 'mutation Send($input: SendInvoiceInput!) { sendInvoice(input: $input) }';
const OTHER = 'mutation Other($text: String!) { other(text: $text) }';

/** Resolver calls, and a gate that holds sendInvoice until opened. */
const calls = { sendInvoice: 0, other: 0 };
let gate: Promise<void> = Promise.resolve();

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: { ping: { type: GraphQLString, resolve: () => 'pong' } },
  }),
  mutation: new GraphQLObjectType({
    name: 'Mutation',
    fields: {
      sendInvoice: {
        type: new GraphQLNonNull(GraphQLInt),
        args: {
          input: {
            type: new GraphQLNonNull(
              new GraphQLInputObjectType({
                name: 'SendInvoiceInput',
                fields: { invoiceXml: { type: new GraphQLNonNull(GraphQLString) } },
              }),
            ),
          },
        },
        resolve: async (_root, args: { input: { invoiceXml: string } }) => {
          calls.sendInvoice += 1;
          await gate;
          return args.input.invoiceXml.length;
        },
      },
      other: {
        type: new GraphQLNonNull(GraphQLInt),
        args: { text: { type: new GraphQLNonNull(GraphQLString) } },
        resolve: (_root, args: { text: string }) => {
          calls.other += 1;
          return args.text.length;
        },
      },
    },
  }),
});

let apollo: ApolloServer<BaseContext>;
let server: Server;
let url: string;
let parses = 0;
const refusals: Record<string, unknown>[] = [];

const countParses: ApolloServerPlugin<BaseContext> = {
  requestDidStart: () =>
    Promise.resolve({
      parsingDidStart: () => {
        parses += 1;
        return Promise.resolve();
      },
    }),
};

const silent = { debug() {}, info() {}, warn() {}, error() {} };

beforeAll(async () => {
  apollo = await startApolloServer<BaseContext>(
    schema,
    {
      introspection: false,
      exposeErrorStack: false,
      subscriptionCallbackOrigins: [],
      limits: DEFAULT_OPERATION_LIMITS,
      maxQueryTokens: 2_000,
    },
    { logger: silent, plugins: [countParses] },
  );
  const handler = createGraphqlHandler<BaseContext>({
    server: apollo,
    context: () => Promise.resolve({}),
    maxBodyBytes: LIMIT,
    maxQueryBytes: MAX_QUERY_BYTES,
    bodyAllowances: { sendInvoice: ALLOWANCE },
    maxConcurrentLargeBodies: 1,
    logger: { warn: (fields) => refusals.push(fields) },
  });
  server = createServer(withRequestId((request, response) => void handler(request, response)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await apollo.stop();
});

beforeEach(() => {
  calls.sendInvoice = 0;
  calls.other = 0;
  parses = 0;
  refusals.length = 0;
  gate = Promise.resolve();
});

interface Answer {
  status: number;
  body: {
    data?: Record<string, unknown>;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  /** Bytes of the request body written when the answer's head arrived. */
  writtenWhenAnswered: number;
}

/**
 * POSTs `body` in 1 KiB chunks, each written only after the previous one was flushed, and stops
 * writing as soon as the answer arrives (a server that refuses early never gets the rest).
 * `chunked`: no Content-Length, so only what arrives can tell the server the body's size.
 */
function post(
  body: string,
  headers: Record<string, string> = {},
  { chunked = false } = {},
): Promise<Answer> {
  const bytes = Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const request = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(!chunked && { 'content-length': String(bytes.length) }),
        ...headers,
      },
    });
    request.on('response', (response: IncomingMessage) => {
      answered = true;
      const writtenWhenAnswered = written;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({
          status: response.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer['body'],
          writtenWhenAnswered,
        });
        request.destroy();
      });
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const writeNext = (): void => {
      if (answered) return;
      if (written >= bytes.length) {
        request.end();
        return;
      }
      const chunk = bytes.subarray(written, written + 1024);
      written += chunk.length;
      request.write(chunk, () => setImmediate(writeNext));
    };
    writeNext();
  });
}

const invoice = (bytes: number) => '<Faktura>' + 'x'.repeat(bytes - 21) + '</Faktura>';
const sendBody = (xml: string) =>
  JSON.stringify({ query: SEND, variables: { input: { invoiceXml: xml } } });

describe('the /graphql body policy', () => {
  it('takes a sendInvoice mutation larger than the usual limit, up to its allowance', async () => {
    const xml = invoice(ALLOWANCE - 1_000);
    const answer = await post(sendBody(xml), { authorization: TOKEN });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ sendInvoice: xml.length });
  });

  it('takes it with the query after the variables, as Apollo Client orders the body', async () => {
    const xml = invoice(3 * LIMIT);
    const body = JSON.stringify({ variables: { input: { invoiceXml: xml } }, query: SEND });
    const answer = await post(body, { authorization: TOKEN });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ sendInvoice: xml.length });
  });

  it('refuses another operation past the usual limit with 413 before reading the rest', async () => {
    const body = JSON.stringify({ query: OTHER, variables: { text: 'x'.repeat(1024 * 1024) } });
    const answer = await post(body, { authorization: TOKEN }, { chunked: true });
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(answer.body.errors?.[0]?.message).toMatch(/sendInvoice/);
    expect(answer.writtenWhenAnswered).toBeLessThan(body.length / 4);
    expect(calls.other).toBe(0);
    expect(parses).toBe(0);
    expect(refusals).toEqual([
      expect.objectContaining({
        status: 413,
        reason: 'body too large',
        requestId: expect.any(String),
      }),
    ]);
  });

  it('refuses another operation whose query comes last once the body is complete', async () => {
    const body = JSON.stringify({ variables: { text: 'x'.repeat(3 * LIMIT) }, query: OTHER });
    const answer = await post(body, { authorization: TOKEN });
    expect(answer.status).toBe(413);
    expect(calls.other).toBe(0);
    expect(parses).toBe(0);
  });

  it('gives no allowance without a bearer token, to a second operation, or past the allowance', async () => {
    const large = sendBody(invoice(1024 * 1024));
    const withSecond = JSON.stringify({
      query: `${SEND} query Q { ping }`,
      operationName: 'Send',
      variables: { input: { invoiceXml: invoice(2 * LIMIT) } },
    });
    const tooLarge = sendBody(invoice(ALLOWANCE + 1_000));
    const answers = [
      await post(large, {}, { chunked: true }),
      await post(withSecond, { authorization: TOKEN }),
      await post(tooLarge, { authorization: TOKEN }),
    ];
    expect(answers.map((a) => a.status)).toEqual([413, 413, 413]);
    expect(answers[0]!.writtenWhenAnswered).toBeLessThan(large.length / 4);
    expect(calls.sendInvoice).toBe(0);
    // The declared Content-Length over the allowance is refused before a byte is read.
    expect(answers[2]!.writtenWhenAnswered).toBeLessThan(tooLarge.length / 2);
  });

  it('keeps small requests to the usual path whatever their operation', async () => {
    const small = await post(JSON.stringify({ query: OTHER, variables: { text: 'abc' } }));
    expect(small.body.data).toEqual({ other: 3 });
  });

  it('reads one large body at a time: the next waits until the first is answered', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const first = post(sendBody(invoice(2 * LIMIT)), { authorization: TOKEN });
    while (calls.sendInvoice === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    let secondAnswered = false;
    const second = post(sendBody(invoice(2 * LIMIT)), { authorization: TOKEN }).then((a) => {
      secondAnswered = true;
      return a;
    });
    // The second body is sent meanwhile; its reading is held at the usual limit.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls.sendInvoice).toBe(1);
    expect(secondAnswered).toBe(false);
    open();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(calls.sendInvoice).toBe(2);
  });

  it('refuses query text over MAX_QUERY_BYTES before Apollo parses it', async () => {
    const query = `{ ping }${' '.repeat(MAX_QUERY_BYTES)}`;
    const answer = await post(JSON.stringify({ query }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(answer.body.errors?.[0]?.message).toMatch(/Query text exceeds 2048 bytes/);
    const viaGet = await fetch(`${url}?query=${encodeURIComponent(query.slice(0, 3_000))}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(viaGet.status).toBe(400);
    expect(parses).toBe(0);
    expect(refusals.map((r) => r['reason'])).toEqual(['query too long', 'query too long']);
  });
});
