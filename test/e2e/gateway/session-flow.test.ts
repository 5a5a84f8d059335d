import { createHash } from 'node:crypto';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import {
  CloseSessionDocument,
  GetSessionUpoDocumentDocument,
  OpenOnlineSessionDocument,
  SendInvoiceDocument,
  SessionPhaseDocument,
} from '../../operations/__generated__/operations';
import { newSessionKeys, symmetricKeyCertificate } from '../../support/ksef-client-crypto';
import type { PublicKeyCertificate } from '../../support/ksef-client-crypto';
import { eventually, newToken, startStack } from '../../support/stack';
import type { Stack } from '../../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** sendInvoice with the session's key in clear, as an app that holds its own key sends. */
async function sendInvoice(
  token: string,
  referenceNumber: string,
  key: Buffer,
  iv: Buffer,
  invoiceNumber: string,
) {
  const result = await stack.runDocument(
    SendInvoiceDocument,
    {
      input: {
        sessionReferenceNumber: referenceNumber,
        invoiceXml: buildSampleInvoice({ formCode: 'FA_3', invoiceNumber }),
        key: { symmetricKey: key.toString('base64'), initializationVector: iv.toString('base64') },
      },
    },
    token,
  );
  expect(result.errors).toBeUndefined();
}

async function closeAndReadUpo(token: string, referenceNumber: string) {
  // Typed documents from `npm run codegen`: the compiler checks every field used below.
  const closed = await stack.runDocument(CloseSessionDocument, { referenceNumber }, token);
  expect(closed.errors).toBeUndefined();
  expect(closed.data!.closeSession.referenceNumber).toBe(referenceNumber);
  expect(['CLOSING', 'SUCCEEDED']).toContain(closed.data!.closeSession.phase);

  const phase = await eventually(
    async () => {
      const result = await stack.runDocument(SessionPhaseDocument, { referenceNumber }, token);
      const session = result.data?.session;
      return session?.isTerminal ? session.phase : undefined;
    },
    { what: 'the session to end' },
  );
  expect(phase).toBe('SUCCEEDED');

  const upo = await stack.runDocument(GetSessionUpoDocumentDocument, { referenceNumber }, token);
  expect(upo.errors).toBeUndefined();
  return upo.data!.session!.upo!.pages[0]!.document!;
}

