import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_KSEF_TOKEN_NIP, SANDBOX_TOKEN } from '../../../src/config/sandbox';
import { contextNipFor } from '../../../src/simulator/state/identifiers';

describe('the sandbox context', () => {
  it('is the NIP the README gives for the sandbox token', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const documented = /the sandbox token `([^`]+)` is NIP\s+`(\d{10})`/.exec(readme);
    expect(documented?.[1]).toBe(SANDBOX_TOKEN);
    expect(contextNipFor(SANDBOX_TOKEN)).toBe(documented?.[2]);
  });

  it("is the NIP the sandbox's KSeF token logs into, so both act for the same seller", () => {
    expect(SANDBOX_KSEF_TOKEN_NIP).toBe(contextNipFor(SANDBOX_TOKEN));
  });
});
