// How many TCP connections to a port were closed during a run, from /proc/net/tcp (Linux): every
// closed connection leaves one TIME_WAIT entry (for 60 s) on the side that closed first. With a
// keep-alive pool that works, a steady load closes none; a pool that drops idle sockets and dials
// new ones shows up here by the thousand. Null where /proc is not available.
import { readFileSync } from 'node:fs';

const TIME_WAIT = '06';

function timeWaitEntries(port: number): Set<string> | null {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const entries = new Set<string>();
  let found = false;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    found = true;
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, remote, state] = fields;
      if (state !== TIME_WAIT || local === undefined || remote === undefined) continue;
      if (local.endsWith(`:${hexPort}`) || remote.endsWith(`:${hexPort}`))
        entries.add(`${local}-${remote}`);
    }
  }
  return found ? entries : null;
}

export interface ClosedConnectionCounter {
  /** Connections to the port closed since the counter started. */
  count(): number | null;
}

export function countClosedConnections(port: number): ClosedConnectionCounter {
  const before = timeWaitEntries(port);
  return {
    count() {
      const after = timeWaitEntries(port);
      if (before === null || after === null) return null;
      let fresh = 0;
      for (const entry of after) if (!before.has(entry)) fresh++;
      return fresh;
    },
  };
}
