// The formatter against a real ApolloServer (executeOperation: no sockets), so that the shapes
// Apollo really passes to formatError are covered, not only hand-built ones.
import { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { createErrorFormatter } from '../../../src/errors/format-error';
import { notFound } from '../../../src/errors/gateway-error';
import { KsefError } from '../../../src/ksef/ksef-error';

const typeDefs = `
  enum SessionType { ONLINE BATCH }
  type Query {
    sessions(type: SessionType!, first: Int = 10): [String!]!
    session(referenceNumber: ID!): String
    broken: String
  }
  type Mutation { closeSession(referenceNumber: ID!): String! }
`;

const resolvers = {
  Query: {
    sessions: (): never => {
      throw new KsefError({
        kind: 'rate-limited',
        message: 'Too many requests',
        status: 429,
        retryAfterSeconds: 7,
      });
    },
    session: (): never => {
      throw new KsefError({
        kind: 'unavailable',
        message: 'KSeF did not answer in time',
        transport: 'timeout',
      });
    },
    broken: (): never => {
      throw new Error('secret internal detail');
    },
  },
  Mutation: {
    closeSession: (): never => {
      throw notFound('No such session');
    },
  },
};

async function run(
  exposeStack: boolean,
  query: string,
  variables?: Record<string, unknown>,
): Promise<readonly GraphQLFormattedError[]> {
  const server = new ApolloServer({
    typeDefs,
    resolvers,
    formatError: createErrorFormatter({ exposeStack }),
    includeStacktraceInErrorResponses: true,
  });
  await server.start();
  try {
    const response = await server.executeOperation({ query, ...(variables && { variables }) });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult.errors ?? [];
  } finally {
    await server.stop();
  }
}

describe('createErrorFormatter inside ApolloServer', () => {
  it('maps a KsefError thrown by a resolver', async () => {
    const [error] = await run(false, '{ sessions(type: ONLINE) }');
    expect(error).toMatchObject({
      message: 'Too many requests',
      path: ['sessions'],
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 7, upstream: { status: 429 } },
    });
    expect(error?.extensions).not.toHaveProperty('stacktrace');
  });

  it('maps a transport failure to UPSTREAM_UNAVAILABLE', async () => {
    const [error] = await run(false, '{ session(referenceNumber: "x") }');
    expect(error?.extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      upstream: { transport: 'timeout' },
    });
  });

  it('passes a gateway NOT_FOUND through', async () => {
    const [error] = await run(false, 'mutation { closeSession(referenceNumber: "x") }');
    expect(error).toMatchObject({ message: 'No such session', extensions: { code: 'NOT_FOUND' } });
  });

  it('masks an unexpected error and exposes its stack only in development', async () => {
    const [masked] = await run(false, '{ broken }');
    expect(masked).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(masked)).not.toContain('secret internal detail');

    const [dev] = await run(true, '{ broken }');
    expect(dev?.message).toBe('Internal server error');
    expect(Array.isArray(dev?.extensions?.stacktrace)).toBe(true);
  });

  it('passes parse and validation errors through', async () => {
    const [parse] = await run(false, '{ sessions(');
    expect(parse?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(parse?.message).toMatch(/Syntax Error/);
    const [validation] = await run(false, '{ nope }');
    expect(validation).toMatchObject({
      message: 'Cannot query field "nope" on type "Query".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(validation?.extensions).not.toHaveProperty('stacktrace');
  });

  it('reports a variable that cannot be coerced as BAD_USER_INPUT', async () => {
    const [error] = await run(
      false,
      'query ($first: Int) { sessions(type: ONLINE, first: $first) }',
      { first: 'ten' },
    );
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toMatch(/^Variable "\$first" got invalid value "ten"/);
  });

  it('reports a missing required variable as BAD_USER_INPUT', async () => {
    const [error] = await run(false, 'query ($type: SessionType!) { sessions(type: $type) }');
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
