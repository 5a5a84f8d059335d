// Identifiers in KSeF's official shapes: reference numbers `YYYYMMDD-TT-HHHHHHHHHH-HHHHHHHHHH-HH`
// (NOTES.md §7), KSeF numbers with a valid CRC-8, and a context NIP derived from the token.
import { createHash, randomBytes } from 'node:crypto';
import { crc8, withKsefChecksum } from '../../ksef/wire/ksef-number';

/** SO/SB sessions, EE invoices, EU UPOs, EC KSeF tokens, CR challenges, AU authentications. */
export type ReferenceType = 'SO' | 'SB' | 'EE' | 'EU' | 'EC' | 'CR' | 'AU';

function yyyymmdd(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, '');
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex').toUpperCase();
}

export function newReferenceNumber(type: ReferenceType, at: Date = new Date()): string {
  const body = `${yyyymmdd(at)}-${type}-${hex(5)}-${hex(5)}`;
  // The last two characters are a check value in KSeF; CRC-8 of the rest keeps them plausible.
  return `${body}-${crc8(body).toString(16).toUpperCase().padStart(2, '0')}`;
}

export function newKsefNumber(sellerNip: string, at: Date): string {
  return withKsefChecksum(`${sellerNip}-${yyyymmdd(at)}-${hex(6)}`);
}

const NIP_WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7];

export function isValidNip(nip: string): boolean {
  // The UPO XSD's TNip pattern plus the official mod-11 check digit.
  if (!/^[1-9]((\d[1-9])|([1-9]\d))\d{7}$/.test(nip)) return false;
  const sum = NIP_WEIGHTS.reduce((acc, w, i) => acc + w * Number(nip[i]), 0);
  return sum % 11 === Number(nip[9]);
}

/**
 * A stable, valid-looking context NIP for a token: real tokens are bound to a context (NIP), the
 * simulator's free-form tokens are not, so it derives one. The same token always gets the same NIP.
 */
export function contextNipFor(token: string): string {
  for (let round = 0; ; round++) {
    const digest = createHash('sha256').update(`ksef-sim-context:${round}:${token}`).digest();
    const digits = [...digest.subarray(0, 9)].map((b) => b % 10);
    if (digits[0] === 0) digits[0] = 1 + ((digest[10] ?? 0) % 9);
    const nine = digits.join('');
    const check = NIP_WEIGHTS.reduce((acc, w, i) => acc + w * Number(nine[i]), 0) % 11;
    if (check === 10) continue;
    const nip = `${nine}${check}`;
    if (isValidNip(nip)) return nip;
  }
}

/**
 * Stands in for the hash of the signed authentication document in the UPO. It is derived from
 * the token but is never the token, and cannot be turned back into it.
 */
export function authDocumentDigestFor(token: string): string {
  return createHash('sha256').update(`ksef-sim-auth-document:${token}`).digest('base64');
}
