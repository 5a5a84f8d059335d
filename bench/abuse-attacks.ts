// The hostile requests of `npm run bench:abuse`, each with the answer a bounded gateway gives it.
// None carries a real token: they are what anyone on the network can send. Payloads are built
// once (the 18 MB invoice body) or cheaply per request (distinct documents, to defeat caches).
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_QUERY_BYTES,
  JSON_ESCAPE_WORST_CASE,
  KSEF_MAX_INVOICE_BYTES,
} from '../src/http/graphql-handler';

export interface Attack {
  name: string;
  /** What it tries. */
  what: string;
  /** The request body for the i-th sending (JSON). */
  body(i: number): string | Buffer;
  headers?: Record<string, string>;
}

const json = (query: string): string => JSON.stringify({ query });

function fragmentChain(length: number): string {
  const fragments = Array.from(
    { length },
    (_, i) => `fragment F${i} on Query { ${i + 1 < length ? `...F${i + 1}` : '__typename'} }`,
  );
  return `query Chain { ...F0 }\n${fragments.join('\n')}`;
}

/** Distinct per run and per i, so no two documents share a cache entry. */
const run = Date.now().toString(36);

export function createAttacks(): Attack[] {
  const rootFields = json(`{ ${'session(referenceNumber: $reference) { phase } '.repeat(20_000)}}`);
  const comments = json(`{ __typename }\n${'#\n'.repeat(330_000)}`);
  const chain = json(fragmentChain(10_000));
  const tokens = json(
    `{${' __typename'.repeat(Math.floor((DEFAULT_MAX_QUERY_BYTES - 10) / 11))} }`,
  );
  const oversized = JSON.stringify({
    query: 'mutation M($t: String!) { closeSession(referenceNumber: $t) { phase } }',
    variables: { t: 'x'.repeat(2 * DEFAULT_MAX_BODY_BYTES) },
  });
  // The largest body the sendInvoice allowance takes: an invoice at KSeF's maximum, escaped at
  // the worst case. Sent with a made-up token: the gateway must read it and then refuse it.
  const invoiceXml = 'x'.repeat(KSEF_MAX_INVOICE_BYTES * JSON_ESCAPE_WORST_CASE - 1_000);
  const sendInvoice = Buffer.from(
    JSON.stringify({
      query:
        'mutation Send($input: SendInvoiceInput!) { sendInvoice(input: $input) { referenceNumber } }',
      variables: { input: { sessionReferenceNumber: 'x', invoiceXml } },
    }),
  );
  const padding = (bytes: number) => '#\n'.repeat(Math.floor(bytes / 2));

  return [
    {
      name: 'padded-distinct',
      what: 'distinct { __typename } padded with comments to the text limit (cache churn)',
      body: (i) =>
        json(`query P${run}x${i} { __typename }\n${padding(DEFAULT_MAX_QUERY_BYTES - 200)}`),
    },
    {
      name: 'small-distinct',
      what: 'distinct tiny operations (cache churn)',
      body: (i) => json(`query S${run}x${i} { __typename }`),
    },
    { name: 'root-field-920k', what: '20 000 repeats of one root field', body: () => rootFields },
    { name: 'comments-990k', what: '{ __typename } + 330 000 comment lines', body: () => comments },
    { name: 'fragment-chain', what: '10 000 chained fragments', body: () => chain },
    {
      name: 'token-budget',
      what: 'under the text limit, over the token budget',
      body: () => tokens,
    },
    { name: 'oversized-body', what: '2 MiB body of another mutation', body: () => oversized },
    {
      name: 'send-invoice-max',
      what: 'sendInvoice at the body allowance, made-up token',
      body: () => sendInvoice,
      headers: { authorization: 'Bearer not-a-real-token' },
    },
    {
      name: 'subscription',
      what: 'a subscription over HTTP',
      body: () => json('subscription { sessionUpdated(referenceNumber: "x") { phase } }'),
    },
  ];
}