describe('the whole session flow through GraphQL', () => {
  it('opens a session with a generated key, takes an invoice, closes and returns a parsed, hashed UPO', async () => {
    const token = newToken();
    const opened = await stack.runDocument(
      OpenOnlineSessionDocument,
      { input: { formCode: 'FA_3' } },
      token,
    );
    expect(opened.errors).toBeUndefined();
    const { session, generatedKey } = opened.data!.openOnlineSession;
    expect(session).toMatchObject({
      type: 'ONLINE',
      phase: 'OPEN',
      isTerminal: false,
      status: { code: 100, description: 'Sesja interaktywna otwarta' },
    });
    expect(session.referenceNumber).toMatch(/^\d{8}-SO-/);
    expect(Date.parse(session.validUntil!)).toBeGreaterThan(Date.now());
    expect(generatedKey).not.toBeNull();
    const key = Buffer.from(generatedKey!.symmetricKey, 'base64');
    const iv = Buffer.from(generatedKey!.initializationVector, 'base64');
    expect(key).toHaveLength(32);
    expect(iv).toHaveLength(16);

    await sendInvoice(token, session.referenceNumber, key, iv, 'FV/E2E/1');
    const document = await closeAndReadUpo(token, session.referenceNumber);

    expect(document.sessionReferenceNumber).toBe(session.referenceNumber);
    expect(document.documents).toHaveLength(1);
    expect(document.documents[0]!.invoiceNumber).toBe('FV/E2E/1');
    expect(document.documents[0]!.ksefNumber).toMatch(/^\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$/);
    expect(document.sha256).toBe(
      createHash('sha256').update(Buffer.from(document.xml, 'utf8')).digest('base64'),
    );
    expect(document.xml).toContain('<Potwierdzenie');
  });

  it('opens a session with the caller’s own key wrapped for the simulator’s certificate', async () => {
    const token = newToken();
    const certificates = (await (
      await fetch(`${stack.simulator.url}/security/public-key-certificates`)
    ).json()) as PublicKeyCertificate[];
    const { key, iv, encryption } = newSessionKeys(symmetricKeyCertificate(certificates));

    const opened = await stack.run(
      'OpenOnlineSession',
      {
        input: { formCode: 'FA_3', encryption },
      },
      token,
    );
    expect(opened.errors).toBeUndefined();
    expect(opened.data.openOnlineSession.generatedKey).toBeNull();
    const referenceNumber = opened.data.openOnlineSession.session.referenceNumber;

    await sendInvoice(token, referenceNumber, key, iv, 'FV/E2E/OWN');
    const document = await closeAndReadUpo(token, referenceNumber);
    expect(document.documents.map((d: { invoiceNumber: string }) => d.invoiceNumber)).toEqual([
      'FV/E2E/OWN',
    ]);
  });

  it('answers upo of a listed, processed session from its kept final status and downloads it from the pre-signed link', async () => {
    const token = newToken();
    const opened = await stack.run('OpenOnlineSession', { input: { formCode: 'FA_3' } }, token);
    const { session, generatedKey } = opened.data.openOnlineSession;
    const key = Buffer.from(generatedKey.symmetricKey, 'base64');
    const iv = Buffer.from(generatedKey.initializationVector, 'base64');
    await sendInvoice(token, session.referenceNumber, key, iv, 'FV/E2E/LIST');
    const document = await closeAndReadUpo(token, session.referenceNumber);

    stack.simulator.requestLog.clear();
    const listed = await stack.run('ListSessionsWithUpo', { type: 'ONLINE', first: 5 }, token);
    expect(listed.errors).toBeUndefined();
    const node = listed.data.sessions.nodes[0];
    expect(node.phase).toBe('SUCCEEDED');
    expect(node.upo.pages[0].document.sha256).toBe(document.sha256);
    expect(stack.simulator.requestLog.count({ route: 'GET /sessions' })).toBe(1);
    // closeAndReadUpo read the final status (with its UPO link); a final status is kept.
    expect(stack.simulator.requestLog.count({ route: 'GET /sessions/{referenceNumber}' })).toBe(0);
    expect(
      stack.simulator.requestLog.count({
        route: 'GET /sessions/{referenceNumber}/upo/{upoReferenceNumber}',
      }),
    ).toBe(0);
    const storage = stack.simulator.requestLog
      .entries()
      .filter((e) => e.path.includes('/storage/'));
    expect(storage).toHaveLength(1);
    expect(storage[0]?.hadAuthorization).toBe(false);
  });

  it('reads a UPO by reference through the API endpoint, byte for byte', async () => {
    const token = newToken();
    const opened = await stack.run('OpenOnlineSession', { input: { formCode: 'FA_3' } }, token);
    const { session, generatedKey } = opened.data.openOnlineSession;
    await sendInvoice(
      token,
      session.referenceNumber,
      Buffer.from(generatedKey.symmetricKey, 'base64'),
      Buffer.from(generatedKey.initializationVector, 'base64'),
      'FV/E2E/API',
    );
    const document = await closeAndReadUpo(token, session.referenceNumber);
    const viaApi = await stack.run(
      'GetUpo',
      {
        sessionReferenceNumber: session.referenceNumber,
        upoReferenceNumber: document.referenceNumber,
      },
      token,
    );
    expect(viaApi.errors).toBeUndefined();
    expect(viaApi.data.upo.xml).toBe(document.xml);
    expect(viaApi.data.upo.sha256).toBe(document.sha256);
    expect(viaApi.data.upo.documents[0].invoiceNumber).toBe('FV/E2E/API');
  });

  it('fails with UPSTREAM_CONTRACT_VIOLATION when the UPO does not match its x-ms-meta-hash', async () => {
    const token = newToken();
    const opened = await stack.run('OpenOnlineSession', { input: { formCode: 'FA_3' } }, token);
    const { session, generatedKey } = opened.data.openOnlineSession;
    await sendInvoice(
      token,
      session.referenceNumber,
      Buffer.from(generatedKey.symmetricKey, 'base64'),
      Buffer.from(generatedKey.initializationVector, 'base64'),
      'FV/E2E/HASH',
    );
    await closeAndReadUpo(token, session.referenceNumber);
    stack.simulator.faults.inject(
      'GET /storage/upo/{referenceNumber}/{documentReferenceNumber}',
      {
        type: 'status',
        status: 200,
        body: '<Potwierdzenie xmlns="http://upo.schematy.mf.gov.pl/KSeF/v4-3"></Potwierdzenie>',
        headers: {
          'content-type': 'application/xml',
          'x-ms-meta-hash': createHash('sha256').update('other').digest('base64'),
        },
      },
      { times: 1 },
    );
    const result = await stack.run(
      'GetSessionUpoDocument',
      { referenceNumber: session.referenceNumber },
      token,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('UPSTREAM_CONTRACT_VIOLATION');
    expect(result.data.session.upo.pages[0].document).toBeNull();
  });
});
