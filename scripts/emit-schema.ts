// `npm run schema`: writes schema/schema.graphql, the subgraph SDL a router or a company
// supergraph composes (with @key and @link; type-graphql's own emitSchemaFile would drop @key).
// test/integration/gateway/schema-drift.test.ts fails when the file and the code disagree.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildGatewaySchema, toPublishedSdl } from '../src/federation/build-subgraph-schema';

export const SCHEMA_FILE = resolve(__dirname, '..', 'schema', 'schema.graphql');

export async function renderSchemaFile(): Promise<string> {
  return toPublishedSdl(await buildGatewaySchema());
}

async function main(): Promise<void> {
  const text = await renderSchemaFile();
  mkdirSync(dirname(SCHEMA_FILE), { recursive: true });
  writeFileSync(SCHEMA_FILE, text);
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
