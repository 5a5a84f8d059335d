// The subgraph proven inside a composed supergraph: our checked-in SDL (schema/schema.graphql,
// what `rover subgraph publish` sends) composed with an accounting subgraph written here, served
// by a real federation router (@apollo/gateway over the static supergraph) in front of the real
// gateway and the KSeF simulator. Upstream calls are counted in the simulator's request log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import type { CompositionResult } from '@apollo/composition';
import { parse } from 'graphql';
import { encryptInvoice } from '../../../src/ksef/crypto';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import { eventually, newToken, openSession, postGraphql, startStack } from '../../support/stack';
import type { GraphqlResult, Stack } from '../../support/stack';
import {
  ACCOUNTING_SDL,
  startAccountingSubgraph,
} from '../../support/federation/accounting-subgraph';
import type { AccountingSubgraph, LedgerEntry } from '../../support/federation/accounting-subgraph';
import { startRouter } from '../../support/federation/router';
import type { Router } from '../../support/federation/router';
import {
  CloseSessionDocument,
  SessionPhaseDocument,
} from '../../operations/__generated__/operations';

const SCHEMA_FILE = join(__dirname, '..', '..', '..', 'schema', 'schema.graphql');
const STATUS_ROUTE = 'GET /sessions/{referenceNumber}';
/** Well-formed, but no session of the caller: KSeF answers 21173 / 404. */
const UNKNOWN = '20250101-SO-0000000000-0000000000-00';

let stack: Stack;
let accounting: AccountingSubgraph;
let router: Router;
let composition: CompositionResult;
const token = newToken();
/** open: status 100; cancelled: closed without invoices (440); succeeded: one invoice (200); posted: open, in the ledger. */
const refs = { open: '', cancelled: '', succeeded: '', posted: '' };
let unposted: string[] = [];
const ledger = new Map<string, LedgerEntry>();

async function sendInvoice(
  referenceNumber: string,
  key: { symmetricKey: string; initializationVector: string },
) {
  const xml = buildSampleInvoice({ formCode: 'FA_3', invoiceNumber: 'FV/FED/1' });
  const response = await fetch(
    `${stack.simulator.url}/sessions/online/${referenceNumber}/invoices`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(
        encryptInvoice(
          xml,
          Buffer.from(key.symmetricKey, 'base64'),
          Buffer.from(key.initializationVector, 'base64'),
        ),
      ),
    },
  );
  expect(response.status).toBe(202);
}

async function closeAndWaitForTheEnd(referenceNumber: string): Promise<string> {
  const closed = await stack.runDocument(CloseSessionDocument, { referenceNumber }, token);
  expect(closed.errors).toBeUndefined();
  return eventually(
    async () => {
      const result = await stack.runDocument(SessionPhaseDocument, { referenceNumber }, token);
      return result.data?.session?.isTerminal ? result.data.session.phase : undefined;
    },
    { what: `session ${referenceNumber} to end` },
  );
}

/** A query through the router, as a client of the company supergraph sends it. */
function viaRouter(query: string, requestId: string): Promise<GraphqlResult> {
  return fetch(router.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-request-id': requestId,
    },
    body: JSON.stringify({ query }),
  }).then(async (response) => ({
    status: response.status,
    ...((await response.json()) as object),
  }));
}

beforeAll(async () => {
  stack = await startStack();
  refs.open = (await openSession(stack, token)).session.referenceNumber;
  refs.cancelled = (await openSession(stack, token)).session.referenceNumber;
  const withInvoice = await openSession(stack, token);
  refs.succeeded = withInvoice.session.referenceNumber;
  refs.posted = (await openSession(stack, token)).session.referenceNumber;
  await sendInvoice(refs.succeeded, withInvoice.generatedKey);
  expect(await closeAndWaitForTheEnd(refs.cancelled)).toBe('CANCELLED');
  expect(await closeAndWaitForTheEnd(refs.succeeded)).toBe('SUCCEEDED');

  // Duplicates and one reference KSeF does not know, as a real ledger export would have.
  unposted = [
    refs.open,
    refs.cancelled,
    refs.open,
    UNKNOWN,
    refs.succeeded,
    refs.cancelled,
    refs.succeeded,
  ];
  ledger.set(refs.posted, { postedToLedger: true, ledgerEntryId: 'LE-2025-000042' });
  accounting = await startAccountingSubgraph({ unposted: () => unposted, ledger: () => ledger });

  composition = composeServices([
    { name: 'ksef-sessions', typeDefs: parse(readFileSync(SCHEMA_FILE, 'utf8')), url: stack.url },
    { name: 'accounting', typeDefs: parse(ACCOUNTING_SDL), url: accounting.url },
  ]);
  if (composition.errors) throw new Error(composition.errors.map(String).join('\n'));
  router = await startRouter(composition.supergraphSdl);
});

