// The benchmark's CPU meter: all of a process's threads, and what of it ran off the main thread
// (in a Node service: V8's GC helpers), read from /proc.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { startCpuMeter } from '../../../bench/cpu';

const linux = existsSync(`/proc/${process.pid}/task/${process.pid}/stat`);

(linux ? describe : describe.skip)('bench CPU meter', () => {
  it('counts the CPU of a worker thread as off the main thread, within the whole', async () => {
    const meter = startCpuMeter(process.pid);
    // A fixed amount of work (~400 ms of CPU here), not a fixed time: under load the thread may
    // wait for a core, but the CPU it needs stays the same.
    const worker = new Worker(
      'require("node:crypto").pbkdf2Sync("x", "y", 800000, 32, "sha256");' +
        'require("node:worker_threads").parentPort.postMessage("done");',
      { eval: true },
    );
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    await worker.terminate();
    const all = meter.elapsedMs()!;
    const off = meter.offMainThreadMs()!;
    // ~400 ms of work in the worker; clock ticks are 10 ms.
    expect(off).toBeGreaterThanOrEqual(200);
    expect(off).toBeLessThanOrEqual(all);
  });
});
