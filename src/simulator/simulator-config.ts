// The environment of `npm run simulator` (the simulator alone), read the way loadConfig reads the
// gateway's: pure, every problem reported at once, defaults from the simulator's own constants
// (SIMULATOR_DEFAULTS), and a result typed by the simulator's option type.
import { SIMULATOR_DEFAULTS } from './simulator';
import type { SimulatorOptions } from './simulator';
import { ConfigError, readBoolean, readHost, readInteger, readText } from '../config/env-readers';

/** The simulator variables' defaults as README's simulator table states them. */
export const SIMULATOR_CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  SIMULATOR_PORT: String(SIMULATOR_DEFAULTS.port),
  SIMULATOR_PROCESSING_DELAY_MS: String(SIMULATOR_DEFAULTS.processingDelayMs),
  SIMULATOR_RATE_LIMITS: 'off',
  SIMULATOR_SEED_TOKEN: 'unset',
};

export type SimulatorConfig = Required<
  Pick<SimulatorOptions, 'port' | 'host' | 'processingDelayMs' | 'rateLimits'>
> &
  Pick<SimulatorOptions, 'seed' | 'invoiceSchemasDir'>;

export function loadSimulatorConfig(env: Record<string, string | undefined>): SimulatorConfig {
  const problems: string[] = [];
  const port = readInteger(env, 'SIMULATOR_PORT', SIMULATOR_DEFAULTS.port, 0, 65535, problems);
  const host = readHost(env, SIMULATOR_DEFAULTS.host, problems);
  const processingDelayMs = readInteger(
    env,
    'SIMULATOR_PROCESSING_DELAY_MS',
    SIMULATOR_DEFAULTS.processingDelayMs,
    0,
    600_000,
    problems,
  );
  const rateLimits = readBoolean(env, 'SIMULATOR_RATE_LIMITS', false, problems);
  const seedToken = readText(env, 'SIMULATOR_SEED_TOKEN');
  const invoiceSchemasDir = readText(env, 'KSEF_SCHEMAS_DIR');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    processingDelayMs,
    rateLimits,
    ...(seedToken !== undefined && { seed: { token: seedToken } }),
    ...(invoiceSchemasDir !== undefined && { invoiceSchemasDir }),
  };
}
