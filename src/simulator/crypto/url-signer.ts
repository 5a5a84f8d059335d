// Pre-signed storage URLs, in the spirit of Azure SAS links: the expiry travels in the query and
// an HMAC over method, path and expiry (with a secret made at each start) proves that the
// simulator issued it. Such URLs need no Authorization header and stop working when they expire
// or when anything in them is changed.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'ok' | 'expired' | 'invalid';

export interface UrlSigner {
  /** Absolute URL for `path` (below the server root), valid until `expiresAt`. */
  sign(method: string, path: string, expiresAt: Date): string;
  verify(method: string, path: string, query: URLSearchParams, now?: Date): SignatureCheck;
}

export function createUrlSigner(origin: () => string): UrlSigner {
  const secret = randomBytes(32);
  const mac = (method: string, path: string, se: string) =>
    createHmac('sha256', secret).update(`${method}\n${path}\n${se}`).digest('base64url');
  return {
    sign(method, path, expiresAt) {
      const se = expiresAt.toISOString();
      const query = new URLSearchParams({
        sv: '2025-01-05',
        se,
        sp: method === 'PUT' ? 'cw' : 'r',
        sig: mac(method, path, se),
      });
      return `${origin()}${path}?${query.toString()}`;
    },
    verify(method, path, query, now = new Date()) {
      const se = query.get('se');
      const sig = query.get('sig');
      if (!se || !sig) return 'invalid';
      const expected = Buffer.from(mac(method, path, se));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
      const expiry = Date.parse(se);
      if (Number.isNaN(expiry)) return 'invalid';
      return expiry > now.getTime() ? 'ok' : 'expired';
    },
  };
}
