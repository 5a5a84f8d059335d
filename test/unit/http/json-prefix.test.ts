import { queryInJsonPrefix } from '../../../src/http/json-prefix';

describe('the query member in the start of a JSON body', () => {
  it('finds the query however the members before it look', () => {
    const query = 'mutation S($i: In!) { sendInvoice(input: $i) { referenceNumber } }';
    const bodies = [
      JSON.stringify({ query, variables: { i: { invoiceXml: '<a/>' } } }),
      JSON.stringify({ operationName: 'S', query }),
      `  {\n "extensions" : {"a": [1, {"b": "}\\"]"}], "c": null}, "n": -1.5e3, "t": true,\n "query": ${JSON.stringify(query)} }`,
    ];
    for (const body of bodies) expect(queryInJsonPrefix(body)).toEqual({ kind: 'query', query });
  });

  it('decodes escapes in the query', () => {
    const query = 'mutation { sendInvoice(input: {invoiceXml: "<a b=\\"ą\\"/>"}) { x } }\n';
    expect(queryInJsonPrefix(JSON.stringify({ query }))).toEqual({ kind: 'query', query });
  });

  it('is undecided while the query has not arrived or not ended', () => {
    const body = JSON.stringify({ variables: { x: 'a'.repeat(100) }, query: '{ a }' });
    for (const cut of [0, 1, 10, 30, body.indexOf('"query"') + 3, body.length - 6]) {
      expect(queryInJsonPrefix(body.slice(0, cut))).toEqual({ kind: 'undecided' });
    }
  });

  it('says none for bodies that are no object with a string query', () => {
    for (const body of [
      '[{"query": "{ a }"}]',
      '"x"',
      '{"query": 1}',
      '{"a": 1}',
      '{"a" 1}',
      'x',
    ]) {
      expect(queryInJsonPrefix(body)).toEqual({ kind: 'none' });
    }
  });
});
