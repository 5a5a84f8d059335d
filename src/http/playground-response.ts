// Serves the rendered playground page. The page is about 9 MB of inlined GraphiQL, so it is
// compressed for clients that accept gzip (to about a quarter) and revalidated by ETag. Gzipping
// it takes over a second of CPU, so it happens once, off the event loop (zlib's thread pool), on
// the first request that wants it rather than at start: tests that build many gateways never pay.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Fits the gateway's route table (`RouteHandler` in routes.ts): settles once the page is sent. */
export type PlaygroundResponder = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return (acceptEncoding ?? '').split(',').some((coding) => {
    const [name = '', ...params] = coding.split(';').map((part) => part.trim().toLowerCase());
    return name === 'gzip' && !params.some((param) => /^q=0(\.0*)?$/.test(param));
  });
}

export function createPlaygroundResponder(html: string): PlaygroundResponder {
  const body = Buffer.from(html, 'utf8');
  // Weak: the gzip and identity bodies are the same page, so one validator serves both.
  const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  let gzipped: Promise<Buffer> | undefined;

  const headers = {
    'content-type': 'text/html; charset=utf-8',
    // Revalidate every time: the page only changes when the gateway restarts, and then it must.
    'cache-control': 'no-cache',
    etag,
    vary: 'Accept-Encoding',
    'x-content-type-options': 'nosniff',
    // The page may hold a bearer token in its headers editor: no framing, no referrers.
    'content-security-policy': "frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
  };

  return async (req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, vary: headers.vary, 'cache-control': headers['cache-control'] });
      res.end();
      return;
    }
    const send = (payload: Buffer, encoding?: string): void => {
      res.writeHead(200, {
        ...headers,
        'content-length': payload.length,
        ...(encoding !== undefined && { 'content-encoding': encoding }),
      });
      res.end(req.method === 'HEAD' ? undefined : payload);
    };
    if (!acceptsGzip(req.headers['accept-encoding'])) {
      send(body);
      return;
    }
    gzipped ??= gzipAsync(body);
    try {
      send(await gzipped, 'gzip');
    } catch {
      // Compression failing is no reason to show no page; the next request tries again.
      gzipped = undefined;
      send(body);
    }
  };
}
