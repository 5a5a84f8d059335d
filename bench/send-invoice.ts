// The sendInvoice scenario: what one invoice costs the gateway (CPU per invoice: the document
// checks, SHA-256 twice, AES-256-CBC, the JSON, GraphQL and HTTP around them) and KSeF (upstream
// calls per send, which must be exactly one POST). Sends are not load-tested like reads: every
// send must carry another invoice (a repeat is answered without a call), and KSeF's invoiceSend
// budget (10 a second per context) is what bounds a real client anyway.
import { performance } from 'node:perf_hooks';
import { checkInvoiceDocument } from '../src/domain/invoice-document';
import { encryptInvoice } from '../src/ksef/crypto';
import { buildSampleInvoice } from '../src/simulator/sample-invoice';
import { startCpuMeter } from './cpu';
import type { HttpClient } from './http-client';
import { graphqlRequest } from './http-client';
import type { SimulatorProcess } from './processes';

export const SEND_ROUTE = 'POST /sessions/online/{referenceNumber}/invoices';

export interface SendInvoiceReport {
  invoices: number;
  concurrency: number;
  invoiceBytes: number;
  /** Gateway process CPU per sendInvoice, everything included. */
  gatewayCpuMsPerInvoice: number | null;
  /** The document checks, both hashes and the encryption alone, measured in this process. */
  cryptoCpuMsPerInvoice: number;
  upstreamPerSend: number;
  sendPostsPerSend: number;
  byRoute: Record<string, number>;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

const OPEN = `mutation { openOnlineSession(input: { formCode: FA_3 }) { session { referenceNumber } sessionKey } }`;
const SEND = `mutation Send($input: SendInvoiceInput!) { sendInvoice(input: $input) { referenceNumber phase } }`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function measureSendInvoice(
  http: HttpClient,
  gateway: { url: string; pid: number },
  simulator: SimulatorProcess,
  options: { invoices: number; concurrency: number; token: string },
): Promise<SendInvoiceReport> {
  const opened = await http.request(gateway.url, graphqlRequest(OPEN, {}, options.token));
  const open = JSON.parse(opened.body) as {
    data?: {
      openOnlineSession: { session: { referenceNumber: string }; sessionKey: string | null };
    };
    errors?: unknown[];
  };
  const session = open.data?.openOnlineSession;
  if (!session?.sessionKey) {
    throw new Error(`sendInvoice scenario: no session key from openOnlineSession: ${opened.body}`);
  }
  const run = Date.now().toString(36);
  const documents = Array.from({ length: options.invoices }, (_, i) =>
    buildSampleInvoice({ formCode: 'FA_3', invoiceNumber: `FV/BENCH/${run}/${i}` }),
  );

  // The crypto alone, on the same documents, in this process.
  const key = Buffer.alloc(32, 7);
  const iv = Buffer.alloc(16, 9);
  const cpuBefore = process.cpuUsage();
  for (const xml of documents) {
    const checked = checkInvoiceDocument(xml);
    if (checked.ok) encryptInvoice(checked.bytes, key, iv);
  }
  const cpuAfter = process.cpuUsage(cpuBefore);
  const cryptoCpuMsPerInvoice = (cpuAfter.user + cpuAfter.system) / 1000 / options.invoices;

  await simulator.clearCalls();
  const meter = startCpuMeter(gateway.pid);
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const worker = async () => {
    while (next < documents.length) {
      const invoiceXml = documents[next++]!;
      const started = performance.now();
      const answer = await http.request(
        gateway.url,
        graphqlRequest(
          SEND,
          {
            input: {
              sessionReferenceNumber: session.session.referenceNumber,
              sessionKey: session.sessionKey,
              invoiceXml,
            },
          },
          options.token,
        ),
      );
      latencies.push(performance.now() - started);
      if (answer.status !== 200 || answer.body.includes('"errors"')) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const cpuMs = meter.elapsedMs();
  const calls = await simulator.calls();
  latencies.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    invoices: options.invoices,
    concurrency: options.concurrency,
    invoiceBytes: Buffer.byteLength(documents[0]!),
    gatewayCpuMsPerInvoice: cpuMs === null ? null : round(cpuMs / options.invoices),
    cryptoCpuMsPerInvoice: round(cryptoCpuMsPerInvoice),
    upstreamPerSend: round(calls.total / options.invoices),
    sendPostsPerSend: round((calls.byRoute[SEND_ROUTE] ?? 0) / options.invoices),
    byRoute: calls.byRoute,
    errors,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}
