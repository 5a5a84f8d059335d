// Documents meant to exhaust the gateway, sent over real HTTP without a token: comment-padded
// and distinct so that each would stay in Apollo's document cache, a 920 KB query repeating one
// root field, a 10 000-fragment chain, documents just under the text limit but over the token
// budget, and a subscription. Memory is measured in this process's own heap; "before parsing"
// is counted with spies on graphql-js's parser, validator and lexer, never by the clock.
import * as lexerModule from 'graphql/language/lexer';
import * as parserModule from 'graphql/language/parser';
import * as validateModule from 'graphql/validation/validate';
import {
  DEFAULT_MAX_QUERY_TOKENS,
  MAX_QUERY_TOKENS_CEILING,
} from '../../../../src/graphql/apollo-server';
import { SUBSCRIPTION_OVER_HTTP_MESSAGE } from '../../../../src/graphql/limits/subscriptions-over-http.plugin';
import { DEFAULT_MAX_QUERY_BYTES } from '../../../../src/http/graphql-handler';
import { createLogger } from '../../../../src/logging/logger';
import { captureLog } from '../../../support/captured-log';
import { settledHeapBytes } from '../../../support/heap';
import { startStack } from '../../../support/stack';
import type { Json, Stack } from '../../../support/stack';

const MiB = 1024 * 1024;

