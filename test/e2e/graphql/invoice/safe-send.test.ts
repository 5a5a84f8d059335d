// Sends are safe to repeat. The faults are the ones KSeF users meet (a timeout or a 502 on send,
// after which a client resends and the invoice lands twice): the simulator takes the invoice and
// cuts the connection, or fails before taking it. Upstream calls are counted at the simulator.
import { buildSampleInvoice } from '../../../../src/simulator/sample-invoice';
import {
  SendInvoiceDocument,
  SessionInvoicesDocument,
} from '../../../operations/__generated__/operations';
import { eventually, newToken, openSession, startStack } from '../../../support/stack';
import type { Stack } from '../../../support/stack';

const SEND_ROUTE = 'POST /sessions/online/{referenceNumber}/invoices';
const LIST_ROUTE = 'GET /sessions/{referenceNumber}/invoices';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

afterEach(() => stack.simulator.faults.clear());

async function newSession() {
  const token = newToken();
  const { session, sessionKey } = await openSession(stack, token);
  return { token, referenceNumber: session.referenceNumber, sessionKey: sessionKey! };
}

function send(
  session: { token: string; referenceNumber: string; sessionKey: string },
  invoiceXml: string,
) {
  return stack.runDocument(
    SendInvoiceDocument,
    {
      input: {
        sessionReferenceNumber: session.referenceNumber,
        sessionKey: session.sessionKey,
        invoiceXml,
      },
    },
    session.token,
  );
}

async function invoicesOf(session: { token: string; referenceNumber: string }) {
  const result = await stack.runDocument(
    SessionInvoicesDocument,
    { referenceNumber: session.referenceNumber, first: 100 },
    session.token,
  );
  return result.data!.session!.invoices.nodes;
}

describe('a send whose answer is lost', () => {
  it('is found in the session by its hash, not sent twice; a repeat sends nothing', async () => {
    const session = await newSession();
    const xml = buildSampleInvoice({ formCode: 'FA_3', invoiceNumber: `FV/lost/${Date.now()}` });
    stack.simulator.requestLog.clear();
    // KSeF takes the invoice and the answer never arrives.
    stack.simulator.faults.inject(SEND_ROUTE, { type: 'drop-response' }, { times: 1 });

    const first = await send(session, xml);

    expect(first.errors).toBeUndefined();
    const invoice = first.data!.sendInvoice;
    expect(stack.simulator.requestLog.count({ route: SEND_ROUTE })).toBe(1);
    expect(stack.simulator.requestLog.count({ route: LIST_ROUTE })).toBe(1);
    const held = await invoicesOf(session);
    expect(held.filter((node) => node.invoiceHash === invoice.invoiceHash)).toHaveLength(1);
    expect(held[0]!.referenceNumber).toBe(invoice.referenceNumber);

    stack.simulator.requestLog.clear();
    const repeat = await send(session, xml);
    expect(repeat.errors).toBeUndefined();
    expect(repeat.data!.sendInvoice.referenceNumber).toBe(invoice.referenceNumber);
    expect(stack.simulator.requestLog.count({ route: SEND_ROUTE })).toBe(0);
    expect(await invoicesOf(session)).toHaveLength(1);
  });

  it('that KSeF never took says so, is not resent, and the next send is the first', async () => {
    const session = await newSession();
    const xml = buildSampleInvoice({ formCode: 'FA_3', invoiceNumber: `FV/502/${Date.now()}` });
    stack.simulator.requestLog.clear();
    // A 502 from a proxy in front of KSeF: the invoice went nowhere.
    stack.simulator.faults.inject(SEND_ROUTE, { type: 'status', status: 502 }, { times: 1 });

    const first = await send(session, xml);

    expect(first.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(first.errors?.[0]?.message).toMatch(/not in the session; it was not sent again/);
    expect(stack.simulator.requestLog.count({ route: SEND_ROUTE })).toBe(1);
    expect(await invoicesOf(session)).toHaveLength(0);

    stack.simulator.requestLog.clear();
    const again = await send(session, xml);
    expect(again.errors).toBeUndefined();
    // One look in the session first (the earlier outcome was unknown), then the one send.
    expect(stack.simulator.requestLog.count({ route: LIST_ROUTE })).toBe(1);
    expect(stack.simulator.requestLog.count({ route: SEND_ROUTE })).toBe(1);
    expect(await invoicesOf(session)).toHaveLength(1);
  });
});

describe('a repeated send of an invoice already sent', () => {
  it('returns the first one and costs no POST, also when both arrive at once', async () => {
    const session = await newSession();
    const xml = buildSampleInvoice({ formCode: 'FA_3', invoiceNumber: `FV/twice/${Date.now()}` });
    stack.simulator.requestLog.clear();
    const [a, b] = await Promise.all([send(session, xml), send(session, xml)]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data!.sendInvoice.referenceNumber).toBe(b.data!.sendInvoice.referenceNumber);
    expect(stack.simulator.requestLog.count({ route: SEND_ROUTE })).toBe(1);
  });
});

describe('an invoice KSeF already holds from another session', () => {
  it('is rejected as a duplicate (440) that names the original', async () => {
    const token = newToken();
    const first = await openSession(stack, token);
    const second = await openSession(stack, token);
    const xml = buildSampleInvoice({ formCode: 'FA_3', invoiceNumber: `FV/dup/${Date.now()}` });
    const sessions = [first, second].map((opened) => ({
      token,
      referenceNumber: opened.session.referenceNumber,
      sessionKey: opened.sessionKey!,
    }));
    expect((await send(sessions[0]!, xml)).errors).toBeUndefined();
    const original = await eventuallyFinal(sessions[0]!);
    // The same invoice (seller NIP, RodzajFaktury, P_2) into another session: a new send for the
    // gateway (another session), a duplicate for KSeF.
    expect((await send(sessions[1]!, xml)).errors).toBeUndefined();
    const duplicate = await eventuallyFinal(sessions[1]!);
    expect(duplicate).toMatchObject({
      phase: 'REJECTED',
      status: { code: 440 },
      duplicateOf: {
        sessionReferenceNumber: sessions[0]!.referenceNumber,
        ksefNumber: original.ksefNumber,
      },
    });
    expect(duplicate.status.extensions).toEqual(
      expect.arrayContaining([
        { name: 'originalSessionReferenceNumber', value: sessions[0]!.referenceNumber },
        { name: 'originalKsefNumber', value: original.ksefNumber },
      ]),
    );
  });
});

async function eventuallyFinal(session: { token: string; referenceNumber: string }) {
  return eventually(
    async () => {
      const [node] = await invoicesOf(session);
      return node?.isTerminal ? node : undefined;
    },
    { what: 'the invoice to be judged' },
  );
}