afterAll(async () => {
  await router?.stop();
  await accounting?.stop();
  await stack?.stop();
});

describe('the subgraph in a composed supergraph', () => {
  it('composes with a second subgraph that extends Session, with no errors and no hints', () => {
    expect(composition.errors).toBeUndefined();
    // A hint is composition's warning (inconsistent shareable types, unused keys …): none here.
    expect(
      (composition.hints ?? []).map((hint) => `${hint.definition.code}: ${hint.message}`),
    ).toEqual([]);
    const supergraph = composition.supergraphSdl ?? '';
    expect(supergraph).toMatch(
      /type Session\s+@join__type\(graph: ACCOUNTING, key: "referenceNumber"\)\s+@join__type\(graph: KSEF_SESSIONS, key: "referenceNumber"\)/,
    );
  });

  it('carries the demand-control and contract directives into the supergraph', () => {
    const supergraph = composition.supergraphSdl ?? '';
    expect(supergraph).toContain('@link(url: "https://specs.apollo.dev/cost/v0.1"');
    expect(supergraph).toContain('@link(url: "https://specs.apollo.dev/tag/v0.3")');
    // What a router prices: the KSeF calls, and `first` as the size of both connection lists.
    expect(supergraph).toMatch(
      /\): SessionConnection! @join__field\(graph: KSEF_SESSIONS\) @cost\(weight: 10\) @listSize\(slicingArguments: \["first"\], sizedFields: \["edges", "nodes"\], requireOneSlicingArgument: false\) @tag\(name: "public"\)/,
    );
    expect(supergraph).toMatch(
      /\n {2}session\([\s\S]*?\n {2}\): Session @join__field\(graph: KSEF_SESSIONS\) @cost\(weight: 10\)/,
    );
    expect(supergraph).toMatch(/\n {2}upo: SessionUpo[^\n]* @cost\(weight: 10\)/);
    expect(supergraph).toMatch(/\n {2}document: Upo[^\n]* @cost\(weight: 10\)/);
    expect(supergraph).toMatch(/\n {2}pages: \[UpoPage!\]![^\n]* @listSize\(assumedSize: 1\)/);
    expect(supergraph).toMatch(
      /\n {2}closeSession\([\s\S]*?\n {2}\): Session![^\n]* @cost\(weight: 20\)/,
    );
    // What a contract (`--exclude-tag internal`) would drop: the generated key and the bearer link
    // (and the other team's internal field); what `--include-tag public` keeps: the read surface.
    expect(supergraph).toMatch(/\n {2}generatedKey: SessionKey[^\n]* @tag\(name: "internal"\)/);
    expect(supergraph).toMatch(/type SessionKey\s[^{]*@tag\(name: "internal"\)/);
    expect(supergraph).toMatch(/\n {2}downloadUrl: String![^\n]* @tag\(name: "internal"\)/);
    expect(supergraph).toMatch(/type Session\s[^{]*@tag\(name: "public"\)/);
    expect(supergraph).toMatch(/unpostedSessions: \[Session\]![^\n]* @tag\(name: "public"\)/);
    expect(supergraph).toMatch(
      /ledgerEntryId: String @join__field\(graph: ACCOUNTING\) @tag\(name: "internal"\)/,
    );
  });

  it('answers a query that needs both subgraphs, with one KSeF status call per distinct session', async () => {
    stack.simulator.requestLog.clear();
    accounting.requests.length = 0;
    const requestId = 'router-req-0001';
    const result = await viaRouter(
      '{ unpostedSessions { referenceNumber postedToLedger phase status { code } invoiceCount } }',
      requestId,
    );
    expect(result.status).toBe(200);

    const expected = (
      referenceNumber: string,
      phase: string,
      code: number,
      invoiceCount: number,
    ) => ({
      referenceNumber,
      postedToLedger: false,
      phase,
      status: { code },
      invoiceCount,
    });
    const open = expected(refs.open, 'OPEN', 100, 0);
    const cancelled = expected(refs.cancelled, 'CANCELLED', 440, 0);
    const succeeded = expected(refs.succeeded, 'SUCCEEDED', 200, 1);
    // The unknown session is null on its own: KSeF does not know it, so this subgraph resolves
    // its representation to null, the router cannot fill the non-null `phase` and nulls the
    // (nullable) list item; the other entries, duplicates included, are complete, and nothing
    // failed (@apollo/gateway reports no error for it; a router may add one for that path).
    expect(result.data).toEqual({
      unpostedSessions: [open, cancelled, open, null, succeeded, cancelled, succeeded],
    });
    expect(result.errors).toBeUndefined();

    // One status read per distinct session that is not known final already (the unknown one
    // included: only KSeF can tell), all in the router's one `_entities` call, each carrying the
    // caller's token and the router's id. The cancelled and the succeeded session were read final
    // while the test waited for them, and a final status is kept (shared reads): no call.
    const statusCalls = stack.simulator.requestLog
      .entries()
      .filter((entry) => entry.route === STATUS_ROUTE);
    const perSession = new Map<string, number>();
    for (const entry of statusCalls)
      perSession.set(entry.path, (perSession.get(entry.path) ?? 0) + 1);
    expect(Object.fromEntries(perSession)).toEqual(
      Object.fromEntries([refs.open, UNKNOWN].map((ref) => [`/v2/sessions/${ref}`, 1])),
    );
    expect(stack.simulator.requestLog.count()).toBe(2);
    expect(statusCalls.map((entry) => [entry.requestId, entry.hadAuthorization])).toEqual(
      statusCalls.map(() => [requestId, true]),
    );
    // The accounting subgraph got the same id: one id across the whole federated request.
    expect(accounting.requests.map((headers) => headers['x-request-id'])).toEqual([requestId]);
  });

  it('resolves accounting fields on sessions listed by KSeF, costing no status call', async () => {
    stack.simulator.requestLog.clear();
    const result = await viaRouter(
      '{ sessions(type: ONLINE, first: 10) { nodes { referenceNumber phase postedToLedger ledgerEntryId } } }',
      'router-req-0002',
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data.sessions.nodes as { referenceNumber: string }[];
    const byRef = new Map(nodes.map((node) => [node.referenceNumber, node]));
    expect(byRef.size).toBe(4);
    expect(byRef.get(refs.posted)).toEqual({
      referenceNumber: refs.posted,
      phase: 'OPEN',
      postedToLedger: true,
      ledgerEntryId: 'LE-2025-000042',
    });
    expect(byRef.get(refs.succeeded)).toEqual({
      referenceNumber: refs.succeeded,
      phase: 'SUCCEEDED',
      postedToLedger: false,
      ledgerEntryId: null,
    });
    // The list answers every field of ours: one KSeF call, no status reads.
    expect(stack.simulator.requestLog.count({ route: 'GET /sessions' })).toBe(1);
    expect(stack.simulator.requestLog.count({ route: STATUS_ROUTE })).toBe(0);
    expect(
      stack.simulator.requestLog.entries().every((entry) => entry.requestId === 'router-req-0002'),
    ).toBe(true);
  });

  it('fails KSeF-backed fields with UNAUTHENTICATED, and calls no KSeF, when the router forwards no token', async () => {
    stack.simulator.requestLog.clear();
    const response = await fetch(router.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ unpostedSessions { referenceNumber postedToLedger phase } }',
      }),
    });
    const body = (await response.json()) as GraphqlResult;
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(body.errors?.every((error) => error.extensions?.code === 'UNAUTHENTICATED')).toBe(true);
    expect(stack.simulator.requestLog.count()).toBe(0);
  });
});

describe('the subgraph answers the router directly', () => {
  it('serves through _service an SDL that composes to the same supergraph as the checked-in file', async () => {
    // `rover subgraph introspect` and a router's own introspection read `_service.sdl` (which
    // also carries the federation directive definitions); a published file that said something
    // else than the running subgraph would be caught here.
    const result = await postGraphql(stack.url, '{ _service { sdl } }', {}, null);
    expect(result.errors).toBeUndefined();
    // Byte for byte the published file (which ends in a newline, as text files do).
    expect(`${(result.data._service.sdl as string).trimEnd()}\n`).toBe(
      readFileSync(SCHEMA_FILE, 'utf8'),
    );
    const introspected = composeServices([
      {
        name: 'ksef-sessions',
        typeDefs: parse(result.data._service.sdl as string),
        url: stack.url,
      },
      { name: 'accounting', typeDefs: parse(ACCOUNTING_SDL), url: accounting.url },
    ]);
    expect(introspected.errors).toBeUndefined();
    expect(introspected.supergraphSdl).toBe(composition.supergraphSdl);
  });
});
