// `npm run simulator`: the simulator alone, as a standalone REST server. This file and the
// gateway's main.ts are the only places that read process.env; config/ reads it for both.
import { ConfigError } from '../config/env-readers';
import { loadSimulatorConfig } from './simulator-config';
import type { SimulatorConfig } from './simulator-config';
import { SAMPLE_SELLER_NIP } from './sample-invoice';
import { describeSchemaValidation, startSimulator } from './simulator';

function fail(message: string): never {
  console.error(`KSeF simulator: ${message}`);
  process.exit(1);
}

function loadConfigOrExit(): SimulatorConfig {
  try {
    return loadSimulatorConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  const simulator = await startSimulator(loadConfigOrExit());
  console.log(`KSeF simulator listening at ${simulator.url}`);
  // KSeF makes KSeF tokens in its web app; here one is made at start, for the NIP the simulator's
  // sample invoices name as seller. It is worth nothing outside this process.
  const login = simulator.auth.issueKsefToken({ nip: SAMPLE_SELLER_NIP });
  console.log(`KSeF simulator: KSeF token for NIP ${login.nip}: ${login.token}`);
  const validation = describeSchemaValidation(simulator.schemaValidation);
  console.log(
    `KSeF simulator: ${validation}${simulator.schemaValidation.enabled ? '' : ' (set KSEF_SCHEMAS_DIR to a checkout of the official faktury/schemy/FA folder)'}`,
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`KSeF simulator: ${signal} received, stopping`);
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