async function post(
  url: string,
  query: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

/** `{ __typename }` (distinct per i) padded with comment lines to `bytes` of query text. */
function commentPadded(i: number, bytes: number): string {
  const head = `query Q${i} { __typename }\n`;
  return head + '#\n'.repeat(Math.floor((bytes - head.length) / 2));
}

/** query { ...F0 } fragment F0 on Query { ...F1 } … fragment F(n-1) on Query { __typename } */
function fragmentChain(length: number): string {
  const fragments = Array.from(
    { length },
    (_, i) => `fragment F${i} on Query { ${i + 1 < length ? `...F${i + 1}` : '__typename'} }`,
  );
  return `query Chain { ...F0 }\n${fragments.join('\n')}`;
}

describe('giant and hostile documents', () => {
  let stack: Stack;
  const log = captureLog();

  beforeAll(async () => {
    stack = await startStack({
      observability: { logger: createLogger({ level: 'info', destination: log.stream }) },
      // A small cache, so that the bound below is far from what the old store held.
      configure: (options) => {
        options.graphql.documentCacheBytes = 4 * MiB;
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  // Before: each of these held ~1.4 MB (its text and 15 000 comment tokens) and all stayed,
  // ~200 MB for 150. Now the cache holds at most its 4 MiB budget.
  it('keeps the heap within the cache budget after 150 distinct comment-padded documents', async () => {
    const before = settledHeapBytes();
    for (let i = 0; i < 150; i += 1) {
      const answer = await post(stack.url, commentPadded(i, DEFAULT_MAX_QUERY_BYTES - 100));
      expect(answer.body).toEqual({ data: { __typename: 'Query' } });
    }
    const growth = settledHeapBytes() - before;
    expect(growth).toBeLessThan(4 * MiB + 16 * MiB);
    expect(stack.simulator.requestLog.count()).toBe(0);
  });

  it('parses and validates a repeated operation once', async () => {
    const parse = jest.spyOn(parserModule, 'parse');
    const validate = jest.spyOn(validateModule, 'validate');
    for (let i = 0; i < 3; i += 1) {
      expect((await post(stack.url, 'query Repeated { __typename }')).status).toBe(200);
    }
    expect(parse).toHaveBeenCalledTimes(1);
    expect(validate).toHaveBeenCalledTimes(1);
  });

  it('keeps answering { __typename } during a flood of giant documents, refused before parse and validate', async () => {
    const parse = jest.spyOn(parserModule, 'parse');
    const validate = jest.spyOn(validateModule, 'validate');
    const lexed = jest.spyOn(lexerModule.Lexer.prototype, 'advance');

    const repeatedRootField = `{ ${'session(referenceNumber: $reference) { phase } '.repeat(20_000)}}`;
    const commentFlood = `{ __typename }\n${'#\n'.repeat(330_000)}`;
    const chain = fragmentChain(10_000);
    // Under the text limit, over the token budget: the parser stops at the budget.
    const manyTokens = `{${' __typename'.repeat(Math.floor((DEFAULT_MAX_QUERY_BYTES - 10) / 11))} }`;
    expect(repeatedRootField.length).toBeGreaterThan(900_000);
    expect(manyTokens.length).toBeLessThan(DEFAULT_MAX_QUERY_BYTES);

    const giants = [repeatedRootField, commentFlood, chain, manyTokens];
    const legitimate = Array.from({ length: 30 }, (_, i) => `query Legit${i} { __typename }`);
    const flood = Array.from({ length: 3 }, () => giants.map((q) => post(stack.url, q))).flat();
    const answers = await Promise.all(legitimate.map((q) => post(stack.url, q)));
    const refused = await Promise.all(flood);

    for (const answer of answers) expect(answer.body).toEqual({ data: { __typename: 'Query' } });
    for (const [i, answer] of refused.entries()) {
      expect(answer.status).toBe(400);
      const error = (answer.body as { errors: { message: string; extensions: Json }[] }).errors[0]!;
      if (giants[i % giants.length] === manyTokens) {
        expect(error.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
        expect(error.message).toMatch(`${DEFAULT_MAX_QUERY_TOKENS} tokens`);
      } else {
        expect(error.extensions.code).toBe('BAD_REQUEST');
        expect(error.message).toMatch(/Query text exceeds/);
      }
    }
    // The legitimate ones and the three token-budget ones reached the parser, the legitimate
    // ones alone the validator; the parser lexed no more than its budget of any document.
    expect(parse).toHaveBeenCalledTimes(legitimate.length + 3);
    expect(validate).toHaveBeenCalledTimes(legitimate.length);
    expect(lexed.mock.calls.length).toBeLessThanOrEqual(
      legitimate.length * 10 + 3 * (DEFAULT_MAX_QUERY_TOKENS + 1),
    );
  });

  it('answers the 10 000-fragment chain with 400, its log line carrying the request id', async () => {
    const answer = await post(stack.url, fragmentChain(10_000), { 'x-request-id': 'chain-10000' });
    expect(answer.status).toBe(400);
    const lines = log.lines().filter((line) => line['requestId'] === 'chain-10000');
    expect(lines).toEqual([expect.objectContaining({ level: 40, status: 400 })]);
  });

  it('refuses a chain at the highest token budget in the parser, and validates the longest chain that budget admits', async () => {
    const lenient = await startStack({
      env: { MAX_QUERY_BYTES: String(MiB), MAX_QUERY_TOKENS: String(MAX_QUERY_TOKENS_CEILING) },
      observability: { logger: createLogger({ level: 'info', destination: log.stream }) },
    });
    try {
      const refused = await post(lenient.url, fragmentChain(10_000), { 'x-request-id': 'chain-2' });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      const lines = log.lines().filter((line) => line['requestId'] === 'chain-2');
      expect(lines).toEqual([expect.objectContaining({ errorCodes: ['GRAPHQL_PARSE_FAILED'] })]);

      // 8 tokens a fragment: the longest chain within the ceiling validates, no stack overflow.
      const longest = fragmentChain(Math.floor((MAX_QUERY_TOKENS_CEILING - 10) / 8));
      const admitted = await post(lenient.url, longest);
      expect(admitted.body).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await lenient.stop();
    }
  });

  it('answers a subscription over plain HTTP with 400 and where to go, and logs no error', async () => {
    const answer = await post(
      stack.url,
      'subscription Live { sessionUpdated(referenceNumber: "20250101-SO-0000000000-0000000000-00") { phase } }',
      { 'x-request-id': 'subscription-1' },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        message: SUBSCRIPTION_OVER_HTTP_MESSAGE,
        extensions: { code: 'BAD_REQUEST' },
      }),
    ]);
    const lines = log.lines().filter((line) => line['requestId'] === 'subscription-1');
    expect(lines.map((line) => line['level'])).toEqual([40]);
  });
});
