// The authentication area (KSeF docs: uwierzytelnianie.md), the KSeF-token method:
//   POST /auth/challenge              public
//   POST /auth/ksef-token             public; 202 with the operation's reference and token
//   GET  /auth/{referenceNumber}      Bearer <authenticationToken>
//   POST /auth/token/redeem           Bearer <authenticationToken>; once
//   POST /auth/token/refresh          Bearer <refreshToken>
// None of them takes an access token, so none is `auth: true`: each reads its own kind of token
// (authentication.ts). They count against no rate-limit group of GET /rate-limits (the spec
// gives them 60 requests a second per IP, outside the per-context groups).
import type { Authentication } from '../auth/authentication';
import { json } from '../server/responses';
import type { RouteDefinition } from '../server/router';

export function authRoutes(auth: Authentication): RouteDefinition[] {
  return [
    {
      method: 'POST',
      template: '/auth/challenge',
      base: '/v2',
      auth: false,
      handle: (request) => json(200, auth.challenge(request.clientIp)),
    },
    {
      method: 'POST',
      template: '/auth/ksef-token',
      base: '/v2',
      auth: false,
      handle: (request) => json(202, auth.startWithKsefToken(request.body)),
    },
    {
      method: 'GET',
      template: '/auth/{referenceNumber}',
      base: '/v2',
      auth: false,
      handle: (request) =>
        json(200, auth.status(request.bearer, request.params.referenceNumber ?? '')),
    },
    {
      method: 'POST',
      template: '/auth/token/redeem',
      base: '/v2',
      auth: false,
      handle: (request) => json(200, auth.redeem(request.bearer)),
    },
    {
      method: 'POST',
      template: '/auth/token/refresh',
      base: '/v2',
      auth: false,
      handle: (request) => json(200, auth.refresh(request.bearer)),
    },
  ];
}
