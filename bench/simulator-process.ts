// The KSeF simulator as a child process of the harness: its own event loop and CPU, so the load
// generator (autocannon, in the harness) does not slow the upstream down, and the upstream does
// not slow the load generator. The harness reads its request log and scripts faults over the IPC
// channel (simulator-ipc.ts), which is what it would do in-process, one message away.
// @peculiar/x509 (the simulator's certificates) needs the Reflect polyfill before it loads.
import 'reflect-metadata';
import { startSimulator } from '../src/simulator/simulator';
import type { SimulatorOptions } from '../src/simulator/simulator';
import { SIMULATOR_OPTIONS_ENV } from './simulator-ipc';
import type { CallCounts, SimulatorMessage, SimulatorRequest } from './simulator-ipc';

async function main(): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('simulator-process must be started with an IPC channel');
  const options = JSON.parse(process.env[SIMULATOR_OPTIONS_ENV] ?? '{}') as SimulatorOptions;
  const simulator = await startSimulator({ ...options, port: 0, host: '127.0.0.1' });

  const handle = (request: SimulatorRequest): unknown => {
    switch (request.type) {
      case 'calls': {
        const counts: CallCounts = { total: 0, byRoute: {}, failed: 0 };
        for (const entry of simulator.requestLog.entries()) {
          counts.total++;
          counts.byRoute[entry.route] = (counts.byRoute[entry.route] ?? 0) + 1;
          if (entry.status === 0 || entry.status >= 500) counts.failed++;
        }
        return counts;
      }
      case 'clear':
        simulator.requestLog.clear();
        return undefined;
      case 'inject':
        simulator.faults.inject(
          request.route,
          request.fault,
          request.times === undefined ? {} : { times: request.times },
        );
        return undefined;
      case 'clearFaults':
        simulator.faults.clear();
        return undefined;
    }
  };

  process.on('message', (request: SimulatorRequest) => {
    let reply: SimulatorMessage;
    try {
      reply = { type: 'reply', id: request.id, result: handle(request) };
    } catch (error) {
      reply = { type: 'reply', id: request.id, error: String(error) };
    }
    send(reply);
  });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  send({ type: 'ready', url: simulator.url } satisfies SimulatorMessage);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench simulator failed to start: ${String(error)}\n`);
    process.exit(1);
  });
}
