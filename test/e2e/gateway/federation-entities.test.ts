import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { newToken, openSession, startStack } from '../../support/stack';
import type { Stack } from '../../support/stack';

const UNKNOWN_ONLINE = '20250101-SO-0000000000-0000000000-00';

let stack: Stack;
const token = newToken();
const refs: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  for (let i = 0; i < 3; i++) refs.push((await openSession(stack, token)).session.referenceNumber);
});

afterAll(async () => {
  await stack?.stop();
});

describe('federation', () => {
  it('resolves many _entities representations with one status call per distinct session, unknown as null', async () => {
    const [a, b, c] = refs as [string, string, string];
    const order = [a, b, a, c, UNKNOWN_ONLINE, b, a, c, c, a];
    stack.simulator.requestLog.clear();
    const result = await stack.run(
      'SessionEntities',
      {
        representations: order.map((referenceNumber) => ({
          __typename: 'Session',
          referenceNumber,
        })),
      },
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(
      result.data._entities.map(
        (e: { referenceNumber: string } | null) => e?.referenceNumber ?? null,
      ),
    ).toEqual(order.map((r) => (r === UNKNOWN_ONLINE ? null : r)));
    expect(result.data._entities[0]).toMatchObject({
      type: 'ONLINE',
      phase: 'OPEN',
      status: { code: 100 },
    });
    expect(stack.simulator.requestLog.count({ route: 'GET /sessions/{referenceNumber}' })).toBe(4);
  });

  it('composes with another subgraph that references Session', () => {
    const ours = readFileSync(
      join(__dirname, '..', '..', '..', 'schema', 'schema.graphql'),
      'utf8',
    );
    // This subgraph owns `Invoice` (a KSeF invoice of a session): another subgraph's own
    // invoice type needs another name (schema/README.md).
    const ledger = `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
      type Session @key(fields: "referenceNumber", resolvable: false) { referenceNumber: ID! }
      type LedgerEntry { number: String! session: Session! }
      type PageInfo @shareable { hasNextPage: Boolean! endCursor: String }
      type Query { ledger: [LedgerEntry!]! }
    `;
    const result = composeServices([
      { name: 'ksef-sessions', typeDefs: parse(ours), url: 'http://sessions.invalid/graphql' },
      { name: 'ledger', typeDefs: parse(ledger), url: 'http://ledger.invalid/graphql' },
    ]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.supergraphSdl).toContain('type Session');
  });
});
