// The real client over real HTTP against a scripted fake KSeF on port 0.
import { createHash } from 'node:crypto';
import { createKsefHttp } from '../../../src/ksef/http';
import type { KsefHttp } from '../../../src/ksef/http';
import { createKsefInvoicesClient } from '../../../src/ksef/invoices.client';
import { createKsefSecurityClient } from '../../../src/ksef/security.client';
import { createKsefSessionsClient } from '../../../src/ksef/sessions.client';
import { startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { failure } from '../../support/ksef-failure';

const TOKEN = 'eyJ.secret-access-token.sig';
const REF = '20251122-SO-0123456789-ABCDEF0123-4F';
const caller = { token: TOKEN, requestId: 'req-42' };

const sessionItem = {
  referenceNumber: REF,
  status: { code: 100, description: 'Sesja interaktywna otwarta' },
  dateCreated: '2025-11-22T10:00:00+00:00',
  dateUpdated: '2025-11-22T10:00:00+00:00',
  validUntil: '2025-11-22T22:00:00+00:00',
  totalInvoiceCount: 0,
  successfulInvoiceCount: 0,
  failedInvoiceCount: 0,
};

const statusBody = {
  status: { code: 200, description: 'Sesja interaktywna przetworzona pomyślnie' },
  dateCreated: '2025-11-22T10:00:00+00:00',
  dateUpdated: '2025-11-22T10:05:00+00:00',
  upo: {
    pages: [
      {
        referenceNumber: '20251122-EU-0123456789-ABCDEF0123-01',
        downloadUrl: 'https://example/storage/upo.xml?sig=1',
        downloadUrlExpirationDate: '2025-11-25T10:00:00+00:00',
      },
    ],
  },
  invoiceCount: 1,
  successfulInvoiceCount: 1,
  failedInvoiceCount: 0,
};

describe('KSeF sessions client over HTTP', () => {
  let upstream: FakeUpstream;
  let http: KsefHttp;

  beforeEach(async () => {
    upstream = await startFakeUpstream();
    http = createKsefHttp({
      baseUrl: upstream.url,
      timeoutMs: 2000,
      userAgent: 'ksef-gateway-test',
    });
  });

  afterEach(async () => {
    http.close();
    await upstream.stop();
  });

  it('lists sessions with repeated statuses, the continuation token header, the bearer token and the request id', async () => {
    upstream.reply(() => ({
      status: 200,
      body: { continuationToken: 'next+/=', sessions: [sessionItem] },
    }));
    const client = createKsefSessionsClient(http, caller);
    const page = await client.listSessions(
      {
        sessionType: 'Online',
        pageSize: 25,
        statuses: ['InProgress', 'Failed'],
        dateCreatedFrom: '2025-11-01T00:00:00+01:00',
      },
      'opaque-token==',
    );
    expect(page).toEqual({ continuationToken: 'next+/=', sessions: [sessionItem] });
    const [request] = upstream.requests;
    expect(request!.method).toBe('GET');
    expect(request!.url).toBe(
      '/v2/sessions?sessionType=Online&pageSize=25&dateCreatedFrom=2025-11-01T00%3A00%3A00%2B01%3A00&statuses=InProgress&statuses=Failed',
    );
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request!.headers['x-request-id']).toBe('req-42');
    expect(request!.headers['x-continuation-token']).toBe('opaque-token==');
    expect(request!.headers['x-error-format']).toBe('problem-details');
    expect(request!.headers.accept).toContain('application/json');
    expect(request!.headers['user-agent']).toBe('ksef-gateway-test');
  });

  it("sends exactly its own headers on a GET and on a POST with a body (none of axios' defaults)", async () => {
    upstream.reply(() => ({ status: 200, body: statusBody }));
    const client = createKsefSessionsClient(http, caller);
    await client.getSessionStatus(REF);
    upstream.reply(() => ({
      status: 201,
      body: { referenceNumber: REF, validUntil: '2025-11-22T22:00:00+00:00' },
    }));
    await client.openOnlineSession({
      formCode: { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' },
      encryption: { encryptedSymmetricKey: 'a2V5', initializationVector: 'aXY=' },
    });
    const [get, post] = upstream.requests;
    const common = {
      accept: 'application/json, application/problem+json;q=0.9',
      'user-agent': 'ksef-gateway-test',
      'x-error-format': 'problem-details',
      authorization: `Bearer ${TOKEN}`,
      'x-request-id': 'req-42',
      'accept-encoding': 'gzip, compress, deflate, br',
      host: new URL(upstream.url).host,
      connection: 'keep-alive',
    };
    expect(get!.headers).toEqual(common);
    expect(post!.method).toBe('POST');
    expect(post!.headers).toEqual({
      ...common,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(post!.body)),
    });
  });

  it('sends no continuation header for the first page', async () => {
    upstream.reply(() => ({ status: 200, body: { sessions: [] } }));
    await createKsefSessionsClient(http, caller).listSessions({ sessionType: 'Batch' });
    expect(upstream.requests[0]!.url).toBe('/v2/sessions?sessionType=Batch');
    expect(upstream.requests[0]!.headers).not.toHaveProperty('x-continuation-token');
  });

  it('reuses one keep-alive connection for consecutive calls', async () => {
    upstream.reply(() => ({ status: 200, body: { sessions: [] } }));
    const client = createKsefSessionsClient(http, caller);
    for (let i = 0; i < 5; i++) await client.listSessions({ sessionType: 'Online' });
    expect(upstream.requests).toHaveLength(5);
    expect(upstream.connections()).toBe(1);
  });

  it('reads a session status, URL-encoding the reference number', async () => {
    upstream.reply(() => ({ status: 200, body: statusBody }));
    const status = await createKsefSessionsClient(http, caller).getSessionStatus('a/b c');
    expect(status).toEqual(statusBody);
    expect(upstream.requests[0]!.url).toBe('/v2/sessions/a%2Fb%20c');
  });

  it.each([
    [
      'ExceptionResponse',
      {
        exception: {
          exceptionDetailList: [
            { exceptionCode: 21173, exceptionDescription: 'Brak sesji', details: [REF] },
          ],
          serviceCode: 'trace-legacy',
        },
      },
      'trace-legacy',
    ],
    [
      'problem+json',
      {
        title: 'Bad Request',
        status: 400,
        instance: `/v2/sessions/${REF}`,
        detail: 'Brak sesji',
        errors: [{ code: 21173, description: 'Brak sesji', details: [REF] }],
        timestamp: '2025-11-22T10:00:00Z',
        traceId: 'trace-problem',
      },
      'trace-problem',
    ],
  ])(
    'turns 400 21173 (%s) for an unknown session into not-found',
    async (_format, body, traceId) => {
      upstream.reply(() => ({
        status: 400,
        headers: { 'content-type': 'application/problem+json' },
        body: JSON.stringify(body),
      }));
      const error = await failure(createKsefSessionsClient(http, caller).getSessionStatus(REF));
      expect(error.kind).toBe('not-found');
      expect(error.status).toBe(400);
      expect(error.errors).toEqual([{ code: 21173, description: 'Brak sesji', details: [REF] }]);
      expect(error.traceId).toBe(traceId);
      expect(error.method).toBe('GET');
      expect(error.path).toBe('/sessions/{referenceNumber}');
    },
  );

  it('turns a 400 with several problem errors into bad-request listing all of them', async () => {
    upstream.reply(() => ({
      status: 400,
      body: {
        title: 'Bad Request',
        status: 400,
        detail: 'x',
        errors: [
          { code: 21405, description: 'Błąd walidacji', details: ['pageSize'] },
          { code: 21418, description: 'Token kontynuacji', details: null },
        ],
        traceId: 't',
      },
    }));
    const error = await failure(
      createKsefSessionsClient(http, caller).listSessions({ sessionType: 'Online' }, 'bad'),
    );
    expect(error.kind).toBe('bad-request');
    expect(error.errors.map((e) => e.code)).toEqual([21405, 21418]);
  });

  it('turns 401 into unauthenticated and 403 into forbidden with reasonCode', async () => {
    upstream.reply((request) =>
      request.url.endsWith('/close')
        ? {
            status: 403,
            headers: { 'content-type': 'application/problem+json' },
            body: JSON.stringify({
              title: 'Forbidden',
              status: 403,
              detail: 'Brak uprawnień',
              reasonCode: 'missing-permissions',
              security: {},
            }),
          }
        : { status: 401, body: { title: 'Unauthorized', status: 401, detail: 'Brak tokena' } },
    );
    const client = createKsefSessionsClient(http, caller);
    expect((await failure(client.getSessionStatus(REF))).kind).toBe('unauthenticated');
    const forbidden = await failure(client.closeOnlineSession(REF));
    expect(forbidden.kind).toBe('forbidden');
    expect(forbidden.reasonCode).toBe('missing-permissions');
  });

  it('turns 429 into rate-limited with retryAfterSeconds from Retry-After', async () => {
    upstream.reply(() => ({
      status: 429,
      headers: { 'retry-after': '17' },
      body: {
        status: {
          code: 429,
          description: 'Too Many Requests',
          details: ['Spróbuj ponownie po 17 sekundach.'],
        },
      },
    }));
    const error = await failure(
      createKsefSessionsClient(http, caller).listSessions({ sessionType: 'Online' }),
    );
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterSeconds).toBe(17);
    expect(error.status).toBe(429);
  });

  it('turns 5xx (even an HTML gateway page) into unavailable', async () => {
    upstream.reply(() => ({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html>Bad Gateway</html>',
    }));
    const error = await failure(createKsefSessionsClient(http, caller).getSessionStatus(REF));
    expect(error.kind).toBe('unavailable');
    expect(error.status).toBe(502);
  });

  it('treats a 404 (a path KSeF does not have) as a contract violation', async () => {
    upstream.reply(() => ({ status: 404, body: '' }));
    expect((await failure(createKsefSessionsClient(http, caller).getSessionStatus(REF))).kind).toBe(
      'contract-violation',
    );
  });

  it.each([
    ['malformed JSON', '{"sessions": [', 'not JSON'],
    ['an HTML page with 200', '<html>login</html>', 'not JSON'],
    ['JSON without the sessions array', JSON.stringify({ items: [] }), 'SessionsQueryResponse'],
    [
      'a session item without its status',
      JSON.stringify({ sessions: [{ referenceNumber: REF }] }),
      'SessionsQueryResponse',
    ],
  ])('turns a 200 with %s into contract-violation', async (_name, body, text) => {
    upstream.reply(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body }));
    const error = await failure(
      createKsefSessionsClient(http, caller).listSessions({ sessionType: 'Online' }),
    );
    expect(error.kind).toBe('contract-violation');
    expect(error.message).toContain(text);
  });

  it('opens an online session (201) posting the request as JSON', async () => {
    const opened = { referenceNumber: REF, validUntil: '2025-11-22T22:00:00+00:00' };
    upstream.reply(() => ({ status: 201, body: opened }));
    const request = {
      formCode: { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' },
      encryption: {
        encryptedSymmetricKey: 'a2V5',
        initializationVector: 'aXY=',
        publicKeyId: null,
      },
    };
    expect(await createKsefSessionsClient(http, caller).openOnlineSession(request)).toEqual(opened);
    const [received] = upstream.requests;
    expect(received!.method).toBe('POST');
    expect(received!.url).toBe('/v2/sessions/online');
    expect(received!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received!.body)).toEqual(request);
  });

  it('refuses a 200 where the contract says 201', async () => {
    upstream.reply(() => ({ status: 200, body: { referenceNumber: REF, validUntil: 'x' } }));
    const error = await failure(
      createKsefSessionsClient(http, caller).openOnlineSession({
        formCode: { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' },
        encryption: { encryptedSymmetricKey: 'a', initializationVector: 'b' },
      }),
    );
    expect(error.kind).toBe('contract-violation');
  });

  it('closes online and batch sessions (204) on their own paths', async () => {
    upstream.reply(() => ({ status: 204 }));
    const client = createKsefSessionsClient(http, caller);
    await client.closeOnlineSession(REF);
    await client.closeBatchSession('20251122-SB-0123456789-ABCDEF0123-4F');
    expect(upstream.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST /v2/sessions/online/${REF}/close`,
      'POST /v2/sessions/batch/20251122-SB-0123456789-ABCDEF0123-4F/close',
    ]);
  });

  it('turns a close refused with 21180 into bad-request', async () => {
    upstream.reply(() => ({
      status: 400,
      body: {
        exception: {
          exceptionDetailList: [
            { exceptionCode: 21180, exceptionDescription: 'Status sesji 170 uniemożliwia' },
          ],
        },
      },
    }));
    const error = await failure(createKsefSessionsClient(http, caller).closeOnlineSession(REF));
    expect(error.kind).toBe('bad-request');
    expect(error.hasCode(21180)).toBe(true);
  });

  it('sends an invoice (202) and reads the invoice lists and status', async () => {
    const invoice = {
      ordinalNumber: 1,
      referenceNumber: '20251122-EE-0123456789-ABCDEF0123-11',
      invoiceHash: 'h'.repeat(43) + '=',
      invoicingDate: '2025-11-22T10:01:00+00:00',
      status: { code: 200, description: 'Sukces' },
    };
    upstream.reply((request) => {
      if (request.method === 'POST')
        return { status: 202, body: { referenceNumber: invoice.referenceNumber } };
      if (request.url.includes('/invoices/20251122-EE')) return { status: 200, body: invoice };
      return { status: 200, body: { continuationToken: null, invoices: [invoice] } };
    });
    const client = createKsefInvoicesClient(http, caller);
    const sent = await client.sendOnlineInvoice(REF, {
      invoiceHash: 'a',
      invoiceSize: 1,
      encryptedInvoiceHash: 'b',
      encryptedInvoiceSize: 16,
      encryptedInvoiceContent: 'c',
    });
    expect(sent.referenceNumber).toBe(invoice.referenceNumber);
    expect(
      (await client.getSessionInvoices(REF, { pageSize: 10, continuationToken: 'ct' })).invoices,
    ).toEqual([invoice]);
    expect((await client.getSessionFailedInvoices(REF)).invoices).toHaveLength(1);
    expect(await client.getSessionInvoiceStatus(REF, invoice.referenceNumber)).toEqual(invoice);
    expect(upstream.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST /v2/sessions/online/${REF}/invoices`,
      `GET /v2/sessions/${REF}/invoices?pageSize=10`,
      `GET /v2/sessions/${REF}/invoices/failed`,
      `GET /v2/sessions/${REF}/invoices/${invoice.referenceNumber}`,
    ]);
    expect(upstream.requests[1]!.headers['x-continuation-token']).toBe('ct');
  });

  it('returns a session UPO page byte for byte with its x-ms-meta-hash', async () => {
    // A BOM, CRLF and non-ASCII: anything that a decode/re-encode would change.
    const xml = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('<?xml version="1.0"?>\r\n<Potwierdzenie>Ministerstwo Finansów</Potwierdzenie>'),
    ]);
    const hash = createHash('sha256').update(xml).digest('base64');
    upstream.reply(() => ({
      status: 200,
      headers: { 'content-type': 'application/xml', 'x-ms-meta-hash': hash },
      body: xml,
    }));
    const upo = await createKsefSessionsClient(http, caller).getSessionUpoPage(
      REF,
      '20251122-EU-0123456789-ABCDEF0123-01',
    );
    expect(upo.bytes.equals(xml)).toBe(true);
    expect(upo.metaHash).toBe(hash);
    expect(upstream.requests[0]!.url).toBe(
      `/v2/sessions/${REF}/upo/20251122-EU-0123456789-ABCDEF0123-01`,
    );
    expect(upstream.requests[0]!.headers.accept).toContain('application/xml');
    expect(upstream.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('refuses a UPO whose bytes do not match x-ms-meta-hash', async () => {
    upstream.reply(() => ({
      status: 200,
      headers: { 'x-ms-meta-hash': createHash('sha256').update('other').digest('base64') },
      body: '<Potwierdzenie/>',
    }));
    const error = await failure(createKsefSessionsClient(http, caller).getSessionUpoPage(REF, 'u'));
    expect(error.kind).toBe('contract-violation');
  });

  it('reads public key certificates without sending any Authorization', async () => {
    const certificate = {
      certificate: 'MIIB',
      certificateId: 'id',
      publicKeyId: 'pk',
      validFrom: '2025-01-01T00:00:00Z',
      validTo: '2027-01-01T00:00:00Z',
      usage: ['SymmetricKeyEncryption'],
    };
    upstream.reply(() => ({ status: 200, body: [certificate] }));
    expect(await createKsefSecurityClient(http).getPublicKeyCertificates()).toEqual([certificate]);
    expect(upstream.requests[0]!.url).toBe('/v2/security/public-key-certificates');
    expect(upstream.requests[0]!.headers).not.toHaveProperty('authorization');
  });

  it('never puts the token into an error, its message or its upstream extension', async () => {
    upstream.reply(() => ({
      status: 400,
      body: { exception: { exceptionDetailList: [{ exceptionCode: 21405 }] } },
    }));
    const error = await failure(
      createKsefSessionsClient(http, caller).listSessions({
        sessionType: 'Online',
        referenceNumber: 'secret-query',
      }),
    );
    const everything = JSON.stringify({
      ...error,
      message: error.message,
      ext: error.toUpstreamExtension(),
      stack: error.stack,
      cause: error.cause,
    });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('secret-query');
  });
});
