import { RATE_LIMIT_GROUPS, rateLimitGroupOf } from '../../../../src/ksef/wire/rate-limit-groups';

describe('KSeF rate-limit groups', () => {
  // KSeF's table of limits (KSeF docs: limity/limity-api.md), endpoint by endpoint.
  it.each([
    ['GET', '/sessions', 'sessionList'],
    ['POST', '/sessions/online', 'onlineSession'],
    ['POST', '/sessions/online/{referenceNumber}/close', 'onlineSession'],
    ['POST', '/sessions/online/{referenceNumber}/invoices', 'invoiceSend'],
    ['POST', '/sessions/batch', 'batchSession'],
    ['POST', '/sessions/batch/{referenceNumber}/close', 'batchSession'],
    ['GET', '/sessions/{referenceNumber}', 'sessionMisc'],
    ['GET', '/sessions/{referenceNumber}/upo/{upoReferenceNumber}', 'sessionMisc'],
    ['GET', '/sessions/{referenceNumber}/invoices', 'sessionInvoiceList'],
    ['GET', '/sessions/{referenceNumber}/invoices/failed', 'sessionInvoiceList'],
    ['GET', '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}', 'invoiceStatus'],
    ['GET', '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}/upo', 'sessionMisc'],
    ['GET', '/sessions/{referenceNumber}/invoices/ksef/{ksefNumber}/upo', 'sessionMisc'],
    ['POST', '/invoices/query/metadata', 'invoiceMetadata'],
    ['POST', '/invoices/exports', 'invoiceExport'],
    ['GET', '/invoices/exports/{referenceNumber}', 'invoiceExportStatus'],
    ['GET', '/invoices/ksef/{ksefNumber}', 'invoiceDownload'],
    ['GET', '/rate-limits', 'other'],
    ['GET', '/security/public-key-certificates', 'other'],
    ['POST', '/auth/challenge', 'other'],
  ] as const)('%s %s counts against %s', (method, path, group) => {
    expect(rateLimitGroupOf(method, path)).toBe(group);
  });

  it('maps concrete paths like their templates, with failed invoices as a list', () => {
    const ref = '20251122-SO-0123456789-ABCDEF0123-4F';
    expect(rateLimitGroupOf('GET', `/sessions/${ref}`)).toBe('sessionMisc');
    expect(rateLimitGroupOf('GET', `/sessions/${ref}/invoices/failed`)).toBe('sessionInvoiceList');
    expect(
      rateLimitGroupOf('GET', `/sessions/${ref}/invoices/20251122-EE-0123456789-ABCDEF0123-4F`),
    ).toBe('invoiceStatus');
  });

  it('ignores the method case, a query string, a trailing slash and a /v2 prefix', () => {
    expect(rateLimitGroupOf('get', '/sessions?sessionType=Online&pageSize=10')).toBe('sessionList');
    expect(rateLimitGroupOf('POST', '/sessions/online/')).toBe('onlineSession');
    expect(rateLimitGroupOf('GET', '/v2/sessions/{referenceNumber}')).toBe('sessionMisc');
  });

  it('tells endpoints that share a path apart by method', () => {
    expect(rateLimitGroupOf('GET', '/sessions/online')).toBe('sessionMisc');
    expect(rateLimitGroupOf('DELETE', '/sessions')).toBe('other');
  });

  it('lists every group GET /rate-limits reports in the sessions and invoices areas', () => {
    expect([...RATE_LIMIT_GROUPS].sort()).toEqual(
      [
        'batchSession',
        'invoiceDownload',
        'invoiceExport',
        'invoiceExportStatus',
        'invoiceMetadata',
        'invoiceSend',
        'invoiceStatus',
        'onlineSession',
        'other',
        'sessionInvoiceList',
        'sessionList',
        'sessionMisc',
      ].sort(),
    );
  });
});
