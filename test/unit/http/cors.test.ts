import type { ServerResponse } from 'node:http';
import { applyCors, CORS_ALLOWED_HEADERS, isOriginAllowed } from '../../../src/http/cors';
import { fakeRequest } from '../../support/fake-http';

function headersOf(): { response: ServerResponse; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string) {
      headers[name] = value;
    },
  } as unknown as ServerResponse;
  return { response, headers };
}

describe('CORS for /graphql', () => {
  it('answers an allowed preflight with the headers a GraphQL client sends', () => {
    const { response, headers } = headersOf();
    const request = fakeRequest('OPTIONS', {
      origin: 'https://app.example.com',
      host: 'gateway.example.com',
    });
    expect(applyCors(['https://app.example.com'], request, response)).toBe('allowed');
    expect(headers).toMatchObject({
      vary: 'Origin',
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-expose-headers': 'x-request-id',
      'access-control-max-age': '600',
    });
    for (const name of [
      'content-type',
      'authorization',
      'x-request-id',
      'apollo-require-preflight',
    ]) {
      expect(headers['access-control-allow-headers']?.split(', ')).toContain(name);
    }
    expect(CORS_ALLOWED_HEADERS).toContain('authorization');
  });

  it('refuses an origin that is not listed and says nothing to it', () => {
    const { response, headers } = headersOf();
    const request = fakeRequest('POST', { origin: 'https://evil.example', host: 'gw.example' });
    expect(applyCors(['https://app.example.com'], request, response)).toBe('refused');
    expect(headers['access-control-allow-origin']).toBeUndefined();
  });

  it("always lets the gateway's own pages (the playground) and non-browser clients through", () => {
    const same = fakeRequest('POST', { origin: 'http://127.0.0.1:4000', host: '127.0.0.1:4000' });
    expect(applyCors([], same, headersOf().response)).toBe('allowed');
    expect(applyCors([], fakeRequest('POST', { host: 'gw' }), headersOf().response)).toBe(
      'not-cross-origin',
    );
  });

  it('takes any loopback origin in sandbox mode, and everything with *', () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'https://[::1]:8443']) {
      expect(isOriginAllowed('loopback', origin)).toBe(true);
    }
    expect(isOriginAllowed('loopback', 'http://192.168.1.5:3000')).toBe(false);
    expect(isOriginAllowed('loopback', 'http://localhost.evil.example')).toBe(false);
    expect(isOriginAllowed('*', 'https://anything.example')).toBe(true);
  });
});
