import { soleMutationRootField } from '../../../src/http/sole-root-field';

describe('the sole root field of a single mutation, by lexing alone', () => {
  it.each([
    'mutation { sendInvoice(input: {invoiceXml: "x"}) { referenceNumber } }',
    'mutation Send($i: SendInvoiceInput! = {offlineMode: false}) @a(b: {c: 1}) { sendInvoice(input: $i) { referenceNumber status { code } } }',
    'mutation { sent: sendInvoice(input: $i) @include(if: true) { referenceNumber } }',
    '# a comment { mutation x }\nmutation { sendInvoice(input: $i) { ...F } } fragment F on Invoice { referenceNumber }',
  ])('names sendInvoice in %s', (query) => {
    expect(soleMutationRootField(query)).toBe('sendInvoice');
  });

  it.each([
    ['a query', '{ sendInvoice }'],
    ['a named query', 'query { sendInvoice(input: $i) { x } }'],
    [
      'two root fields',
      'mutation { sendInvoice(input: $i) { x } closeSession(referenceNumber: "r") { x } }',
    ],
    [
      'two operations',
      'mutation A { sendInvoice(input: $i) { x } } mutation B { sendInvoice(input: $i) { x } }',
    ],
    [
      'a mutation and a query',
      'mutation A { sendInvoice(input: $i) { x } } query B { session { x } }',
    ],
    [
      'a fragment spread at the root',
      'mutation { ...M } fragment M on Mutation { sendInvoice(input: $i) { x } }',
    ],
    [
      'an inline fragment at the root',
      'mutation { ... on Mutation { sendInvoice(input: $i) { x } } }',
    ],
    ['a subscription', 'subscription { sendInvoice }'],
    ['a lexical error', 'mutation { sendInvoice(input: "unterminated) { x } }'],
    ['a type definition', 'type Mutation { sendInvoice: Int }'],
    ['an unclosed document', 'mutation { sendInvoice(input: $i) { x }'],
  ])('names nothing for %s', (_what, query) => {
    expect(soleMutationRootField(query)).toBeUndefined();
  });
});
