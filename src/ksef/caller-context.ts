// Which KSeF context a caller acts in. KSeF decides per context (a NIP, an internal id …) what a
// caller may see and counts its rate limits per context, so whatever the gateway keeps across
// requests for a caller (sealed session keys, sends it remembers, caches) is keyed by this and
// never by anything shared between contexts.
//
// Until the context can be read from the access token's claims, the context of a token is the
// token itself, under a hash: the key is stable per token, says nothing about it, and is safe to
// keep in memory, logs or a shared store.
import { createHash } from 'node:crypto';
import type { KsefCaller } from './caller';

/** An opaque, stable key of the caller's KSeF context (`token:<hash>`). */
export function callerContextKey(caller: Pick<KsefCaller, 'token'>): string {
  return `token:${createHash('sha256').update(caller.token).digest('base64url')}`;
}
