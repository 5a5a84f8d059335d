import { buildPath, buildQuery } from '../../../src/ksef/http';
import { KsefError } from '../../../src/ksef/ksef-error';

describe('request building', () => {
  it('URL-encodes path parameters', () => {
    expect(
      buildPath({
        method: 'GET',
        pathTemplate: '/sessions/{referenceNumber}/upo/{upoReferenceNumber}',
        pathParams: { referenceNumber: 'a/b?c', upoReferenceNumber: '../x' },
      }),
    ).toBe('/sessions/a%2Fb%3Fc/upo/..%2Fx');
  });

  it('refuses to send a request with an empty path parameter', () => {
    expect(() =>
      buildPath({
        method: 'GET',
        pathTemplate: '/sessions/{referenceNumber}',
        pathParams: { referenceNumber: '' },
      }),
    ).toThrow(KsefError);
    expect(() => buildPath({ method: 'GET', pathTemplate: '/sessions/{referenceNumber}' })).toThrow(
      /referenceNumber/,
    );
  });

  it('repeats array parameters and leaves out undefined and null', () => {
    expect(
      buildQuery({
        sessionType: 'Online',
        pageSize: 10,
        statuses: ['InProgress', 'Failed'],
        referenceNumber: undefined,
        dateCreatedFrom: null,
      }),
    ).toBe('?sessionType=Online&pageSize=10&statuses=InProgress&statuses=Failed');
  });

  it('encodes query values (date offsets keep their plus sign)', () => {
    expect(buildQuery({ dateCreatedFrom: '2025-09-25T13:48:26+02:00' })).toBe(
      '?dateCreatedFrom=2025-09-25T13%3A48%3A26%2B02%3A00',
    );
  });

  it('produces nothing for an empty query', () => {
    expect(buildQuery(undefined)).toBe('');
    expect(buildQuery({ statuses: [] })).toBe('');
  });
});
