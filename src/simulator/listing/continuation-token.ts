// Opaque continuation tokens: Base64 of a JSON cursor plus an HMAC over it (secret made per start)
// that also covers the scope the cursor belongs to (caller, listing, filters). A token that was
// altered, made up, or taken from another caller or query fails verification → 400 21418.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { KsefExceptionCode } from '../../ksef/wire/exception-codes';
import { badRequest } from '../server/api-error';

export interface Cursor {
  /** Position: items after this key in the listing's order. */
  after: string;
}

export interface ContinuationTokens {
  issue(scope: string, cursor: Cursor): string;
  /** The cursor of a token issued for this scope; throws 21418 otherwise. */
  read(scope: string, token: string): Cursor;
}

export function createContinuationTokens(): ContinuationTokens {
  const secret = randomBytes(32);
  const mac = (scope: string, payload: string) =>
    createHmac('sha256', secret).update(scope).update('\n').update(payload).digest('base64');
  const malformed = () =>
    badRequest(
      KsefExceptionCode.MalformedContinuationToken,
      "'continuationToken' is not in the correct format.",
    );
  return {
    issue(scope, cursor) {
      const payload = JSON.stringify(cursor);
      return Buffer.from(JSON.stringify({ c: payload, s: mac(scope, payload) }), 'utf8').toString(
        'base64',
      );
    },
    read(scope, token) {
      try {
        const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
          c?: unknown;
          s?: unknown;
        };
        if (typeof decoded.c !== 'string' || typeof decoded.s !== 'string') throw malformed();
        const expected = Buffer.from(mac(scope, decoded.c));
        const given = Buffer.from(decoded.s);
        if (expected.length !== given.length || !timingSafeEqual(expected, given))
          throw malformed();
        const cursor = JSON.parse(decoded.c) as Cursor;
        if (typeof cursor.after !== 'string') throw malformed();
        return cursor;
      } catch {
        throw malformed();
      }
    },
  };
}
