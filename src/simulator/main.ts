// `npm run simulator`: the simulator alone, as a standalone REST server. This file and the
// gateway's main.ts are the only places that read process.env.
import { SAMPLE_SELLER_NIP } from './sample-invoice';
import { describeSchemaValidation, startSimulator } from './simulator';

function fail(message: string): never {
  console.error(`KSeF simulator: ${message}`);
  process.exit(1);
}

function integer(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) fail(`${name} must be a non-negative integer, got '${raw}'.`);
  return Number(raw);
}

function flag(name: string): boolean {
  const raw = (process.env[name] ?? 'off').toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  if (['off', 'false', '0', 'no', ''].includes(raw)) return false;
  return fail(`${name} must be 'on' or 'off', got '${raw}'.`);
}

async function main(): Promise<void> {
  const simulator = await startSimulator({
    port: integer('SIMULATOR_PORT', 4010),
    host: process.env.HOST || '127.0.0.1',
    rateLimits: flag('SIMULATOR_RATE_LIMITS'),
    processingDelayMs: integer('SIMULATOR_PROCESSING_DELAY_MS', 300),
    seed: process.env.SIMULATOR_SEED_TOKEN
      ? { token: process.env.SIMULATOR_SEED_TOKEN }
      : undefined,
    invoiceSchemasDir: process.env.KSEF_SCHEMAS_DIR || undefined,
  });
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
