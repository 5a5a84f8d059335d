// Subscriptions that arrive over HTTP. A plain HTTP request has nowhere to stream to (graphql-js
// would run the resolver once without an event): it is refused with a 400 that says where to go
// (WebSocket, graphql/websocket-server.ts). A router subscribes through Apollo's HTTP callback
// protocol (`extensions.subscription` with a `callbackUrl`): ApolloServerPluginSubscriptionCallback
// serves it, but only for a callback URL whose origin SUBSCRIPTION_CALLBACK_ORIGINS allows.
// Apollo's plugin would POST its `check` to any URL a request names, before the document is even
// validated and without a token: from the outside, a way to make the gateway call any address
// of its network. So the plugin is handed only the requests this one lets through.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginSubscriptionCallback } from '@apollo/server/plugin/subscriptionCallback';
import { GraphQLError, OperationTypeNode } from 'graphql';
import { isOriginAllowed } from '../../http/cors';
import type { CorsOrigins } from '../../http/cors';

export const SUBSCRIPTION_OVER_HTTP_MESSAGE =
  'Subscriptions are served over WebSocket on /graphql (protocol graphql-transport-ws, the token in connectionParams), or to a router through the HTTP callback protocol; not as a plain HTTP request. Poll the query `session` over HTTP instead.';

export const CALLBACK_NOT_ALLOWED_MESSAGE =
  "This gateway does not call back to that address: the callback URL's origin must be listed in SUBSCRIPTION_CALLBACK_ORIGINS.";

export interface HttpSubscriptionsOptions {
  /** Origins a router's `callbackUrl` may have (SUBSCRIPTION_CALLBACK_ORIGINS). */
  callbackOrigins: CorsOrigins;
  logger?: {
    debug(message: string): void;
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
  };
}

function refusal(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

function callbackUrlOf(extension: unknown): string | undefined {
  if (typeof extension !== 'object' || extension === null) return undefined;
  const { callbackUrl, callback_url } = extension as Record<string, unknown>;
  const url = callbackUrl ?? callback_url;
  return typeof url === 'string' ? url : undefined;
}

function isAllowedCallback(url: string | undefined, origins: CorsOrigins): boolean {
  if (url === undefined) return false;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    return isOriginAllowed(origins, parsed.origin);
  } catch {
    return false;
  }
}

export function createHttpSubscriptionsPlugin<TContext extends BaseContext>(
  options: HttpSubscriptionsOptions,
): ApolloServerPlugin<TContext> {
  const callback = ApolloServerPluginSubscriptionCallback(
    options.logger ? { logger: options.logger } : {},
  ) as ApolloServerPlugin<TContext>;

  const refuseSubscriptions = (message: string) =>
    Promise.resolve({
      didResolveOperation({ operation }: { operation?: { operation: OperationTypeNode } | null }) {
        return operation?.operation === OperationTypeNode.SUBSCRIPTION
          ? Promise.reject(refusal(message))
          : Promise.resolve();
      },
    });

  return {
    // Apollo's plugin ends its callbacks and heartbeats when the server stops.
    ...(callback.serverWillStart && { serverWillStart: callback.serverWillStart.bind(callback) }),
    requestDidStart(requestContext) {
      const extension: unknown = requestContext.request.extensions?.['subscription'];
      if (extension === undefined) return refuseSubscriptions(SUBSCRIPTION_OVER_HTTP_MESSAGE);
      if (!isAllowedCallback(callbackUrlOf(extension), options.callbackOrigins)) {
        return refuseSubscriptions(CALLBACK_NOT_ALLOWED_MESSAGE);
      }
      return callback.requestDidStart?.(requestContext) ?? Promise.resolve();
    },
  };
}
