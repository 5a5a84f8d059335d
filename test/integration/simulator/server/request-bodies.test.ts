import { FORM_CODES } from '../../../../src/ksef/wire/form-codes';
import {
  BATCH_PART_LIMIT_BYTES,
  NO_BODY_LIMIT_BYTES,
  SEND_INVOICE_LIMIT_BYTES,
  SESSION_OPEN_LIMIT_BYTES,
} from '../../../../src/simulator/routes/body-limits';
import { startSimulator, type SimulatorHandle } from '../../../../src/simulator/simulator';
import { chunk, exchange } from '../raw-http';
import { api, encryptionFor, sha256 } from '../../../support/simulator-client';

const REF = '20250101-SO-0123456789-ABCDEF0123-4F';
const AUTH = 'Authorization: Bearer token-a';

describe('request bodies are refused before they are buffered', () => {
  let sim: SimulatorHandle;
  let host: string;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, processingDelayMs: 10 });
    host = new URL(sim.url).host;
  });
  afterAll(() => sim.stop());

  const post = (path: string, headers: string[]) =>
    exchange(sim.url, [`POST ${path} HTTP/1.1`, `Host: ${host}`, ...headers].join('\r\n'));

  it('answers an unknown path with 404 without waiting for its 115 MB body, and closes', async () => {
    const request = post('/v2/no/such/route', ['Content-Length: 115000000']);
    const response = await request.response;
    expect(response.status).toBe(404);
    expect(response.headers.connection).toBe('close');
    await request.closed;
    expect(sim.requestLog.entries().at(-1)).toMatchObject({ route: 'UNMATCHED', status: 404 });
  });

  it('answers 401 to a 4 MB invoice without a token before reading any of it', async () => {
    const request = post(`/v2/sessions/online/${REF}/invoices`, [
      'Content-Type: application/json',
      'Content-Length: 4000000',
    ]);
    const response = await request.response;
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    request.socket.destroy();
  });

  it('refuses a declared length over the route cap with 413 in both KSeF error formats', async () => {
    const tooLong = `Content-Length: ${SESSION_OPEN_LIMIT_BYTES + 1}`;
    const legacy = await post('/v2/sessions/online', [AUTH, tooLong]).response;
    expect(legacy.status).toBe(413);
    expect(legacy.headers['content-type']).toContain('application/json');
    expect(JSON.parse(legacy.body).exception.exceptionDetailList).toEqual([
      {
        exceptionCode: 21405,
        exceptionDescription: 'Błąd walidacji danych wejściowych.',
        details: [`Treść żądania przekracza dozwolony rozmiar ${SESSION_OPEN_LIMIT_BYTES} bajtów.`],
      },
    ]);
    const problem = await post('/v2/sessions/online', [
      AUTH,
      'X-Error-Format: problem-details',
      tooLong,
    ]).response;
    expect(problem.status).toBe(413);
    expect(problem.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(problem.body)).toMatchObject({
      title: 'Payload Too Large',
      status: 413,
      instance: '/v2/sessions/online',
      errors: [{ code: 21405 }],
    });
  });

  it('counts a chunked body as it arrives and refuses it the moment it crosses the cap', async () => {
    const request = post('/v2/sessions/online', [AUTH, 'Transfer-Encoding: chunked']);
    request.write(chunk(Buffer.alloc(SESSION_OPEN_LIMIT_BYTES, ' ')));
    request.write(chunk('{}')); // two bytes past the cap; the body is never finished
    const response = await request.response;
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe('close');
    await request.closed;
  });

  it('gives each route the cap of its body and the rest only a small allowance', async () => {
    const padded = (size: number) => `{"formCode":null${' '.repeat(size - 17)}}`;
    const cases: [string, number, number][] = [
      ['/sessions/online', SESSION_OPEN_LIMIT_BYTES, 400],
      ['/sessions/batch', SESSION_OPEN_LIMIT_BYTES, 400],
      [`/sessions/online/${REF}/invoices`, SEND_INVOICE_LIMIT_BYTES, 400],
      [`/sessions/online/${REF}/close`, NO_BODY_LIMIT_BYTES, 400],
    ];
    for (const [path, cap, status] of cases) {
      expect((await api(sim, 'POST', path, { body: padded(cap) })).status).toBe(status);
      expect((await api(sim, 'POST', path, { body: padded(cap + 1) })).status).toBe(413);
    }
    // 4 000 024 Base64 characters: the largest invoice KSeF takes (3 000 000 bytes) encrypted.
    expect(SEND_INVOICE_LIMIT_BYTES).toBeGreaterThan(4_000_024 + 1024);
  });

  it('checks a part upload’s signature and session before its body, and answers 413 past a part’s size', async () => {
    const { encryption } = await encryptionFor(sim);
    const opened = await api(sim, 'POST', '/sessions/batch', {
      body: {
        formCode: FORM_CODES.FA_3,
        batchFile: {
          fileSize: 10,
          fileHash: sha256('x'),
          fileParts: [{ ordinalNumber: 1, fileSize: 16, fileHash: sha256('x') }],
        },
        encryption,
      },
    });
    expect(opened.status).toBe(201);
    const upload = new URL(opened.json.partUploadRequests[0].url);
    const put = (target: string, length: number) =>
      exchange(
        sim.url,
        [`PUT ${target} HTTP/1.1`, `Host: ${host}`, `Content-Length: ${length}`].join('\r\n'),
      ).response;
    const forged = await put(`${upload.pathname}?se=2999-01-01T00:00:00.000Z&sig=x`, 50_000_000);
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('<Code>AuthenticationFailed</Code>');
    const huge = await put(`${upload.pathname}${upload.search}`, BATCH_PART_LIMIT_BYTES + 1);
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toBe('application/xml');
    expect(huge.headers['x-ms-error-code']).toBe('RequestBodyTooLarge');
    expect(BATCH_PART_LIMIT_BYTES).toBe(100_000_016);
  });

  it('sends 100 Continue only to a request that passed every check, and never for a refused one', async () => {
    const refused = post('/v2/no/such/route', ['Expect: 100-continue', 'Content-Length: 5000000']);
    const answer = await refused.response;
    expect(answer.status).toBe(404);
    expect(answer.raw).not.toContain('100 Continue');
    const accepted = post(`/v2/sessions/online/${REF}/close`, [
      AUTH,
      'Expect: 100-continue',
      'Content-Length: 2',
    ]);
    await new Promise<void>((resolve) =>
      accepted.socket.once('data', (data: Buffer) => {
        expect(data.toString('latin1')).toContain('100 Continue');
        resolve();
      }),
    );
    accepted.write('{}');
    expect((await accepted.response).status).toBe(400); // 21173: no such session
    accepted.socket.destroy();
  });

  it('survives a client that goes away in the middle of a body', async () => {
    const seen = sim.requestLog.count({ route: 'POST /sessions/online' });
    const request = post('/v2/sessions/online', [AUTH, 'Content-Length: 1000']);
    request.write('{"formCode":');
    while (sim.requestLog.count({ route: 'POST /sessions/online' }) === seen)
      await new Promise((resolve) => setImmediate(resolve));
    request.socket.destroy();
    await request.closed;
    expect((await api(sim, 'GET', '/rate-limits')).status).toBe(200);
  });
});

describe('request targets', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, processingDelayMs: 10 });
  });
  afterAll(() => sim.stop());

  it('answers a malformed percent-escape in a path with 400 21405 in both formats', async () => {
    const legacy = await api(sim, 'GET', '/sessions/%E0%A4%A');
    expect(legacy.status).toBe(400);
    expect(legacy.json.exception.exceptionDetailList[0]).toMatchObject({
      exceptionCode: 21405,
      details: ["The path segment '%E0%A4%A' is not valid percent-encoding."],
    });
    const problem = await api(sim, 'GET', '/sessions/%E0%A4%A/invoices', {
      headers: { 'X-Error-Format': 'problem-details' },
    });
    expect(problem.status).toBe(400);
    expect(problem.json).toMatchObject({ status: 400, errors: [{ code: 21405 }] });
    expect(sim.requestLog.count({ route: 'GET /sessions/{referenceNumber}' })).toBe(1);
    // Without a token the answer is 401, as for any other path of the API.
    expect((await api(sim, 'GET', '/sessions/%E0%A4%A', { token: null })).status).toBe(401);
  });
});
