// The README's configuration tables are what operators read; CONFIG_DEFAULTS is built from the
// constants the owning layers use. Each variable's documented default must be the one in force.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DEFAULTS } from '../../../src/config/config';
import { SIMULATOR_CONFIG_DEFAULTS } from '../../../src/simulator/simulator-config';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

/** `| \`NAME\` | default | meaning |` rows of every table in the README. */
function documentedDefaults(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of readme.split('\n')) {
    const match = /^\| `([A-Z][A-Z0-9_]+)` \| ([^|]+) \|/.exec(line);
    if (match === null) continue;
    const [, name, value] = match as unknown as [string, string, string];
    rows.set(name, [...(rows.get(name) ?? []), value.replace(/`/g, '').trim()]);
  }
  return rows;
}

describe("README's configuration tables", () => {
  const documented = documentedDefaults();

  it.each(Object.entries({ ...CONFIG_DEFAULTS, ...SIMULATOR_CONFIG_DEFAULTS }))(
    'state the default of %s as %s',
    (name, value) => {
      const rows = documented.get(name);
      expect(rows).toBeDefined();
      for (const row of rows ?? []) expect(row).toBe(value);
    },
  );
});
