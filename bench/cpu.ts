// CPU time a process used (user + system), from /proc/<pid>/stat (Linux). Divided by the requests
// it served, it is the cost of one request on this CPU, a figure that holds up much better than
// req/s on a machine shared with other work: it does not count the time spent waiting for a core.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond =
        Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * Milliseconds of CPU the process has used so far (all its threads), or with `thread` only that
 * thread's (`/proc/<pid>/task/<tid>/stat`; a process's main thread has tid = pid); null when /proc
 * is not there.
 */
export function readCpuMs(pid: number, thread?: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(
      thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`,
      'utf8',
    );
  } catch {
    return null;
  }
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return ((utime + stime) * 1000) / clockTicks();
}

export interface CpuMeter {
  /** CPU milliseconds used since the meter started, by all of the process's threads. */
  elapsedMs(): number | null;
  /**
   * Of it, what the threads other than the main one used: in a Node service that is V8's helper
   * threads (concurrent marking and sweeping, parallel scavenges) and libuv's pool, work a CPU
   * profile of the main thread never shows.
   */
  offMainThreadMs(): number | null;
}

export function startCpuMeter(pid: number): CpuMeter {
  const start = readCpuMs(pid);
  const startMain = readCpuMs(pid, pid);
  const elapsedMs = (): number | null => {
    const now = readCpuMs(pid);
    return start === null || now === null ? null : now - start;
  };
  return {
    elapsedMs,
    offMainThreadMs() {
      const all = elapsedMs();
      const main = readCpuMs(pid, pid);
      return all === null || main === null || startMain === null
        ? null
        : Math.max(0, all - (main - startMain));
    },
  };
}
