// A few thousand generated malformed inputs — references, dates, cursors, page sizes, Base64 key
// material, huge and odd unicode strings — sent through real HTTP. Each must get BAD_USER_INPUT
// or a valid answer, never INTERNAL_SERVER_ERROR, and malformed references make no upstream
// call. Inputs come from a seeded PRNG (FUZZ_SEED overrides it), so a failure reproduces.
import { randomBytes } from 'node:crypto';
import { newToken, openSession, postGraphql, startStack } from '../../support/stack';
import type { GraphqlResult, Stack } from '../../support/stack';

const SEED = Number(process.env.FUZZ_SEED ?? 20251122);
const CONCURRENCY = 8;

jest.setTimeout(120_000);

/** mulberry32: small, fast, seedable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;

const ODD = [
  '',
  ' ',
  '\t',
  '\n',
  '\u0000',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  '😀',
  '👩‍👩‍👧‍👦',
  'ﷺ',
  'Ω',
  'é',
  'e\u0301',
  'İ',
  'ß',
  '\u{10ffff}',
  '"',
  "'",
  '\\',
  '%00',
  '%2F',
  '/',
  '..',
  '../..',
  '{',
  '}',
  '$',
  '<script>',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  'true',
  '${x}',
  '\r\n',
];

function oddString(maxLength = 64): string {
  const parts: string[] = [];
  const length = int(maxLength) + 1;
  while (parts.join('').length < length) {
    parts.push(random() < 0.5 ? pick(ODD) : String.fromCharCode(int(0xffff)));
  }
  return parts.join('');
}

function hex(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += '0123456789ABCDEF'[int(16)];
  return out;
}

function validReference(): string {
  return `2025${String(1 + int(12)).padStart(2, '0')}${String(1 + int(28)).padStart(2, '0')}-${pick(['SO', 'SB'])}-${hex(10)}-${hex(10)}-${hex(2)}`;
}

/** A reference that is malformed by construction. */
function malformedReference(): string {
  const ref = validReference();
  const at = int(ref.length);
  switch (int(9)) {
    case 0:
      return ref.slice(0, at) + pick(['X', '0', '-', ' ', '😀', '\u0000']) + ref.slice(at);
    case 1:
      return ref.slice(0, at) + ref.slice(at + 1);
    case 2: {
      // A non-hex character in a hex part (positions 12..21, 23..32, 34..35).
      const hexAt = pick([12 + int(10), 23 + int(10), 34 + int(2)]);
      return (
        ref.slice(0, hexAt) +
        pick(['G', 'Z', 'g', 'a', 'f', 'é', '\u200b', '0\u0301'.slice(1)]) +
        ref.slice(hexAt + 1)
      );
    }
    case 3:
      return ref.replace(/-/g, pick(['_', '', '/', '--', '–']));
    case 4:
      return `${ref.slice(0, 4)}${pick(['13', '00', '99'])}${ref.slice(6)}`;
    case 5:
      return ref.toLowerCase();
    case 6:
      return oddString(int(4) === 0 ? 2_000 : 40);
    case 7:
      return ` ${ref}${pick([' ', '\n', '/', '/../x', '?a=1', '#'])}`;
    default:
      return 'x'.repeat(int(4) === 0 ? 50_000 : 37);
  }
}

function oddDate(): unknown {
  return pick<() => unknown>([
    () => oddString(30),
    () => `2025-${pick(['13', '00', '1', '99'])}-01T00:00:00Z`,
    () => '2025-02-30T00:00:00Z',
    () => '2025-01-01T25:61:61Z',
    () => `${int(100000)}-01-01T00:00:00Z`,
    () => '2025-01-01',
    () => 'yesterday',
    () => int(2 ** 31),
    () => -1e300,
    () => ({ date: '2025' }),
    () => ['2025-01-01T00:00:00Z'],
    () => new Date(int(4_000_000_000_000)).toISOString(),
  ])();
}

function oddCursor(): unknown {
  return pick<() => unknown>([
    () => oddString(80),
    () => Buffer.from(oddString(60)).toString('base64'),
    () => Buffer.from(JSON.stringify({ t: oddString(10), q: int(1e9) })).toString('base64url'),
    () => Buffer.from('{"continuationToken":').toString('base64'),
    () => randomBytes(int(300)).toString('base64url'),
    () => 'x'.repeat(20_000),
    () => int(1e6),
  ])();
}

function oddBase64(): unknown {
  return pick<() => unknown>([
    () => oddString(50),
    () =>
      randomBytes(int(600))
        .toString('base64')
        .slice(0, -1 - int(3)),
    () => `${randomBytes(16).toString('base64')}${pick(['!', '=', '==', '===', ' ', '\n'])}`,
    () => randomBytes(int(40)).toString('base64'),
    () => randomBytes(256).toString('base64url'),
    () => 'A'.repeat(1 + int(20_000)),
    () => '',
    () => int(100),
  ])();
}

interface Case {
  kind: 'reference' | 'other';
  query: string;
  variables: Record<string, unknown>;
}

