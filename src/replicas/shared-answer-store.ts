// Final answers and accepted tokens in Redis, for the shared reads of every replica
// (ksef/shared-reads/shared-reads.ts). Keys are hashes of the shared reads' own keys, which hold
// only hashes of tokens and contexts (read-audience.ts): nothing in Redis names a token. An answer
// lives as long as the replica that read it would keep it (PX), and holds the same epoch `until`,
// so a status with a pre-signed UPO link ends before the link does on every replica.
import { sha256 } from '../ksef/caller-context';
import type { Kept, SharedAnswerStore, SharedReadKind } from '../ksef/shared-reads/shared-reads';
import type { UpoDownload } from '../ksef/upo-download';
import type { RedisLink } from './redis-link';

interface Stored {
  until: number;
  /** A status as KSeF sent it. */
  json?: unknown;
  /** A UPO: its bytes (Base64) and KSeF's hash of them. */
  upo?: { bytes: string; metaHash: string | null };
}

const isUpo = (kind: SharedReadKind) => kind === 'session_upo' || kind === 'invoice_upo';

function encode(kind: SharedReadKind, kept: Kept): string {
  if (!isUpo(kind)) return JSON.stringify({ until: kept.until, json: kept.value });
  const upo = kept.value as UpoDownload;
  return JSON.stringify({
    until: kept.until,
    upo: { bytes: upo.bytes.toString('base64'), metaHash: upo.metaHash ?? null },
  });
}

function decode(kind: SharedReadKind, text: string): Kept | undefined {
  const stored = JSON.parse(text) as Stored;
  if (typeof stored.until !== 'number') return undefined;
  if (!isUpo(kind))
    return stored.json === undefined ? undefined : { value: stored.json, until: stored.until };
  if (stored.upo === undefined) return undefined;
  const value: UpoDownload = {
    bytes: Buffer.from(stored.upo.bytes, 'base64'),
    metaHash: stored.upo.metaHash ?? undefined,
  };
  return { value, until: stored.until };
}

export function createSharedAnswerStore(link: RedisLink): SharedAnswerStore {
  const redis = link.commands;
  const answerKeyOf = (key: string) => `${link.keyPrefix}kept:${sha256(key)}`;
  const verifiedKeyOf = (ownKey: string) => `${link.keyPrefix}verified:${sha256(ownKey)}`;
  const fellBack = () => link.fellBack('answers');

  return {
    async lookup(ownKey, answerKey, kind) {
      if (!link.up) {
        fellBack();
        return { verified: false, kept: undefined };
      }
      try {
        const [verified, answer] = await redis.mget(verifiedKeyOf(ownKey), answerKeyOf(answerKey));
        return {
          verified: verified !== null,
          kept: answer === null || answer === undefined ? undefined : decode(kind, answer),
        };
      } catch {
        fellBack();
        return { verified: false, kept: undefined };
      }
    },
    keep(answerKey, kind, kept) {
      const ms = Math.floor(kept.until - Date.now());
      if (ms <= 0 || !link.up) return;
      redis.set(answerKeyOf(answerKey), encode(kind, kept), 'PX', ms).catch(fellBack);
    },
    markVerified(ownKey, forMs) {
      if (!link.up) return;
      redis.set(verifiedKeyOf(ownKey), '1', 'PX', forMs).catch(fellBack);
    },
  };
}
