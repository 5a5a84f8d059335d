// Hostile or careless operations are refused before any upstream call: too many aliases, too
// deep, too many root fields, too many distinct session lookups (in the document or in
// `_entities` variables), oversized bodies, mutations over GET and CSRF-prone POSTs.
import { newToken, postGraphql, startStack } from '../../../support/stack';
import type { Stack } from '../../../support/stack';

let stack: Stack;
const token = newToken();

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

beforeEach(() => {
  stack.simulator.requestLog.clear();
});

/** 20251122-SO-0000000001-ABCDEF0123-4F … distinct, well-formed references. */
function reference(i: number): string {
  return `20251122-SO-${String(i).padStart(10, '0')}-ABCDEF0123-4F`;
}

describe('operation limits', () => {
  // 100 aliases: 200 would exceed MAX_QUERY_TOKENS (2 000) and be refused by the parser instead.
  it('refuses an operation with 100 aliases over distinct references before any upstream call', async () => {
    const fields = Array.from(
      { length: 100 },
      (_, i) => `s${i}: session(referenceNumber: "${reference(i)}") { phase }`,
    );
    const result = await postGraphql(stack.url, `{ ${fields.join(' ')} }`, {}, token);
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/Operation refused/);
    expect(result.errors?.[0]?.extensions?.limit).toBeDefined();
    expect(stack.simulator.requestLog.count()).toBe(0);
  });

  it('refuses more distinct status lookups than the budget, also through variables, before any upstream call', async () => {
    const variables: Record<string, string> = {};
    const definitions: string[] = [];
    const fields: string[] = [];
    // 15 aliases and root fields pass those limits; the lookup budget is 10 for this stack.
    for (let i = 0; i < 15; i++) {
      variables[`r${i}`] = reference(i);
      definitions.push(`$r${i}: ID!`);
      fields.push(`s${i}: session(referenceNumber: $r${i}) { phase }`);
    }
    const query = `query Many(${definitions.join(', ')}) { ${fields.join(' ')} }`;
    const small = await startStack({ env: { MAX_STATUS_LOOKUPS: '10' } });
    try {
      const result = await postGraphql(small.url, query, variables, token);
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        limit: 'statusLookups',
        max: 10,
        actual: 15,
      });
      expect(small.simulator.requestLog.count()).toBe(0);
    } finally {
      await small.stop();
    }
  });

  it('refuses _entities with more distinct representations than the budget before any upstream call', async () => {
    const representations = Array.from({ length: 51 }, (_, i) => ({
      __typename: 'Session',
      referenceNumber: reference(i),
    }));
    const result = await postGraphql(
      stack.url,
      'query E($r: [_Any!]!) { _entities(representations: $r) { ... on Session { phase } } }',
      { r: representations },
      token,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'statusLookups',
      max: 50,
      actual: 51,
    });
    expect(stack.simulator.requestLog.count()).toBe(0);
  });

  it('refuses an operation nested too deeply', async () => {
    // Inline fragments add no depth; fields do.
    let selection = 'phase';
    for (let i = 0; i < 20; i++) selection = `... on Session { ${selection} }`;
    const deep = `{ sessions(type: ONLINE) { edges { node { upo { pages { document { documents { ksefNumber } } } } } } } }`;
    const small = await startStack({ env: { MAX_QUERY_DEPTH: '5' } });
    try {
      const result = await postGraphql(small.url, deep, {}, token);
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        limit: 'depth',
        max: 5,
        actual: 8,
      });
      expect(small.simulator.requestLog.count()).toBe(0);
      const fine = await postGraphql(
        small.url,
        `{ sessions(type: ONLINE) { nodes { ${selection} } } }`,
        {},
        token,
      );
      expect(fine.errors).toBeUndefined();
    } finally {
      await small.stop();
    }
  });

  it('refuses too many root fields', async () => {
    const roots = Array.from(
      { length: 21 },
      (_, i) => `l${i}: sessions(type: ONLINE, first: ${i + 1}) { nodes { phase } }`,
    );
    const result = await postGraphql(stack.url, `{ ${roots.join(' ')} }`, {}, token);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions).toMatchObject({
      limit: 'rootFields',
      max: 20,
      actual: 21,
    });
    expect(stack.simulator.requestLog.count()).toBe(0);
  });

  it('refuses a 2 MB body with 413', async () => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `{ __typename }`,
        variables: { pad: 'x'.repeat(2 * 1024 * 1024) },
      }),
    });
    expect(response.status).toBe(413);
    expect(stack.simulator.requestLog.count()).toBe(0);
  });

  it('refuses a mutation over GET', async () => {
    const query =
      'mutation { closeSession(referenceNumber: "20251122-SO-0000000001-ABCDEF0123-4F") { phase } }';
    const response = await fetch(`${stack.url}?query=${encodeURIComponent(query)}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(405);
    expect(stack.simulator.requestLog.count()).toBe(0);
  });

  it('refuses a text/plain POST (CSRF prevention)', async () => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query:
          'mutation { openOnlineSession(input: { formCode: FA_3 }) { session { referenceNumber } } }',
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF|preflight/i);
    expect(stack.simulator.requestLog.count()).toBe(0);
  });
});
