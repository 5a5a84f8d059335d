// Memory of a child process from /proc/<pid>/status (Linux): VmRSS is the resident set now, VmHWM
// the highest it has been since the process started ("high water mark"). A sampler keeps the
// peak VmRSS seen during one run, since VmHWM covers the whole life of the process.
import { readFileSync } from 'node:fs';

export interface MemoryReading {
  rssMb: number;
  peakRssMb: number;
}

function field(status: string, name: string): number | undefined {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : undefined;
}

const round = (mb: number): number => Math.round(mb * 10) / 10;

/** Null when /proc is not there (not Linux) or the process is gone. */
export function readMemory(pid: number): MemoryReading | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const rss = field(status, 'VmRSS');
  const hwm = field(status, 'VmHWM');
  if (rss === undefined || hwm === undefined) return null;
  return { rssMb: round(rss), peakRssMb: round(hwm) };
}

export interface RssSampler {
  /** The highest VmRSS seen since start, and the last one. */
  stop(): { peakMb: number; lastMb: number } | null;
}

export function startRssSampler(pid: number, intervalMs = 200): RssSampler {
  let peak = 0;
  let last = 0;
  let seen = false;
  const sample = (): void => {
    const reading = readMemory(pid);
    if (reading === null) return;
    seen = true;
    last = reading.rssMb;
    peak = Math.max(peak, reading.rssMb);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return seen ? { peakMb: peak, lastMb: last } : null;
    },
  };
}
