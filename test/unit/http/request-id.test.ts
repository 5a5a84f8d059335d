import { acceptRequestId, isSafeRequestId } from '../../../src/http/request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('acceptRequestId', () => {
  it.each([
    'abc-123',
    'req_42.x',
    '01HF8Z2Q3W4E5R6T7Y8U9I0OPA',
    'dGVzdA==',
    'a/b:c@d~e+f',
    'x'.repeat(128),
  ])('keeps a plain id: %s', (id) => {
    expect(acceptRequestId(id)).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(129)],
    ['a space', 'a b'],
    ['a comma list', 'a, b'],
    ['markup', '<b>'],
    ['quotes', '"a"'],
    ['a newline', 'a\nb'],
    ['non-ASCII', 'zażółć'],
  ])('replaces %s with a fresh UUID', (_what, value) => {
    expect(isSafeRequestId(value)).toBe(false);
    expect(acceptRequestId(value)).toMatch(UUID);
  });

  it('makes a new id when there is none or several', () => {
    expect(acceptRequestId(undefined)).toMatch(UUID);
    expect(acceptRequestId(null)).toMatch(UUID);
    expect(acceptRequestId(['a', 'b'])).toMatch(UUID);
    expect(acceptRequestId(undefined)).not.toBe(acceptRequestId(undefined));
  });
});
