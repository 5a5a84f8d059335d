// Apollo's parsed-document cache (its `documentStore`), bounded by what the documents really hold.
//
// Apollo caches every document that passed validation, keyed by the SHA-256 of its text, so that
// a repeated operation skips parsing and validation. Its default store sizes an entry by
// `JSON.stringify(document)`, which leaves out the two things a parsed document keeps alive: the
// whole query text (`loc.source`) and graphql-js's token list, a doubly linked chain of every
// token *including comments*, reachable from each node's `loc`. A `{ __typename }` padded with
// 330 000 comment lines counted a few hundred bytes and held ~30 MB.
//
// This store:
//  - keeps only what the caller admits (the operation limits' verdict: a document the limits
//    refuse is never cached, it would only be refused again);
//  - unlinks the token chain of a document it keeps (nothing reads `token.prev/next` after
//    parsing; error locations use `loc.start` and `loc.source`), so comments and whitespace
//    runs cost their text and nothing more;
//  - charges each entry for the heap it holds: the query text as a JS string (2 bytes a
//    character at most) plus a cost per token and per entry, measured on graphql 16 — up to
//    ~520 bytes a token for dense documents (`{ a a a … }`: a FieldNode, its NameNode, two
//    Locations and the token per field) and ~2.3 KB for a tiny one with its key;
//  - refuses an entry larger than a sixteenth of the budget (about 1 700 tokens at the default),
//    so a few huge documents cannot push out the everyday ones. Such a document is still served,
//    parsed per request within the parser's token budget.
import type { DocumentStore } from '@apollo/server';
import { TokenKind } from 'graphql';
import type { DocumentNode, Token } from 'graphql';
import { LRUCache } from 'lru-cache';

/** Heap charged per token of a kept document (measured: up to ~520 B on graphql 16). */
export const CHARGED_BYTES_PER_TOKEN = 600;
/** Heap charged per entry: the key (schema hash + query hash), the LRU slot, the measures. */
export const CHARGED_BYTES_PER_ENTRY = 1_024;
/** An entry may take at most this share of the budget. */
const MAX_ENTRY_SHARE = 16;

export interface DocumentCacheOptions {
  /** Heap the cached documents may hold, as charged above. */
  maxBytes: number;
  /** Only documents this accepts are kept (called once per parsed document). */
  admits(document: DocumentNode): boolean;
}

export interface DocumentCache extends DocumentStore {
  /** Bytes charged for the documents held now. */
  readonly chargedBytes: number;
  /** Documents held now. */
  readonly size: number;
}

/**
 * Detaches the token chain from the document (each Location keeps only its own two tokens) and
 * returns how many non-comment tokens it had.
 */
export function releaseTokenChain(document: DocumentNode): number {
  let tokens = 0;
  let token: Token | null | undefined = document.loc?.startToken;
  while (token) {
    const next: Token | null = token.next;
    if (token.kind !== TokenKind.COMMENT && token.kind !== TokenKind.SOF) tokens += 1;
    // graphql-js declares these readonly; the parser is done with them.
    (token as { prev: Token | null }).prev = null;
    (token as { next: Token | null }).next = null;
    token = next;
  }
  return tokens;
}

/** The heap a kept document is charged for; releases its token chain. */
export function chargeDocument(document: DocumentNode): number {
  const text = document.loc?.source.body.length ?? 0;
  const tokens = releaseTokenChain(document);
  return 2 * text + tokens * CHARGED_BYTES_PER_TOKEN + CHARGED_BYTES_PER_ENTRY;
}

export function createDocumentCache(options: DocumentCacheOptions): DocumentCache {
  const cache = new LRUCache<string, DocumentNode>({
    maxSize: options.maxBytes,
    maxEntrySize: Math.max(1, Math.floor(options.maxBytes / MAX_ENTRY_SHARE)),
  });
  return {
    get chargedBytes() {
      return cache.calculatedSize;
    },
    get size() {
      return cache.size;
    },
    get(key) {
      return Promise.resolve(cache.get(key));
    },
    set(key, document) {
      // Synchronous on purpose: Apollo calls this right after validation and does not wait, and
      // the limits plugin then finds the measures computed here already on the document.
      if (options.admits(document)) cache.set(key, document, { size: chargeDocument(document) });
      return Promise.resolve();
    },
    delete(key) {
      return Promise.resolve(cache.delete(key));
    },
  };
}