const SESSION = 'query S($r: ID!) { session(referenceNumber: $r) { referenceNumber phase } }';
const CLOSE = 'mutation C($r: ID!) { closeSession(referenceNumber: $r) { phase } }';
const UPO =
  'query U($s: ID!, $u: ID!) { upo(sessionReferenceNumber: $s, upoReferenceNumber: $u) { sha256 } }';
const LIST =
  'query L($first: Int, $after: String, $filter: SessionFilter) { sessions(type: ONLINE, first: $first, after: $after, filter: $filter) { nodes { referenceNumber } pageInfo { endCursor } } }';
const OPEN =
  'mutation O($input: OpenOnlineSessionInput!) { openOnlineSession(input: $input) { session { referenceNumber } } }';

function generate(): Case {
  switch (int(8)) {
    case 0:
      return { kind: 'reference', query: SESSION, variables: { r: malformedReference() } };
    case 1:
      return { kind: 'reference', query: CLOSE, variables: { r: malformedReference() } };
    case 2:
      return {
        kind: 'reference',
        query: UPO,
        variables:
          random() < 0.5
            ? { s: malformedReference(), u: validReference() }
            : { s: validReference(), u: malformedReference() },
      };
    case 3:
      return { kind: 'other', query: LIST, variables: { after: oddCursor() } };
    case 4: {
      const field = pick([
        'createdFrom',
        'createdTo',
        'closedFrom',
        'closedTo',
        'modifiedFrom',
        'modifiedTo',
      ]);
      return { kind: 'other', query: LIST, variables: { filter: { [field]: oddDate() } } };
    }
    case 5:
      return {
        kind: 'other',
        query: LIST,
        variables:
          random() < 0.5
            ? { first: pick([0, -1, 1001, 2 ** 31, 1.5, '10', null]) }
            : {
                filter: {
                  referenceNumber: malformedReference(),
                  statuses: [pick(['IN_PROGRESS', 'NOPE', ''])],
                },
              },
      };
    case 6:
      return {
        kind: 'other',
        query: OPEN,
        variables: {
          input: {
            formCode: pick(['FA_3', 'FA_2', 'XX', '']),
            encryption: {
              encryptedSymmetricKey: oddBase64(),
              initializationVector: oddBase64(),
              ...(random() < 0.3 && { publicKeyId: oddString(20) }),
            },
          },
        },
      };
    default:
      return { kind: 'other', query: SESSION, variables: { r: pick([null, 42, [], {}, true]) } };
  }
}

let stack: Stack;
const token = newToken();

beforeAll(async () => {
  // The fuzzer is one caller hammering one token: the gateway-side limiter would (rightly) queue it.
  stack = await startStack({ env: { KSEF_RATE_LIMITS: 'off' } });
  await openSession(stack, token);
});

afterAll(async () => {
  await stack?.stop();
});

async function runAll(cases: readonly Case[]): Promise<GraphqlResult[]> {
  const results: GraphqlResult[] = new Array(cases.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < cases.length) {
      const index = next++;
      const item = cases[index]!;
      results[index] = await postGraphql(stack.url, item.query, item.variables, token);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

function failureOf(item: Case, result: GraphqlResult): string | undefined {
  const codes = (result.errors ?? []).map((e) => e.extensions?.code);
  if (codes.includes('INTERNAL_SERVER_ERROR') || result.status >= 500) {
    return `seed ${SEED}: ${JSON.stringify(item).slice(0, 400)} → ${result.status} ${JSON.stringify(result.errors).slice(0, 400)}`;
  }
  const allowed = ['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN'];
  if (codes.some((code) => !allowed.includes(String(code)))) {
    return `seed ${SEED}: unexpected codes ${codes.join(',')} for ${JSON.stringify(item).slice(0, 400)}`;
  }
  if (result.errors === undefined && result.data === undefined) return `seed ${SEED}: empty answer`;
  return undefined;
}

describe(`fuzzing inputs (seed ${SEED})`, () => {
  it('answers 1 500 malformed references with BAD_USER_INPUT and no upstream call', async () => {
    const cases: Case[] = [];
    while (cases.length < 1_500) {
      const item = generate();
      if (item.kind === 'reference') cases.push(item);
    }
    stack.simulator.requestLog.clear();
    const results = await runAll(cases);
    const failures = cases.map((c, i) => failureOf(c, results[i]!)).filter(Boolean);
    expect(failures.slice(0, 5)).toEqual([]);
    for (const result of results)
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.simulator.requestLog.count()).toBe(0);
  });

  it('answers 1 500 other odd inputs (dates, cursors, page sizes, Base64, unicode) with BAD_USER_INPUT or a valid answer', async () => {
    const cases: Case[] = [];
    while (cases.length < 1_500) {
      const item = generate();
      if (item.kind === 'other') cases.push(item);
    }
    const results = await runAll(cases);
    const failures = cases.map((c, i) => failureOf(c, results[i]!)).filter(Boolean);
    expect(failures.slice(0, 5)).toEqual([]);
    // Most inputs are refused by the gateway itself; a few (valid dates) reach KSeF and answer.
    expect(results.filter((r) => r.errors === undefined).length).toBeGreaterThan(0);
  });
});
