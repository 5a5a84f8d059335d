import { callerContextKey, contextClaimOf } from '../../../src/ksef/caller-context';
import { jwtWithClaims } from '../../support/jwt-claims';

describe('the caller context key', () => {
  it('is the same for every token whose claims name one context, whatever else they carry', () => {
    const first = jwtWithClaims({ typ: 'ContextToken', cit: 'Nip', civ: '6402505780', jti: 'a' });
    const second = jwtWithClaims({ cit: 'Nip', civ: '6402505780', exp: 1, jti: 'b' }, 'b3RoZXI');
    expect(callerContextKey({ token: first })).toBe(callerContextKey({ token: second }));
    expect(callerContextKey({ token: first })).toMatch(/^context:/);
  });

  it('reads the spelled-out claim names of the spec’s examples too', () => {
    const long = jwtWithClaims({
      'context-identifier-type': 'Nip',
      'context-identifier-value': '6402505780',
    });
    const short = jwtWithClaims({ cit: 'Nip', civ: '6402505780' });
    expect(contextClaimOf(long)).toEqual({ type: 'Nip', value: '6402505780' });
    expect(callerContextKey({ token: long })).toBe(callerContextKey({ token: short }));
  });

  it('tells contexts apart by type and value', () => {
    const keys = new Set(
      [
        { cit: 'Nip', civ: '6402505780' },
        { cit: 'Nip', civ: '5265877635' },
        { cit: 'InternalId', civ: '6402505780-00001' },
      ].map((claims) => callerContextKey({ token: jwtWithClaims(claims) })),
    );
    expect(keys.size).toBe(3);
  });

  it('falls back to a hash of the token for anything else, one key per token', () => {
    const plain = ['sandbox-token', 'a.b.c', jwtWithClaims({ sub: 'x' })];
    const odd = [
      jwtWithClaims({ cit: 'Unknown', civ: '1' }),
      jwtWithClaims({ cit: 'Nip', civ: 'x'.repeat(100) }),
      jwtWithClaims({ cit: 'Nip', civ: 42 }),
      `${'a'.repeat(9000)}.e30.x`,
    ];
    for (const token of [...plain, ...odd]) {
      expect(contextClaimOf(token)).toBeUndefined();
      expect(callerContextKey({ token })).toMatch(/^token:/);
    }
    expect(callerContextKey({ token: 'one' })).not.toBe(callerContextKey({ token: 'two' }));
  });

  it('shows neither the token nor the NIP', () => {
    const token = jwtWithClaims({ cit: 'Nip', civ: '6402505780' });
    for (const key of [callerContextKey({ token }), callerContextKey({ token: 'secret-token' })]) {
      expect(key).not.toContain('6402505780');
      expect(key).not.toContain('secret');
      expect(key).not.toContain(token.slice(0, 20));
    }
  });
});
