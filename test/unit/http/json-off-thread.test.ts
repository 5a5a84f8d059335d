import { parseJsonOffThread } from '../../../src/http/json-off-thread';

describe('JSON.parse off the event loop', () => {
  it('parses a body, also one that is a view into a larger buffer', async () => {
    const value = { query: 'mutation { sendInvoice }', variables: { xml: '<a>ą€😀</a>' } };
    expect(await parseJsonOffThread(Buffer.from(JSON.stringify(value)))).toEqual(value);
    const pooled = Buffer.from(`xx${JSON.stringify(value)}yy`).subarray(2, -2);
    expect(await parseJsonOffThread(pooled)).toEqual(value);
  });

  it('rejects a body that is not JSON, and keeps working after', async () => {
    await expect(parseJsonOffThread(Buffer.from('{"query": '))).rejects.toThrow(SyntaxError);
    expect(await parseJsonOffThread(Buffer.from('[1]'))).toEqual([1]);
  });

  it('keeps the event loop turning while it parses a body at the sendInvoice allowance', async () => {
    const body = Buffer.from(JSON.stringify({ variables: { xml: 'x'.repeat(19_000_000) } }));
    let turns = 0;
    let parsing = true;
    const turn = (): void => {
      if (!parsing) return;
      turns += 1;
      setImmediate(turn);
    };
    setImmediate(turn);
    const parsed = parseJsonOffThread(body).finally(() => (parsing = false));
    const value = (await parsed) as { variables: { xml: string } };
    expect(value.variables.xml).toHaveLength(19_000_000);
    // On the event loop the parse would have run between two turns: none could happen during it.
    expect(turns).toBeGreaterThan(1);
  });
});
