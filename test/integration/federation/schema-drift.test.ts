import { readFileSync } from 'node:fs';
import { renderSchemaFile, SCHEMA_FILE } from '../../../scripts/emit-schema';

describe('the checked-in subgraph schema', () => {
  it('matches the schema the code builds (run `npm run schema` after changing types)', async () => {
    const running = await renderSchemaFile();
    let checkedIn = '';
    try {
      checkedIn = readFileSync(SCHEMA_FILE, 'utf8');
    } catch {
      // reported below
    }
    if (checkedIn !== running) {
      throw new Error(
        `schema/schema.graphql differs from the running schema. Run \`npm run schema\` and commit the result.`,
      );
    }
    expect(checkedIn).toContain('@key(fields: "referenceNumber")');
    expect(checkedIn).toContain('@link(url: "https://specs.apollo.dev/federation/v2.9"');
  });
});
