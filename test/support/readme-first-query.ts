// The README's first query is the first thing a newcomer copies. This reads that curl command
// out of README.md exactly as written (URL, headers, JSON body) so that a test can run it
// against `npm start` instead of a copy that could drift from the documentation.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface ReadmeCurl {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function readmeFirstCurl(
  readmePath = path.resolve(__dirname, '../../README.md'),
): ReadmeCurl {
  const readme = readFileSync(readmePath, 'utf8');
  const block = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((match) => match[1] ?? '')
    .find((code) => /^curl /m.test(code));
  if (!block) throw new Error('README.md has no ```sh block with a curl command');
  // Join backslash-continued lines into the one command a shell would run.
  const command = block
    .slice(block.search(/^curl /m))
    .split(/\n(?!\s)/)[0]!
    .replace(/\\\n\s*/g, ' ');

  const url = /curl\s+(?:-\w+\s+)*(https?:\/\/\S+)/.exec(command)?.[1];
  const body = /-d\s+'([^']*)'/.exec(command)?.[1];
  if (!url || body === undefined) throw new Error(`cannot read URL and body of: ${command}`);
  const headers: Record<string, string> = {};
  for (const [, header] of command.matchAll(/-H\s+'([^']*)'/g)) {
    const colon = header!.indexOf(':');
    headers[header!.slice(0, colon).trim().toLowerCase()] = header!.slice(colon + 1).trim();
  }
  return { url, headers, body };
}
