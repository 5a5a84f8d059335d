import { parse } from 'graphql';
import {
  findOperation,
  measureOperation,
  shapeOf,
} from '../../../../src/graphql/limits/operation-limits';
import {
  checkOperationLimits,
  DEFAULT_OPERATION_LIMITS,
  withinOperationLimits,
} from '../../../../src/graphql/limits/limits.plugin';

function measure(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  return measureOperation(document, findOperation(document)!, variables);
}

describe('operation limits', () => {
  it('measures depth through fragments, ignoring introspection', () => {
    expect(measure('{ sessions(type: ONLINE) { nodes { status { code } } } }').depth).toBe(4);
    expect(
      measure(
        'query { ...F } fragment F on Query { session(referenceNumber: "x") { upo { pages { document { sha256 } } } } }',
      ).depth,
    ).toBe(5);
    expect(
      measure(
        '{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }',
      ).depth,
    ).toBe(0);
  });

  it('counts aliases and root fields, fragments spread many times counted in full', () => {
    const m = measure(
      '{ a: session(referenceNumber: "1") { ...F } b: session(referenceNumber: "2") { ...F } } fragment F on Session { x: phase y: phase }',
    );
    expect(m).toMatchObject({ aliases: 6, rootFields: 2, statusLookups: 2 });
    expect(measure('{ __typename sessions(type: ONLINE) { nodes { phase } } }').rootFields).toBe(1);
  });

  it('counts distinct session lookups from literals, variables and _entities representations', () => {
    expect(
      measure(
        'query($a: ID!, $b: ID!) { x: session(referenceNumber: $a) { phase } y: session(referenceNumber: $b) { phase } z: session(referenceNumber: $a) { phase } }',
        { a: 'A', b: 'B' },
      ).statusLookups,
    ).toBe(2);
    expect(measure('mutation { closeSession(referenceNumber: "A") { phase } }').statusLookups).toBe(
      1,
    );
    const representations = [
      { __typename: 'Session', referenceNumber: 'A' },
      { __typename: 'Session', referenceNumber: 'A' },
      { __typename: 'Session', referenceNumber: 'B' },
    ];
    expect(
      measure(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Session { phase } } }',
        { r: representations },
      ).statusLookups,
    ).toBe(2);
  });

  it('refuses the first broken limit with BAD_USER_INPUT and the numbers', () => {
    const error = checkOperationLimits(
      { depth: 3, aliases: 200, rootFields: 200, statusLookups: 200 },
      DEFAULT_OPERATION_LIMITS,
    );
    expect(error?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'aliases',
      max: 30,
      actual: 200,
    });
    expect(
      checkOperationLimits(
        { depth: 3, aliases: 0, rootFields: 1, statusLookups: 1 },
        DEFAULT_OPERATION_LIMITS,
      ),
    ).toBeUndefined();
  });

  it('walks a document once: later requests with other variables only count their lookups', () => {
    const document = parse(
      'query($a: ID!, $b: ID!) { x: session(referenceNumber: $a) { phase } y: session(referenceNumber: $b) { phase } }',
    );
    const operation = findOperation(document)!;
    const shape = shapeOf(document, operation);
    expect(shapeOf(document, operation)).toBe(shape);
    expect(measureOperation(document, operation, { a: 'A', b: 'B' }).statusLookups).toBe(2);
    expect(measureOperation(document, operation, { a: 'A', b: 'A' }).statusLookups).toBe(1);
    expect(shapeOf(document, operation)).toBe(shape);
  });

  it('judges a document without variables by what it breaks whatever they hold', () => {
    const limits = { ...DEFAULT_OPERATION_LIMITS, maxStatusLookups: 2 };
    const within = (source: string) => withinOperationLimits(parse(source), limits);
    expect(within('{ a: session(referenceNumber: "1") { phase } }')).toBe(true);
    expect(
      within(
        '{ a: session(referenceNumber: "1") { phase } b: session(referenceNumber: "2") { phase } c: session(referenceNumber: "3") { phase } }',
      ),
    ).toBe(false);
    // Three variables may name one session: that is for each request's variables to show.
    expect(
      within(
        'query($a: ID!, $b: ID!, $c: ID!) { a: session(referenceNumber: $a) { phase } b: session(referenceNumber: $b) { phase } c: session(referenceNumber: $c) { phase } }',
      ),
    ).toBe(true);
    // Any operation of the document breaking a limit is enough.
    expect(
      within(`query A { __typename } query B { ${'a { '.repeat(13)}b${' }'.repeat(13)} }`),
    ).toBe(false);
  });
});
