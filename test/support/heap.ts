// The test process's own heap, measured after full garbage collections, for tests that bound
// what the gateway keeps (a cache, per-request state). `--expose-gc` is turned on at run time, so
// the tests need no special node flags.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after collecting everything unreachable. */
export function settledHeapBytes(): number {
  for (let i = 0; i < 3; i += 1) gc();
  return process.memoryUsage().heapUsed;
}
