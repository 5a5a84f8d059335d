// GET /security/public-key-certificates (public, no Authorization) and GET /rate-limits.
import type { RouteDefinition } from '../server/router';
import { json } from '../server/responses';
import type { RouteDeps } from './route-deps';

export function securityRoutes(deps: RouteDeps): RouteDefinition[] {
  return [
    {
      method: 'GET',
      template: '/security/public-key-certificates',
      base: '/v2',
      auth: false,
      handle: () => json(200, deps.certificates.all()),
    },
    {
      method: 'GET',
      template: '/rate-limits',
      base: '/v2',
      auth: true,
      handle: () => json(200, deps.rateLimits),
    },
  ];
}
