import { createHash } from 'node:crypto';
import 'reflect-metadata';
import { buildSchema, parse, validate } from 'graphql';
import type { DocumentNode } from 'graphql';
import { DEFAULT_MAX_QUERY_TOKENS } from '../../../../src/graphql/apollo-server';
import { createDocumentCache } from '../../../../src/graphql/limits/document-cache';
import type { DocumentCache } from '../../../../src/graphql/limits/document-cache';
import {
  DEFAULT_OPERATION_LIMITS,
  withinOperationLimits,
} from '../../../../src/graphql/limits/limits.plugin';
import { DEFAULT_MAX_QUERY_BYTES } from '../../../../src/http/graphql-handler';
import { settledHeapBytes } from '../../../support/heap';

const MiB = 1024 * 1024;

/** A key like Apollo's: schema hash, a colon, the query's SHA-256. */
function keyOf(query: string): string {
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');
  return `${hash('schema')}:${hash(query)}`;
}

function parsed(query: string): DocumentNode {
  return parse(query, { maxTokens: DEFAULT_MAX_QUERY_TOKENS });
}

function admitAll(maxBytes: number): DocumentCache {
  return createDocumentCache({ maxBytes, admits: () => true });
}

/** Pads `{ __typename }` with comment lines up to `bytes` of query text. */
function commentPadded(i: number, bytes: number): string {
  const head = `{ __typename }\n# ${i}\n`;
  return head + '#\n'.repeat(Math.floor((bytes - head.length) / 2));
}

describe('the parsed-document cache', () => {
  it('keeps documents the operation limits accept and never one they refuse', async () => {
    const cache = createDocumentCache({
      maxBytes: 16 * MiB,
      admits: (document) => withinOperationLimits(document, DEFAULT_OPERATION_LIMITS),
    });
    const fine = '{ session(referenceNumber: "a") { phase } }';
    const tooManyAliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const tooDeep = `{ ${'a { '.repeat(13)}b${' }'.repeat(13)} }`;
    const tooManyRootFields = `{ ${Array.from({ length: 21 }, (_, i) => `s${i}: sessions(type: ONLINE) { nodes { phase } }`).join(' ')} }`;
    const representations = Array.from(
      { length: 51 },
      (_, i) => `{ __typename: "Session", referenceNumber: "${i}" }`,
    );
    const tooManyLookups = `{ _entities(representations: [${representations.join(', ')}]) { __typename } }`;
    const refusedOnes = [tooManyAliases, tooDeep, tooManyRootFields, tooManyLookups];
    for (const query of [fine, ...refusedOnes]) await cache.set(keyOf(query), parsed(query));
    expect(await cache.get(keyOf(fine))).toBeDefined();
    for (const refused of refusedOnes) {
      expect(await cache.get(keyOf(refused))).toBeUndefined();
    }
    expect(cache.size).toBe(1);
  });

  it('keeps a document whose lookups come from variables: each request counts its own', async () => {
    const cache = createDocumentCache({
      maxBytes: 16 * MiB,
      admits: (document) => withinOperationLimits(document, DEFAULT_OPERATION_LIMITS),
    });
    const fields = Array.from(
      { length: 60 },
      (_, i) => `s${i}: session(referenceNumber: $r) { phase }`,
    );
    const query = `query($r: ID!) { ${fields.slice(0, 20).join(' ')} }`;
    await cache.set(keyOf(query), parsed(query));
    expect(await cache.get(keyOf(query))).toBeDefined();
  });

  it('stays within its byte budget, evicting the least recently used documents', async () => {
    const cache = admitAll(1 * MiB);
    const queries = Array.from({ length: 400 }, (_, i) => `query Q${i} { __typename }`);
    for (const query of queries) await cache.set(keyOf(query), parsed(query));
    expect(cache.chargedBytes).toBeLessThanOrEqual(1 * MiB);
    expect(cache.size).toBeLessThan(400);
    expect(await cache.get(keyOf(queries[0]!))).toBeUndefined();
    expect(await cache.get(keyOf(queries[399]!))).toBeDefined();
  });

  it('does not keep a document that would take more than a sixteenth of the budget', async () => {
    const cache = admitAll(1 * MiB);
    const big = `{ ${'__typename '.repeat(200)}}`;
    await cache.set(keyOf(big), parsed(big));
    expect(cache.size).toBe(0);
  });

  it('leaves a kept document usable: validation errors still have their locations', async () => {
    const schema = buildSchema('type Query { a: Int }');
    const cache = admitAll(16 * MiB);
    const query = '# a comment\n{\n  a\n  b\n}';
    const document = parsed(query);
    await cache.set(keyOf(query), document);
    const [error] = validate(schema, (await cache.get(keyOf(query)))!);
    expect(error?.locations).toEqual([{ line: 4, column: 3 }]);
  });

  // The finding: 30 comment-padded documents held 840 MB while the default store counted a few
  // hundred bytes each. Each shape below is filled in at the gateway's own maxima (query bytes,
  // tokens), and the heap they hold once cached must stay within what the cache charges.
  it.each([
    [
      'comment-padded to the longest accepted text',
      40,
      (i: number) => commentPadded(i, DEFAULT_MAX_QUERY_BYTES),
    ],
    [
      'dense fields at the token budget',
      40,
      (i: number) => `query Q${i} {${' __typename'.repeat(DEFAULT_MAX_QUERY_TOKENS - 6)} }`,
    ],
    [
      'nested inline fragments at the token budget',
      40,
      (i: number) => {
        const levels = Math.floor((DEFAULT_MAX_QUERY_TOKENS - 8) / 5);
        return `query Q${i} { ${'... on Query { '.repeat(levels)}__typename${' }'.repeat(levels)} }`;
      },
    ],
    ['tiny distinct operations', 4000, (i: number) => `query Q${i} { __typename }`],
    [
      'non-Latin text in strings',
      40,
      (i: number) => `query Q${i} { session(referenceNumber: "${'ą'.repeat(8000)}") { phase } }`,
    ],
  ])('charges at least the heap that %s hold', async (_shape, count, make) => {
    const cache = admitAll(1024 * MiB);
    const before = settledHeapBytes();
    for (let i = 0; i < count; i += 1) {
      const query = make(i);
      await cache.set(keyOf(query), parsed(query));
    }
    const held = settledHeapBytes() - before;
    expect(cache.size).toBe(count);
    expect(held).toBeLessThanOrEqual(cache.chargedBytes);
  });
});
