// The body allowance of sendInvoice through the whole gateway: an invoice within KSeF's size
// limit whose JSON body is larger than MAX_BODY_BYTES (its text is mostly characters that JSON
// escapes) is read, checked and sent to KSeF; a body as large for any other operation is refused
// with 413 before anything reaches KSeF.
import { print } from 'graphql';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import { DEFAULT_MAX_BODY_BYTES } from '../../../src/http/graphql-handler';
import {
  OpenOnlineSessionDocument,
  SendInvoiceDocument,
} from '../../operations/__generated__/operations';
import { newToken, postGraphql, startStack } from '../../support/stack';
import type { Stack } from '../../support/stack';

const SEND_ROUTE = 'POST /sessions/online/{referenceNumber}/invoices';

/** A valid FA (3) invoice carrying a comment of `quotes` double quotes (each `\"` in JSON). */
function invoiceWithQuotes(quotes: number): string {
  const xml = buildSampleInvoice({ formCode: 'FA_3', invoiceNumber: `FV/${Date.now()}/1` });
  const root = xml.indexOf('<Faktura');
  return `${xml.slice(0, root)}<!-- ${'"'.repeat(quotes)} -->\n${xml.slice(root)}`;
}

describe('the sendInvoice body allowance', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('sends an invoice under 1 MB whose JSON body passes MAX_BODY_BYTES', async () => {
    const token = newToken();
    const opened = await stack.runDocument(
      OpenOnlineSessionDocument,
      { input: { formCode: 'FA_3' } },
      token,
    );
    const { session, sessionKey } = opened.data!.openOnlineSession;
    const invoiceXml = invoiceWithQuotes(600_000);
    const variables = {
      input: { sessionReferenceNumber: session.referenceNumber, invoiceXml, sessionKey },
    };
    expect(Buffer.byteLength(invoiceXml)).toBeLessThan(1_000_000);
    expect(JSON.stringify({ query: print(SendInvoiceDocument), variables }).length).toBeGreaterThan(
      DEFAULT_MAX_BODY_BYTES,
    );
    stack.simulator.requestLog.clear();

    const result = await stack.runDocument(SendInvoiceDocument, variables, token);
    expect(result.errors).toBeUndefined();
    expect(result.data!.sendInvoice).toMatchObject({
      sessionReferenceNumber: session.referenceNumber,
      phase: 'PROCESSING',
    });
    expect(stack.simulator.requestLog.count({ route: SEND_ROUTE })).toBe(1);
  });

  it('refuses a body as large for any other operation with 413 and no upstream call', async () => {
    stack.simulator.requestLog.clear();
    const result = await postGraphql(
      stack.url,
      'mutation Close($r: ID!) { closeSession(referenceNumber: $r) { phase } }',
      { r: '"'.repeat(600_000) },
      newToken(),
    );
    expect(result.status).toBe(413);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(stack.simulator.requestLog.count()).toBe(0);
  });
});
