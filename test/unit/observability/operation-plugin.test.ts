import { Writable } from 'node:stream';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { createMetrics } from '../../../src/observability/metrics';
import {
  OPERATION_LOG_MESSAGE,
  createOperationPlugin,
} from '../../../src/observability/operation-plugin';
import type {
  OperationContext,
  OperationLogFields,
  OperationLogger,
} from '../../../src/observability/operation-plugin';

const typeDefs = /* GraphQL */ `
  type Query {
    hello(name: String): String!
    limited: String
  }
  type Mutation {
    close(key: String!): Boolean!
  }
`;

const resolvers = {
  Query: {
    hello: (_: unknown, args: { name?: string }) => `hello ${args.name ?? 'world'}`,
    limited: () => {
      throw new GraphQLError('slow down', { extensions: { code: 'RATE_LIMITED' } });
    },
  },
  Mutation: { close: () => true },
};

interface LogLine {
  level: 'info' | 'warn';
  fields: OperationLogFields;
  message: string;
}

function fakeLogger(): OperationLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (fields, message) => lines.push({ level: 'info', fields, message }),
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
  };
}

async function startServer(
  logger: OperationLogger,
  metrics = createMetrics({ defaultMetrics: false }),
) {
  const server = new ApolloServer<OperationContext>({
    typeDefs,
    resolvers,
    plugins: [createOperationPlugin({ logger, metrics })],
  });
  await server.start();
  return { server, metrics };
}

describe('operation plugin', () => {
  let server: ApolloServer<OperationContext> | undefined;

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('logs one line per successful query with request id, name, type, duration and outcome', async () => {
    const logger = fakeLogger();
    const started = await startServer(logger);
    server = started.server;

    await server.executeOperation(
      { query: 'query Greeting { hello }' },
      { contextValue: { requestId: 'req-1' } },
    );

    expect(logger.lines).toHaveLength(1);
    const [line] = logger.lines;
    expect(line?.level).toBe('info');
    expect(line?.message).toBe(OPERATION_LOG_MESSAGE);
    expect(line?.fields).toEqual({
      requestId: 'req-1',
      operationName: 'Greeting',
      operationType: 'query',
      durationMs: expect.any(Number),
      outcome: 'ok',
    });
    expect(line?.fields.durationMs).toBeGreaterThanOrEqual(0);
    expect(await started.metrics.render()).toContain(
      'graphql_operations_total{operation="Greeting",type="query",outcome="ok"} 1',
    );
  });

  it('logs a failed operation as a warning with its error codes and counts the errors', async () => {
    const logger = fakeLogger();
    const started = await startServer(logger);
    server = started.server;

    await server.executeOperation(
      { query: 'query Limited { a: limited b: limited hello }' },
      { contextValue: { requestId: 'req-2' } },
    );

    expect(logger.lines).toEqual([
      {
        level: 'warn',
        message: OPERATION_LOG_MESSAGE,
        fields: expect.objectContaining({
          requestId: 'req-2',
          operationName: 'Limited',
          outcome: 'error',
          errorCodes: ['RATE_LIMITED'],
        }),
      },
    ]);
    const text = await started.metrics.render();
    expect(text).toContain(
      'graphql_operations_total{operation="Limited",type="query",outcome="error"} 1',
    );
    expect(text).toContain('graphql_errors_total{code="RATE_LIMITED"} 2');
  });

  it('records mutations with their type', async () => {
    const logger = fakeLogger();
    const started = await startServer(logger);
    server = started.server;

    await server.executeOperation(
      { query: 'mutation CloseIt($key: String!) { close(key: $key) }', variables: { key: 'k' } },
      { contextValue: {} },
    );

    expect(logger.lines[0]?.fields).toMatchObject({ operationType: 'mutation', outcome: 'ok' });
    expect(logger.lines[0]?.fields.requestId).toBeUndefined();
    expect(await started.metrics.render()).toContain(
      'graphql_operations_total{operation="CloseIt",type="mutation",outcome="ok"} 1',
    );
  });

  it('reports a document that does not parse as an unknown operation with the parse error code', async () => {
    const logger = fakeLogger();
    const started = await startServer(logger);
    server = started.server;

    await server.executeOperation(
      { query: 'query Broken {', operationName: 'Broken' },
      { contextValue: { requestId: 'req-3' } },
    );

    expect(logger.lines[0]?.fields).toMatchObject({
      requestId: 'req-3',
      operationName: 'Broken',
      operationType: 'unknown',
      outcome: 'error',
      errorCodes: ['GRAPHQL_PARSE_FAILED'],
    });
  });

  it('does not repeat a client-chosen operation name that is not a GraphQL name', async () => {
    const logger = fakeLogger();
    const started = await startServer(logger);
    server = started.server;

    await server.executeOperation(
      { query: '{', operationName: 'x"; DROP TABLE' },
      { contextValue: {} },
    );

    expect(logger.lines[0]?.fields.operationName).toBeUndefined();
  });

  it('never writes variables or headers to the log, even through a real pino logger', async () => {
    const output: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        output.push(chunk.toString('utf8'));
        callback();
      },
    });
    const logger: OperationLogger = pino({ level: 'info' }, destination);
    const started = await startServer(logger);
    server = started.server;

    await server.executeOperation(
      {
        query: 'mutation CloseIt($key: String!) { close(key: $key) }',
        variables: { key: 'secret-session-key' },
        http: {
          method: 'POST',
          headers: new HeaderMap([['authorization', 'Bearer secret-token']]),
          search: '',
          body: undefined,
        },
      },
      { contextValue: { requestId: 'req-4' } },
    );

    expect(output).toHaveLength(1);
    const line = JSON.parse(output[0]!);
    expect(line).toMatchObject({
      level: 30,
      msg: OPERATION_LOG_MESSAGE,
      requestId: 'req-4',
      operationName: 'CloseIt',
      outcome: 'ok',
    });
    expect(output[0]).not.toContain('secret');
  });
});
