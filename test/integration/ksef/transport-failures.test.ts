// What the client makes of failures below HTTP: they all become KsefError `unavailable`, with the
// kind of failure recorded for a later retry policy.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createKsefHttp, DEFAULT_KSEF_TIMEOUT_MS } from '../../../src/ksef/http';
import type { KsefHttp } from '../../../src/ksef/http';
import { createKsefSessionsClient } from '../../../src/ksef/sessions.client';
import { startFakeUpstream, unusedPort } from '../../support/fake-upstream';
import type { FakeUpstream } from '../../support/fake-upstream';
import { failure } from '../../support/ksef-failure';

const REF = '20251122-SO-0123456789-ABCDEF0123-4F';
const TOKEN = 'secret-access-token';

describe('transport failures', () => {
  let upstream: FakeUpstream | undefined;
  let http: KsefHttp | undefined;

  afterEach(async () => {
    http?.close();
    await upstream?.stop();
    http = undefined;
    upstream = undefined;
  });

  it('turns a KSeF that never answers into unavailable/timeout within the configured deadline', async () => {
    upstream = await startFakeUpstream(() => 'hang');
    http = createKsefHttp({ baseUrl: upstream.url, timeoutMs: 300 });
    const started = Date.now();
    const error = await failure(
      createKsefSessionsClient(http, { token: TOKEN }).getSessionStatus(REF),
    );
    expect(error.kind).toBe('unavailable');
    expect(error.transport).toBe('timeout');
    expect(error.path).toBe('/sessions/{referenceNumber}');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('applies the deadline to the whole answer, not only to idle time (a trickling body)', async () => {
    const server = net.createServer((socket) => {
      socket.once('data', () => {
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
        );
        const timer = setInterval(() => socket.write(' '), 50);
        socket.on('close', () => clearInterval(timer));
        socket.on('error', () => clearInterval(timer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    http = createKsefHttp({ baseUrl: `http://127.0.0.1:${port}/v2`, timeoutMs: 400 });
    try {
      const error = await failure(
        createKsefSessionsClient(http, { token: TOKEN }).listSessions({ sessionType: 'Online' }),
      );
      expect(error.kind).toBe('unavailable');
      expect(error.transport).toBe('timeout');
    } finally {
      http.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('turns a refused connection into unavailable/refused', async () => {
    http = createKsefHttp({
      baseUrl: `http://127.0.0.1:${await unusedPort()}/v2`,
      timeoutMs: 2000,
    });
    const error = await failure(
      createKsefSessionsClient(http, { token: TOKEN }).listSessions({ sessionType: 'Online' }),
    );
    expect(error.kind).toBe('unavailable');
    expect(error.transport).toBe('refused');
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('turns a connection closed without an answer (socket hang up) into unavailable/reset', async () => {
    upstream = await startFakeUpstream(() => 'reset');
    http = createKsefHttp({ baseUrl: upstream.url, timeoutMs: 2000 });
    const error = await failure(
      createKsefSessionsClient(http, { token: TOKEN }).closeOnlineSession(REF),
    );
    expect(error.kind).toBe('unavailable');
    expect(error.transport).toBe('reset');
    expect(error.method).toBe('POST');
    expect(error.path).toBe('/sessions/online/{referenceNumber}/close');
  });

  it('turns the caller abandoning the operation into unavailable/aborted, promptly', async () => {
    upstream = await startFakeUpstream(() => 'hang');
    http = createKsefHttp({ baseUrl: upstream.url, timeoutMs: 5000 });
    const controller = new AbortController();
    const pending = failure(
      createKsefSessionsClient(http, { token: TOKEN, signal: controller.signal }).getSessionStatus(
        REF,
      ),
    );
    setTimeout(() => controller.abort(), 100);
    const error = await pending;
    expect(error.kind).toBe('unavailable');
    expect(error.transport).toBe('aborted');
  });

  it('keeps the token out of transport errors', async () => {
    http = createKsefHttp({
      baseUrl: `http://127.0.0.1:${await unusedPort()}/v2`,
      timeoutMs: DEFAULT_KSEF_TIMEOUT_MS,
    });
    const error = await failure(
      createKsefSessionsClient(http, { token: TOKEN }).getSessionStatus(REF),
    );
    expect(
      JSON.stringify({ ...error, message: error.message, stack: error.stack, cause: error.cause }),
    ).not.toContain(TOKEN);
  });
});
