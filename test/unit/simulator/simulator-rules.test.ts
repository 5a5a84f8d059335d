import { hasValidKsefChecksum } from '../../../src/ksef/wire/ksef-number';
import { isReferenceNumber } from '../../../src/ksef/wire/reference-number';
import { createContinuationTokens } from '../../../src/simulator/listing/continuation-token';
import { KSEF_DEFAULT_RATE_LIMITS as DEFAULT_RATE_LIMITS } from '../../../src/ksef/wire/rate-limit-groups';
import { createRateLimiter } from '../../../src/simulator/rate-limit/sliding-window';
import {
  authDocumentDigestFor,
  contextNipFor,
  isValidNip,
  newKsefNumber,
  newReferenceNumber,
} from '../../../src/simulator/state/identifiers';
import { escapeXml } from '../../../src/simulator/upo/xml-escape';

describe('simulator identifiers', () => {
  it('derives the same valid NIP for the same token and different ones for different tokens', () => {
    expect(contextNipFor('a')).toBe(contextNipFor('a'));
    expect(contextNipFor('a')).not.toBe(contextNipFor('b'));
    for (const token of ['a', 'b', 'c', 'long-token-123', ''])
      expect(isValidNip(contextNipFor(token))).toBe(true);
  });

  it('never puts the token itself into the authentication digest', () => {
    const digest = authDocumentDigestFor('secret-token');
    expect(digest).toHaveLength(44);
    expect(Buffer.from(digest, 'base64').toString('latin1')).not.toContain('secret-token');
  });

  it('makes reference numbers of the official shape and KSeF numbers with a valid checksum', () => {
    expect(isReferenceNumber(newReferenceNumber('SO'))).toBe(true);
    expect(newReferenceNumber('EU')).toMatch(/^\d{8}-EU-/);
    expect(hasValidKsefChecksum(newKsefNumber('5265877635', new Date()))).toBe(true);
  });

  it('escapes XML special characters', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});

describe('continuation tokens', () => {
  it('round-trip within their scope and fail with 21418 outside it or when altered', () => {
    const tokens = createContinuationTokens();
    const token = tokens.issue('scope-a', { after: 'k1' });
    expect(tokens.read('scope-a', token)).toEqual({ after: 'k1' });
    expect(() => tokens.read('scope-b', token)).toThrow(/21418/);
    expect(() => tokens.read('scope-a', token.slice(0, -4) + 'AAAA')).toThrow(/21418/);
    expect(() => createContinuationTokens().read('scope-a', token)).toThrow(/21418/);
  });
});

describe('sliding-window rate limiter', () => {
  it('allows the per-second budget, then refuses with Retry-After until the window slides', () => {
    const limiter = createRateLimiter({
      ...DEFAULT_RATE_LIMITS,
      sessionList: { perSecond: 2, perMinute: 3, perHour: 100 },
    });
    expect(limiter.check('t', 'sessionList', 1000).allowed).toBe(true);
    expect(limiter.check('t', 'sessionList', 1100).allowed).toBe(true);
    const refused = limiter.check('t', 'sessionList', 1200);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.check('other', 'sessionList', 1200).allowed).toBe(true);
    expect(limiter.check('t', 'sessionList', 2100).allowed).toBe(true);
    const minute = limiter.check('t', 'sessionList', 3500);
    expect(minute.allowed).toBe(false);
    if (!minute.allowed) expect(minute.retryAfterSeconds).toBe(58);
  });
});
