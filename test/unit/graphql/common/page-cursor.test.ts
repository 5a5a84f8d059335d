import {
  decodePageCursor,
  encodePageCursor,
  toQueryFingerprint,
} from '../../../../src/graphql/common/page-cursor';

describe('session cursor codec', () => {
  it('round-trips a cursor through an opaque URL-safe string', () => {
    const cursor = { t: 'eyJjIjoiIn0=/+', o: 7, f: 'abc' };
    const text = encodePageCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageCursor(text)).toEqual(cursor);
    expect(decodePageCursor(encodePageCursor({ t: null, o: 0, f: 'x' }))).toEqual({
      t: null,
      o: 0,
      f: 'x',
    });
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    [
      'negative offset',
      Buffer.from(JSON.stringify({ t: null, o: -1, f: 'x' })).toString('base64url'),
    ],
    [
      'fractional offset',
      Buffer.from(JSON.stringify({ t: null, o: 1.5, f: 'x' })).toString('base64url'),
    ],
    ['numeric token', Buffer.from(JSON.stringify({ t: 5, o: 1, f: 'x' })).toString('base64url')],
    ['no fingerprint', Buffer.from(JSON.stringify({ t: null, o: 1 })).toString('base64url')],
    ['array', Buffer.from('[1,2]').toString('base64url')],
  ])('refuses a %s cursor', (_name, text) => {
    expect(decodePageCursor(text)).toBeNull();
  });

  it('fingerprints the query independently of key order and page size', () => {
    const a = toQueryFingerprint({ sessionType: 'Online', referenceNumber: 'r', pageSize: 10 });
    const b = toQueryFingerprint({ referenceNumber: 'r', sessionType: 'Online', pageSize: 500 });
    expect(a).toBe(b);
    expect(toQueryFingerprint({ sessionType: 'Batch', referenceNumber: 'r' })).not.toBe(a);
    expect(toQueryFingerprint({ sessionType: 'Online', statuses: ['Failed'] })).not.toBe(
      toQueryFingerprint({ sessionType: 'Online', statuses: ['Succeeded'] }),
    );
  });
});
