// Optional OpenTelemetry tracing (off unless main.ts is told to turn it on; see config.ts). Two
// kinds of span only: one per GraphQL operation (operation-plugin.ts) and one child per KSeF call
// (upstream-instrumentation.ts). No per-field spans: they cost most of the throughput in published
// benchmarks (DESIGN.md §8), and what a caller waits for here is KSeF, which the child spans show.
//
// Parenting is explicit rather than left to async context propagation: Apollo's plugin hooks
// cannot wrap execution in `context.with(...)`, so the operation plugin registers the operation's
// context under the request's KSeF caller (and its abort signal, which the pre-signed UPO download
// carries instead of a caller), and the upstream wrapper looks it up from the request spec it is
// given. A registry keyed weakly by those per-request objects dies with the request.
import { context as otelContext, trace } from '@opentelemetry/api';
import type { Context, Tracer } from '@opentelemetry/api';

// The SDK and the OTLP exporter (~11 MB resident) load only when tracing is turned on: a gateway
// without tracing needs the API alone (a no-op tracer).
type ExporterModule = typeof import('@opentelemetry/exporter-trace-otlp-http');
type ResourcesModule = typeof import('@opentelemetry/resources');
type SdkModule = typeof import('@opentelemetry/sdk-trace-node');
/* eslint-disable @typescript-eslint/no-require-imports */
const loadSdk = (): { exporter: ExporterModule; resources: ResourcesModule; sdk: SdkModule } => ({
  exporter: require('@opentelemetry/exporter-trace-otlp-http') as ExporterModule,
  resources: require('@opentelemetry/resources') as ResourcesModule,
  sdk: require('@opentelemetry/sdk-trace-node') as SdkModule,
});
/* eslint-enable @typescript-eslint/no-require-imports */

/** Instrumentation scope of every span the gateway makes; also the default `service.name`. */
export const TRACER_NAME = 'ksef-graphql-gateway';

const parents = new WeakMap<object, Context>();

/** Makes `parent` the context of upstream calls made on behalf of any of `keys`. */
export function bindTraceParent(
  keys: readonly (object | null | undefined)[],
  parent: Context,
): void {
  for (const key of keys) {
    if (key !== null && key !== undefined) parents.set(key, parent);
  }
}

/**
 * The context registered for the first of `keys` that has one; otherwise the active context (so a
 * caller that does propagate context through async hooks is honoured too).
 */
export function traceParentOf(keys: readonly (object | null | undefined)[]): Context {
  for (const key of keys) {
    const parent = key === null || key === undefined ? undefined : parents.get(key);
    if (parent !== undefined) return parent;
  }
  return otelContext.active();
}

export interface TracingOptions {
  /** `service.name` of the resource (OTEL_SERVICE_NAME, default `ksef-graphql-gateway`). */
  serviceName: string;
  serviceVersion?: string;
  /**
   * The OTLP/HTTP traces endpoint (`…/v1/traces`). Absent: the exporter's own default
   * (`http://localhost:4318/v1/traces`). Headers (OTEL_EXPORTER_OTLP_HEADERS) and timeouts are read
   * by the exporter itself, so credentials for a collector never pass through our config.
   */
  url?: string;
}

export interface Tracing {
  readonly tracer: Tracer;
  /** Flushes spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * A NodeTracerProvider exporting over OTLP/HTTP in batches, registered globally (so W3C
 * `traceparent` from callers is extracted and samplers from OTEL_TRACES_SAMPLER apply).
 */
export function startTracing(options: TracingOptions): Tracing {
  const { exporter: otlp, resources, sdk } = loadSdk();
  const { defaultResource, detectResources, envDetector, resourceFromAttributes } = resources;
  const { BatchSpanProcessor, NodeTracerProvider } = sdk;
  const resource = defaultResource()
    // OTEL_RESOURCE_ATTRIBUTES (deployment.environment, …) when set.
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(
      resourceFromAttributes({
        'service.name': options.serviceName,
        ...(options.serviceVersion !== undefined && { 'service.version': options.serviceVersion }),
      }),
    );
  const exporter = new otlp.OTLPTraceExporter(
    options.url === undefined ? {} : { url: options.url },
  );
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return {
    tracer: provider.getTracer(TRACER_NAME, options.serviceVersion),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
    },
  };
}
