import { gunzipSync } from 'node:zlib';
import { createPlaygroundResponder } from '../../../src/http/playground-response';
import { fakeRequest, fakeResponse } from '../../support/fake-http';

const html = `<!doctype html><html><body>${'playground '.repeat(1000)}</body></html>`;

async function respond(method: string, headers: Record<string, string> = {}, page = html) {
  const responder = createPlaygroundResponder(page);
  const { res, done } = fakeResponse();
  await responder(fakeRequest(method, headers), res);
  return done;
}

describe('the playground responder', () => {
  it('serves the page as HTML with an ETag, no framing and no caching without revalidation', async () => {
    const { status, headers, body } = await respond('GET');
    expect(status).toBe(200);
    expect(body.toString('utf8')).toBe(html);
    expect(headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': "frame-ancestors 'none'",
      'content-length': Buffer.byteLength(html),
    });
    expect(headers['etag']).toMatch(/^W\/"[\w-]+"$/);
    expect(headers['content-encoding']).toBeUndefined();
  });

  it('gzips the page for clients that accept it', async () => {
    const { headers, body } = await respond('GET', { 'accept-encoding': 'gzip, deflate, br' });
    expect(headers['content-encoding']).toBe('gzip');
    expect(body.length).toBeLessThan(Buffer.byteLength(html) / 4);
    expect(gunzipSync(body).toString('utf8')).toBe(html);
  });

  it('does not gzip for a client that refuses it', async () => {
    const { headers } = await respond('GET', { 'accept-encoding': 'gzip;q=0, identity' });
    expect(headers['content-encoding']).toBeUndefined();
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const responder = createPlaygroundResponder(html);
    const first = fakeResponse();
    await responder(fakeRequest('GET'), first.res);
    const { headers } = await first.done;

    const second = fakeResponse();
    await responder(fakeRequest('GET', { 'if-none-match': headers['etag'] as string }), second.res);
    const revalidated = await second.done;

    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
  });

  it('sends headers only for HEAD', async () => {
    const { status, headers, body } = await respond('HEAD');
    expect(status).toBe(200);
    expect(headers['content-length']).toBe(Buffer.byteLength(html));
    expect(body.length).toBe(0);
  });
});
