// The door's transport against a scripted fake KSeF: answers over their endpoint's size cap are
// refused as contract violations, without being read when Content-Length says so, counted as they
// stream in otherwise (also after decompression), never retried, and their sockets never return to
// the pool. Compressed answers under the cap arrive byte for byte.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { gzipSync, brotliCompressSync, deflateRawSync } from 'node:zlib';
import { createKsefHttp } from '../../../src/ksef/http';
import type { KsefHttp } from '../../../src/ksef/http';
import { withResilience } from '../../../src/ksef/resilience/resilient-http';
import { createKsefSessionsClient } from '../../../src/ksef/sessions.client';
import {
  DEFAULT_RESPONSE_SIZE_CAP,
  MIB,
  PRESIGNED_UPO_SIZE_CAP,
  responseSizeCapOf,
} from '../../../src/ksef/wire/response-size-caps';
import { startFakeUpstream } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { failure } from '../../support/ksef-failure';

const REF = '20251122-SO-0123456789-ABCDEF0123-4F';
const caller = { token: 'secret-access-token' };
const STATUS_CAP = responseSizeCapOf('GET', '/sessions/{referenceNumber}');

const statusBody = {
  status: { code: 100, description: 'Sesja interaktywna otwarta' },
  dateCreated: '2025-11-22T10:00:00+00:00',
  dateUpdated: '2025-11-22T10:00:00+00:00',
};

/** A JSON status body padded to `bytes` with a long description. */
function paddedStatus(bytes: number): Buffer {
  const base = JSON.stringify({ ...statusBody, status: { code: 100, description: '' } });
  const description = 'x'.repeat(bytes - Buffer.byteLength(base));
  return Buffer.from(JSON.stringify({ ...statusBody, status: { code: 100, description } }));
}

