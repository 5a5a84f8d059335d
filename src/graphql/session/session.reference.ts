// Federation: how a router's `_entities` representations of `Session` become sessions. Every
// representation goes through the per-request session loader, so N representations (duplicates
// included) cost one status call per distinct session; an unknown session is null on its own.
import { sessionKindOf } from '../../ksef/wire/reference-number';
import type { GatewayContext } from '../context';
import { toSession } from './session.mapper';
import type { Session } from './session.type';

export interface SessionRepresentation {
  __typename?: string;
  referenceNumber: string;
}

export async function resolveSessionReference(
  representation: SessionRepresentation,
  context: GatewayContext,
): Promise<Session | null> {
  const { referenceNumber } = representation;
  // Not a session reference: KSeF cannot know it; answering null saves a call.
  if (typeof referenceNumber !== 'string' || sessionKindOf(referenceNumber) === null) return null;
  const snapshot = await context.loaders().session.load(referenceNumber);
  return snapshot ? toSession(snapshot) : null;
}
