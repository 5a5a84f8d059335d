// Serves `GET /metrics` in the Prometheus text format from the gateway's own registry.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayMetrics } from '../observability/metrics';

/** Fits the gateway's route table (`RouteHandler` in routes.ts). */
export type MetricsResponder = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createMetricsResponder(
  metrics: Pick<GatewayMetrics, 'contentType' | 'render'>,
): MetricsResponder {
  return async (req, res) => {
    let text: string;
    try {
      text = await metrics.render();
    } catch {
      // A collector that throws costs one scrape, not an unhandled rejection.
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('metrics unavailable\n');
      return;
    }
    res.writeHead(200, {
      'content-type': metrics.contentType,
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(text),
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
}
