// The typed documents in test/operations/__generated__ are what front-end code and the tests
// import. They must match the operations and the checked-in SDL. This test runs the real
// GraphQL Code Generator CLI with the repository's own codegen.yml on a scratch copy of its
// inputs (so a stale file is reported, never silently rewritten) and compares the result with
// the committed file.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(__dirname, '..', '..', '..');
const generatedFile = join('test', 'operations', '__generated__', 'operations.ts');

describe('generated typed operations', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'codegen-check-'));
    cpSync(join(root, 'codegen.yml'), join(scratch, 'codegen.yml'));
    cpSync(join(root, 'schema'), join(scratch, 'schema'), { recursive: true });
    cpSync(join(root, 'test', 'operations'), join(scratch, 'test', 'operations'), {
      recursive: true,
      filter: (source) => !source.includes('__generated__'),
    });
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('are up to date with codegen.yml, test/operations and schema/ (run `npm run codegen` if not)', async () => {
    const cli = join(root, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js');
    await promisify(execFile)(process.execPath, [cli, '--config', 'codegen.yml'], {
      cwd: scratch,
      env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
      // A hung generator must fail this test, not keep the test run alive.
      timeout: 50_000,
    });
    const fresh = readFileSync(join(scratch, generatedFile), 'utf8');
    const committed = readFileSync(join(root, generatedFile), 'utf8');
    // Compared as one value so a failure shows the diff; the hint is in the test's name.
    expect(committed).toEqual(fresh);
  });
});