describe('the KSeF transport', () => {
  let upstream: FakeUpstream;
  let http: KsefHttp;

  beforeEach(async () => {
    upstream = await startFakeUpstream();
    http = createKsefHttp({ baseUrl: upstream.url, timeoutMs: 5_000 });
  });

  afterEach(async () => {
    http.close();
    await upstream.stop();
  });

  const status = (client: KsefHttp = http) =>
    createKsefSessionsClient(client, caller).getSessionStatus(REF);

  it('caps each endpoint from the spec: a status is small, a list page and a UPO page larger', () => {
    expect(STATUS_CAP).toBe(DEFAULT_RESPONSE_SIZE_CAP);
    expect(responseSizeCapOf('GET', '/sessions')).toBeGreaterThan(STATUS_CAP);
    expect(responseSizeCapOf('GET', '/sessions/{referenceNumber}/upo/{upoReferenceNumber}')).toBe(
      PRESIGNED_UPO_SIZE_CAP,
    );
    expect(PRESIGNED_UPO_SIZE_CAP).toBeLessThan(64 * MIB);
  });

  it('reads an answer exactly at its cap', async () => {
    upstream.reply(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: paddedStatus(STATUS_CAP),
    }));
    const answer = await status();
    expect(answer.status.code).toBe(100);
  });

  it('refuses an answer whose Content-Length is over the cap, as a contract violation that is not retried', async () => {
    const body = paddedStatus(STATUS_CAP + 1);
    upstream.reply(() => ({
      status: 200,
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    }));
    const resilient = withResilience(http, { retry: { maxAttempts: 3 } });
    const error = await failure(status(resilient));
    expect(error.kind).toBe('contract-violation');
    expect(error.message).toContain(`announced a body of ${STATUS_CAP + 1} bytes`);
    expect(error.path).toBe('/sessions/{referenceNumber}');
    expect(upstream.requests).toHaveLength(1);
  });

  it('destroys the socket of a refused answer instead of returning it to the pool', async () => {
    upstream.reply(() => ({ status: 200, body: paddedStatus(STATUS_CAP + 1) }));
    await failure(status());
    expect(upstream.connections()).toBe(1);
    upstream.reply(() => ({ status: 200, body: statusBody }));
    await status();
    // The second call could not reuse the first one's socket.
    expect(upstream.connections()).toBe(2);
    upstream.reply(() => ({ status: 200, body: statusBody }));
    await status();
    // A good answer's socket is kept alive and reused.
    expect(upstream.connections()).toBe(2);
  });

  it('counts a body without Content-Length as it arrives and stops reading at the cap', async () => {
    const sent = { bytes: 0 };
    let closedAt: (bytes: number) => void = () => undefined;
    const closed = new Promise<number>((resolve) => (closedAt = resolve));
    const server = net.createServer((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n');
        socket.write('Transfer-Encoding: chunked\r\n\r\n');
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          // Far more than the cap, unless the client hangs up first.
          while (sent.bytes < 20 * STATUS_CAP) {
            sent.bytes += chunk.length;
            const more = socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`);
            if (!more) return void socket.once('drain', pump);
          }
          socket.end('0\r\n\r\n');
        };
        pump();
      });
      socket.on('error', () => undefined);
      socket.on('close', () => closedAt(sent.bytes));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const streaming = createKsefHttp({ baseUrl: `http://127.0.0.1:${port}/v2`, timeoutMs: 5_000 });
    try {
      const error = await failure(status(streaming));
      expect(error.kind).toBe('contract-violation');
      expect(error.message).toContain(`body over ${STATUS_CAP} bytes`);
      // The client hung up long before the server had written it all.
      expect(await closed).toBeLessThan(20 * STATUS_CAP);
    } finally {
      streaming.close();
      server.close();
    }
  });

  it('counts a compressed body after decompression (a small gzip that expands past the cap)', async () => {
    const bomb = gzipSync(paddedStatus(4 * STATUS_CAP));
    expect(bomb.length).toBeLessThan(STATUS_CAP / 10);
    upstream.reply(() => ({
      status: 200,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: bomb,
    }));
    const error = await failure(status());
    expect(error.kind).toBe('contract-violation');
    expect(error.message).toContain(`body over ${STATUS_CAP} bytes`);
  });

  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
    ['deflate', deflateRawSync],
  ])('decodes a %s answer to the exact bytes sent', async (encoding, compress) => {
    const xml = Buffer.from(
      '<?xml version="1.0" encoding="utf-8"?>\n<Potwierdzenie>żółć</Potwierdzenie>',
    );
    upstream.reply(() => ({
      status: 200,
      headers: { 'content-type': 'application/xml', 'content-encoding': encoding },
      body: compress(xml),
    }));
    const answer = await http.request({
      method: 'GET',
      pathTemplate: '/sessions/{referenceNumber}/upo/{upoReferenceNumber}',
      pathParams: { referenceNumber: REF, upoReferenceNumber: REF },
      caller,
      responseType: 'bytes',
      expectedStatus: [200],
    });
    expect(answer.data.equals(xml)).toBe(true);
    expect(answer.headers['content-encoding']).toBeUndefined();
  });

  it('reads an error body under the same cap (an oversized 500 is a contract violation, not a retry)', async () => {
    upstream.reply(() => ({ status: 500, body: paddedStatus(STATUS_CAP + 10) }));
    const resilient = withResilience(http, { retry: { maxAttempts: 3 } });
    const error = await failure(status(resilient));
    expect(error.kind).toBe('contract-violation');
    expect(upstream.requests).toHaveLength(1);
  });

  it('refuses a call whose operation was already abandoned, without sending it or failing the process', async () => {
    upstream.reply(() => ({ status: 200, body: statusBody }));
    const abandoned = new AbortController();
    abandoned.abort();
    const error = await failure(
      createKsefSessionsClient(http, { ...caller, signal: abandoned.signal }).getSessionStatus(REF),
    );
    expect(error.transport).toBe('aborted');
    // The process is still fine, the next call goes through, and nothing reached KSeF before it.
    await new Promise((resolve) => setImmediate(resolve));
    await status();
    expect(upstream.requests).toHaveLength(1);
  });

  it('refuses an oversized UPO from a pre-signed URL under the UPO cap', async () => {
    upstream.reply(() => ({
      status: 200,
      headers: {
        'content-type': 'application/xml',
        'content-length': String(PRESIGNED_UPO_SIZE_CAP + 1),
      },
      body: 'x',
    }));
    const error = await failure(
      http.request({
        method: 'GET',
        pathTemplate: '{downloadUrl}',
        absoluteUrl: new URL(`${upstream.origin}/storage/upo.xml?sig=1`),
        responseType: 'bytes',
        expectedStatus: [200],
      }),
    );
    expect(error.kind).toBe('contract-violation');
    expect(error.message).toContain(`over ${PRESIGNED_UPO_SIZE_CAP}`);
  });
});
