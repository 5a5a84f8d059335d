// A second subgraph, written the way a company's own team would: an accounting service that
// knows which KSeF sessions it has posted to the ledger. It contributes fields to the `Session`
// entity (keyed by `referenceNumber`, like ours) and has a root field returning sessions, so a
// query over both needs the router to call our `_entities`. A real server on port 0.
import type { IncomingHttpHeaders } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';

export const ACCOUNTING_SDL = `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize", "@tag"])

  type Session @key(fields: "referenceNumber") {
    referenceNumber: ID!
    postedToLedger: Boolean!
    ledgerEntryId: String @tag(name: "internal")
  }

  type Query {
    "Sessions whose invoices are not in the ledger yet (nullable items: KSeF may not know one)."
    unpostedSessions: [Session]! @listSize(assumedSize: 50) @tag(name: "public")
  }
`;

export interface LedgerEntry {
  postedToLedger: boolean;
  ledgerEntryId: string | null;
}

export interface AccountingSubgraph {
  url: string;
  /** Headers of every request the router sent here. */
  requests: IncomingHttpHeaders[];
  stop(): Promise<void>;
}

export async function startAccountingSubgraph(data: {
  /** References `unpostedSessions` returns, in order (duplicates allowed). */
  unposted: () => readonly string[];
  ledger: () => ReadonlyMap<string, LedgerEntry>;
}): Promise<AccountingSubgraph> {
  const requests: IncomingHttpHeaders[] = [];
  const entryOf = (referenceNumber: string) => ({
    referenceNumber,
    ...(data.ledger().get(referenceNumber) ?? { postedToLedger: false, ledgerEntryId: null }),
  });
  const resolvers: GraphQLResolverMap<unknown> = {
    Query: {
      unpostedSessions: () => data.unposted().map(entryOf),
    },
    Session: {
      __resolveReference: (reference: { referenceNumber: string }) =>
        entryOf(reference.referenceNumber),
    },
  };
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(ACCOUNTING_SDL), resolvers }]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: ({ req }) => {
      requests.push({ ...req.headers });
      return Promise.resolve({});
    },
  });
  return { url, requests, stop: () => server.stop() };
}
