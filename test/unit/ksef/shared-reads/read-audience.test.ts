import { ownTokenKey, readAudienceKey } from '../../../../src/ksef/shared-reads/read-audience';
import { jwtWithClaims } from '../../../support/jwt-claims';

const writer = (sud: string, extra: Record<string, unknown> = {}) =>
  jwtWithClaims({
    cit: 'Nip',
    civ: '5265877635',
    sud,
    per: JSON.stringify(['InvoiceWrite']),
    jti: Math.random().toString(36),
    ...extra,
  });

describe('readAudienceKey', () => {
  it('puts two tokens of one subject, context and permissions in one audience', () => {
    expect(readAudienceKey(writer('{"id":"A"}'))).toBe(readAudienceKey(writer('{"id":"A"}')));
    expect(readAudienceKey(writer('{"id":"A"}'))).toMatch(/^audience:/);
  });

  it('keeps subjects apart when their permission shows only their own sessions', () => {
    expect(readAudienceKey(writer('{"id":"A"}'))).not.toBe(readAudienceKey(writer('{"id":"B"}')));
  });

  it('joins subjects whose permission shows the whole context', () => {
    const introspection = { per: JSON.stringify(['Introspection', 'InvoiceRead']) };
    expect(readAudienceKey(writer('{"id":"A"}', introspection))).toBe(
      readAudienceKey(writer('{"id":"B"}', introspection)),
    );
  });

  it('keeps contexts and permission sets apart', () => {
    const a = writer('{"id":"A"}');
    expect(readAudienceKey(a)).not.toBe(
      readAudienceKey(writer('{"id":"A"}', { civ: '1111111111' })),
    );
    expect(readAudienceKey(a)).not.toBe(
      readAudienceKey(
        writer('{"id":"A"}', { per: JSON.stringify(['InvoiceWrite', 'Introspection']) }),
      ),
    );
  });

  it('reads permission arrays in any order as one set', () => {
    expect(readAudienceKey(writer('s', { per: ['InvoiceWrite', 'InvoiceRead'] }))).toBe(
      readAudienceKey(writer('s', { per: ['InvoiceRead', 'InvoiceWrite'] })),
    );
  });

  it('gives a token that is no context JWT an audience of its own, never showing the token', () => {
    expect(readAudienceKey('opaque-token')).toBe(ownTokenKey('opaque-token'));
    expect(readAudienceKey('opaque-token')).not.toBe(readAudienceKey('other-token'));
    expect(readAudienceKey('opaque-token')).not.toContain('opaque');
    expect(readAudienceKey(writer('s'))).not.toContain('5265877635');
  });
});
