// A validation rule for `subscription` operations against a schema without a Subscription type.
// graphql-js 16 lets them through validation (the root type is missing, so no field rule has a
// parent type to check against) and only `execute` fails, with "Schema is not configured to
// execute subscription operation." — which Apollo answers as an unexpected error (200,
// INTERNAL_SERVER_ERROR, a stack logged at error level). As a validation error it is a 400
// GRAPHQL_VALIDATION_FAILED that says what to do instead, and the document is never cached.
import { GraphQLError, OperationTypeNode } from 'graphql';
import type { ValidationRule } from 'graphql';

export const NO_SUBSCRIPTIONS_MESSAGE =
  'This gateway serves no subscriptions yet; once available they are served over WebSocket ' +
  '(graphql-transport-ws) on /graphql. Poll the query `session` meanwhile.';

export const SubscriptionsNeedSubscriptionTypeRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (
      node.operation === OperationTypeNode.SUBSCRIPTION &&
      !context.getSchema().getSubscriptionType()
    ) {
      context.reportError(new GraphQLError(NO_SUBSCRIPTIONS_MESSAGE, { nodes: node }));
    }
  },
});
