// Where a session stands, from its KSeF status code and kind. The tables are those of the official
// documentation (KSeF docs: faktury/sesje/sesja-sprawdzenie-stanu-i-pobranie-upo.md): online 100 → 170 → {200, 440, 445} (415 on a key error); batch
// 100 → 150 → {200, 405, 415, 420, 430, 435, 440, 445, 500}. KSeF's rule is that a code ≥ 200 is
// final; a code we do not know keeps that rule and the phase UNKNOWN, so a new KSeF code never
// makes a poller spin forever nor stop too early.
import { isFinalStatusCode } from '../ksef/wire/final-status';
import type { SessionKind } from '../ksef/wire/reference-number';

export type SessionPhase =
  'OPEN' | 'CLOSING' | 'PROCESSING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'UNKNOWN';

const ONLINE_PHASES: ReadonlyMap<number, SessionPhase> = new Map([
  [100, 'OPEN'],
  [170, 'CLOSING'],
  [200, 'SUCCEEDED'],
  [415, 'FAILED'],
  [440, 'CANCELLED'],
  [445, 'FAILED'],
  [500, 'FAILED'],
]);

const BATCH_PHASES: ReadonlyMap<number, SessionPhase> = new Map([
  [100, 'OPEN'],
  [150, 'PROCESSING'],
  [200, 'SUCCEEDED'],
  [405, 'FAILED'],
  [415, 'FAILED'],
  [420, 'FAILED'],
  [430, 'FAILED'],
  [435, 'FAILED'],
  [440, 'CANCELLED'],
  [445, 'FAILED'],
  [500, 'FAILED'],
]);

export function toSessionPhase(kind: SessionKind, statusCode: number): SessionPhase {
  const table = kind === 'online' ? ONLINE_PHASES : BATCH_PHASES;
  return table.get(statusCode) ?? 'UNKNOWN';
}

export function isTerminalStatus(statusCode: number): boolean {
  return isFinalStatusCode(statusCode);
}
