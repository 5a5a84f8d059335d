// Subscriptions over WebSocket on /graphql (README "Live status"): graphql-ws 6 on ws 8, protocol
// graphql-transport-ws. The same rules as HTTP: the token (from `connectionParams`, as
// `Authorization: Bearer …`) makes the caller, the connection's request id goes to KSeF and the
// logs, documents are bounded by the same token budget and operation limits before any resolver,
// and every error leaves in API.md's codes through the one formatter.
//
// Bounded: connections per process (refused at the upgrade, 503) and per token (closed 4429 at
// connection_init), a message size cap, a connection_init deadline, and ws ping/pong heartbeats
// that close a connection whose peer stopped answering. `close()` completes everything: live
// subscribers first get LIVE_SHUTDOWN_MESSAGE (live/live-status.ts), then sockets close 1001.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, parse, specifiedRules, validate } from 'graphql';
import type { ExecutionArgs, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ErrorFormatter } from '../errors/format-error';
import { acceptRequestId, REQUEST_ID_HEADER } from '../http/request-id';
import { ownTokenKey } from '../ksef/shared-reads/read-audience';
import type { LiveStatusSettings } from '../live/live-settings';
import type { ContextFactory } from './context';
import { toBearerToken } from './context';
import { checkOperationLimits } from './limits/limits.plugin';
import type { OperationLimits } from './limits/limits.plugin';
import { findOperation, measureOperation } from './limits/operation-limits';

export const GRAPHQL_WS_PATH = '/graphql';

/** Close code for a token over its connection bound (4400–4499: the protocol's client errors). */
export const TOO_MANY_CONNECTIONS_CLOSE_CODE = 4429;

/** Largest message a client may send (a subscribe message is a document and variables). */
const MAX_MESSAGE_BYTES = 64 * 1024;

/** How long a client has to send connection_init after the upgrade. */
const CONNECTION_INIT_TIMEOUT_MS = 10_000;

export interface WebSocketServerDeps {
  schema: GraphQLSchema;
  context: ContextFactory;
  formatError: ErrorFormatter;
  limits: OperationLimits;
  maxQueryTokens: number;
  live: Pick<LiveStatusSettings, 'maxConnections' | 'maxConnectionsPerToken' | 'heartbeatMs'>;
  /** Told of connections open now. */
  setConnections?(count: number): void;
}

export interface GraphqlWebSocketServer {
  /** The `upgrade` listener of the node:http server. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every connection (1001) and stops accepting. */
  close(): Promise<void>;
}

type ConnectionExtra = {
  token?: string;
  tokenKey?: string;
  requestId?: string;
};

/** `Authorization` from connectionParams, whatever its case. */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | null {
  if (params === undefined || params === null || typeof params !== 'object') return null;
  for (const [name, value] of Object.entries(params)) {
    if (name.toLowerCase() === 'authorization' && typeof value === 'string') return value;
  }
  return null;
}

export function createGraphqlWebSocketServer(deps: WebSocketServerDeps): GraphqlWebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const perToken = new Map<string, number>();
  const format = (error: GraphQLError): GraphQLFormattedError =>
    deps.formatError(error.toJSON(), error);
  const report = () => deps.setConnections?.(wss.clients.size);

  const server = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema: deps.schema,
      connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
      onConnect(ctx) {
        const token = toBearerToken(authorizationOf(ctx.connectionParams));
        // No token: nothing here works without one (login is a mutation over HTTP).
        if (token === null) return false;
        const tokenKey = ownTokenKey(token);
        const held = perToken.get(tokenKey) ?? 0;
        if (held >= deps.live.maxConnectionsPerToken) {
          ctx.extra.socket.close(
            TOO_MANY_CONNECTIONS_CLOSE_CODE,
            'Too many connections for this token',
          );
          return false;
        }
        perToken.set(tokenKey, held + 1);
        ctx.extra.token = token;
        ctx.extra.tokenKey = tokenKey;
        ctx.extra.requestId = acceptRequestId(ctx.extra.request.headers[REQUEST_ID_HEADER]);
        return true;
      },
      onClose(ctx) {
        const { tokenKey } = ctx.extra;
        if (tokenKey === undefined) return;
        const held = (perToken.get(tokenKey) ?? 1) - 1;
        if (held <= 0) perToken.delete(tokenKey);
        else perToken.set(tokenKey, held);
      },
      onSubscribe(ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] {
        let document;
        try {
          document = parse(payload.query, { maxTokens: deps.maxQueryTokens });
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('Syntax error')];
        }
        const invalid = validate(deps.schema, document, specifiedRules);
        if (invalid.length > 0) return invalid;
        const operation = findOperation(document, payload.operationName ?? undefined);
        if (operation === undefined) {
          return [new GraphQLError('No operation of that name in the document.')];
        }
        const variables = payload.variables ?? {};
        const refused = checkOperationLimits(
          measureOperation(document, operation, variables),
          deps.limits,
        );
        if (refused !== undefined) return [refused];
        return {
          schema: deps.schema,
          document,
          variableValues: variables,
          ...(payload.operationName != null && { operationName: payload.operationName }),
          contextValue: deps.context({
            authorization: `Bearer ${ctx.extra.token ?? ''}`,
            requestId: ctx.extra.requestId ?? null,
          }),
        };
      },
      onNext(_ctx, _id, _payload, _args, result) {
        if (result.errors === undefined) return undefined;
        return { ...result, errors: result.errors.map(format) };
      },
      onError(_ctx, _id, _payload, errors) {
        return errors.map(format);
      },
    },
    wss,
    deps.live.heartbeatMs,
  );

  wss.on('connection', (socket) => {
    report();
    socket.once('close', report);
  });

  return {
    handleUpgrade(request, socket, head) {
      const path = (request.url ?? '').split('?')[0];
      if (path !== GRAPHQL_WS_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (wss.clients.size >= deps.live.maxConnections) {
        socket.end(
          'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 10\r\nContent-Length: 0\r\n\r\n',
        );
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    },
    async close() {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      report();
    },
  };
}
