// A whole online session through GraphQL alone, as a front-end drives it: no cryptography, no
// REST, no simulator port in the test. KSeF's own verification decides what is accepted: with
// the official schemas (KSEF_SCHEMAS_DIR) the simulator validates every invoice against the XSD.
import { createHash } from 'node:crypto';
import { buildSampleInvoice } from '../../../../src/simulator/sample-invoice';
import {
  CloseSessionDocument,
  GetInvoiceDocument,
  GetSessionUpoDocumentDocument,
  OpenOnlineSessionDocument,
  SendInvoiceDocument,
  SessionInvoicesDocument,
} from '../../../operations/__generated__/operations';
import { describeWithSchemas } from '../../../support/invoice-schemas';
import { eventually, newToken, startStack } from '../../../support/stack';
import type { Stack } from '../../../support/stack';

const SEND_ROUTE = 'POST /sessions/online/{referenceNumber}/invoices';

describeWithSchemas('an online session through GraphQL alone', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('sends two valid invoices and one the XSD rejects, closes, and reads both UPOs', async () => {
    const token = newToken();
    const opened = await stack.runDocument(
      OpenOnlineSessionDocument,
      { input: { formCode: 'FA_3' } },
      token,
    );
    expect(opened.errors).toBeUndefined();
    const { session, sessionKey } = opened.data!.openOnlineSession;
    expect(sessionKey).toMatch(/^v1\.test\./);
    const referenceNumber = session.referenceNumber;

    const run = `${Date.now().toString(36)}`;
    const valid = [1, 2].map((n) =>
      buildSampleInvoice({ formCode: 'FA_3', invoiceNumber: `FV/${run}/${n}` }),
    );
    // Well-formed, so the gateway sends it; an unknown currency code only the XSD catches.
    const xsdInvalid = buildSampleInvoice({
      formCode: 'FA_3',
      invoiceNumber: `FV/${run}/3`,
    }).replace('<KodWaluty>PLN</KodWaluty>', '<KodWaluty>QQQ</KodWaluty>');
    stack.simulator.requestLog.clear();
    const sent = [];
    for (const invoiceXml of [...valid, xsdInvalid]) {
      const result = await stack.runDocument(
        SendInvoiceDocument,
        { input: { sessionReferenceNumber: referenceNumber, invoiceXml, sessionKey } },
        token,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.sendInvoice).toMatchObject({
        sessionReferenceNumber: referenceNumber,
        phase: 'PROCESSING',
        isTerminal: false,
        status: { code: 100 },
      });
      sent.push(result.data!.sendInvoice);
    }
    // One POST per send, and nothing else.
    expect(stack.simulator.requestLog.count({ route: SEND_ROUTE })).toBe(3);
    expect(stack.simulator.requestLog.count()).toBe(3);

    const invoices = await eventually(
      async () => {
        const result = await stack.runDocument(
          SessionInvoicesDocument,
          { referenceNumber, first: 10 },
          token,
        );
        const nodes = result.data?.session?.invoices.nodes ?? [];
        return nodes.length === 3 && nodes.every((node) => node.isTerminal) ? nodes : undefined;
      },
      { what: 'three invoices with a final status' },
    );
    const byReference = new Map(invoices.map((node) => [node.referenceNumber, node]));
    for (const accepted of sent.slice(0, 2)) {
      const node = byReference.get(accepted.referenceNumber)!;
      expect(node.phase).toBe('ACCEPTED');
      expect(node.ksefNumber).toMatch(/^5265877635-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$/);
      expect(node.invoiceHash).toBe(accepted.invoiceHash);
    }
    const rejected = byReference.get(sent[2]!.referenceNumber)!;
    expect(rejected.phase).toBe('REJECTED');
    expect(rejected.status.code).toBe(450);
    expect(rejected.status.details.join(' ')).toMatch(/KodWaluty/);
    expect(rejected.ksefNumber).toBeNull();

    const failedOnly = await stack.runDocument(
      SessionInvoicesDocument,
      { referenceNumber, failedOnly: true },
      token,
    );
    expect(failedOnly.data!.session!.invoices.nodes.map((node) => node.referenceNumber)).toEqual([
      rejected.referenceNumber,
    ]);

    const closed = await stack.runDocument(CloseSessionDocument, { referenceNumber }, token);
    expect(closed.errors).toBeUndefined();
    const final = await eventually(
      async () => {
        const result = await stack.runDocument(
          SessionInvoicesDocument,
          { referenceNumber, first: 1 },
          token,
        );
        return result.data?.session?.isTerminal ? result.data.session : undefined;
      },
      { what: 'the session to end' },
    );
    expect(final).toMatchObject({
      phase: 'SUCCEEDED',
      invoiceCount: 3,
      successfulInvoiceCount: 2,
      failedInvoiceCount: 1,
    });

    const upo = await stack.runDocument(GetSessionUpoDocumentDocument, { referenceNumber }, token);
    expect(upo.errors).toBeUndefined();
    const listed = upo.data!.session!.upo!.pages.flatMap(
      (page) => page.document?.documents.map((entry) => entry.ksefNumber) ?? [],
    );
    const acceptedNumbers = sent
      .slice(0, 2)
      .map((invoice) => byReference.get(invoice.referenceNumber)!.ksefNumber);
    expect([...listed].sort()).toEqual([...acceptedNumbers].sort());

    const invoice = await stack.runDocument(
      GetInvoiceDocument,
      { sessionReferenceNumber: referenceNumber, invoiceReferenceNumber: sent[0]!.referenceNumber },
      token,
    );
    expect(invoice.errors).toBeUndefined();
    const receipt = invoice.data!.invoice!.upo!;
    expect(receipt.sha256).toHaveLength(44);
    expect(createHash('sha256').update(receipt.xml, 'utf8').digest('base64')).toBe(receipt.sha256);
    expect(receipt.document).toMatchObject({
      ksefNumber: acceptedNumbers[0],
      invoiceSha256: sent[0]!.invoiceHash,
    });
  });
});
