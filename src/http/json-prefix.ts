// Finds the `query` member of a GraphQL-over-HTTP JSON body in the part of it that has arrived,
// so that a body growing past the usual limit can be refused at once when its operation is not
// one that may be larger — without buffering the rest or parsing the whole JSON. Other members
// are skipped, long strings with `indexOf` jumps. The verdict is only a first look: the body is
// checked again after JSON.parse (duplicate keys, for one, resolve to the last).

export type QueryInPrefix =
  /** The top-level `query` string, complete within the prefix. */
  | { kind: 'query'; query: string }
  /** The prefix ends before the `query` member (or its end) is seen. */
  | { kind: 'undecided' }
  /** Not a JSON object with a string `query` member. */
  | { kind: 'none' };

const NONE: QueryInPrefix = { kind: 'none' };
const UNDECIDED: QueryInPrefix = { kind: 'undecided' };

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\n' || char === '\r' || char === '\t';
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (isSpace(text[i])) i += 1;
  return i;
}

/** Index of the closing quote of the string opening at `from`, or -1 past the prefix. */
function stringEnd(text: string, from: number): number {
  let search = from + 1;
  for (;;) {
    const quote = text.indexOf('"', search);
    if (quote < 0) return -1;
    let backslashes = 0;
    for (let j = quote - 1; text[j] === '\\'; j -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    search = quote + 1;
  }
}

/** Index just past the value starting at `from`, or -1 past the prefix. */
function valueEnd(text: string, from: number): number {
  const first = text[from];
  if (first === '"') {
    const end = stringEnd(text, from);
    return end < 0 ? -1 : end + 1;
  }
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let i = from; i < text.length; i += 1) {
      const char = text[i];
      if (char === '"') {
        const end = stringEnd(text, i);
        if (end < 0) return -1;
        i = end;
      } else if (char === '{' || char === '[') {
        depth += 1;
      } else if (char === '}' || char === ']') {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  for (let i = from; i < text.length; i += 1) {
    const char = text[i];
    if (char === ',' || char === '}' || char === ']' || isSpace(char)) return i;
  }
  return -1;
}

function parsed(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

export function queryInJsonPrefix(prefix: string): QueryInPrefix {
  let i = skipSpace(prefix, 0);
  if (i >= prefix.length) return UNDECIDED;
  if (prefix[i] !== '{') return NONE;
  i += 1;
  for (;;) {
    i = skipSpace(prefix, i);
    if (i >= prefix.length) return UNDECIDED;
    if (prefix[i] !== '"') return NONE;
    const keyEnd = stringEnd(prefix, i);
    if (keyEnd < 0) return UNDECIDED;
    const key = parsed(prefix.slice(i, keyEnd + 1));
    i = skipSpace(prefix, keyEnd + 1);
    if (i >= prefix.length) return UNDECIDED;
    if (prefix[i] !== ':') return NONE;
    i = skipSpace(prefix, i + 1);
    if (i >= prefix.length) return UNDECIDED;
    if (key === 'query') {
      if (prefix[i] !== '"') return NONE;
      const end = stringEnd(prefix, i);
      if (end < 0) return UNDECIDED;
      const query = parsed(prefix.slice(i, end + 1));
      return typeof query === 'string' ? { kind: 'query', query } : NONE;
    }
    const end = valueEnd(prefix, i);
    if (end < 0) return UNDECIDED;
    i = skipSpace(prefix, end);
    if (i >= prefix.length) return UNDECIDED;
    if (prefix[i] !== ',') return NONE;
    i += 1;
  }
}
