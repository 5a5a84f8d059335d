// Reading environment variables for the configuration loaders: empty values count as unset,
// every problem is collected (not thrown) so that one message can list them all, and a value is
// echoed shortened, so that a pasted secret does not fill the terminal.

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export type Env = Record<string, string | undefined>;

/** A value as the user wrote it, shortened so a pasted secret does not fill the terminal. */
export function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

export function readText(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function readInteger(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = readText(env, name);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${name}: ${shown(raw)} is not an integer from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

export function readOneOf<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
  problems: string[],
): T {
  const raw = readText(env, name);
  if (raw === undefined) return fallback;
  const found = allowed.find((v) => v === raw.toLowerCase());
  if (found === undefined) {
    problems.push(`${name}: ${shown(raw)} is not one of ${allowed.join(', ')}`);
    return fallback;
  }
  return found;
}

const truthy = new Set(['true', '1', 'yes', 'on']);
const falsy = new Set(['false', '0', 'no', 'off']);

export function readBoolean(
  env: Env,
  name: string,
  fallback: boolean,
  problems: string[],
): boolean {
  const raw = readText(env, name);
  if (raw === undefined) return fallback;
  const lower = raw.toLowerCase();
  if (truthy.has(lower)) return true;
  if (falsy.has(lower)) return false;
  problems.push(`${name}: ${shown(raw)} is not a boolean (true/false, 1/0, yes/no, on/off)`);
  return fallback;
}

export function readHost(env: Env, fallback: string, problems: string[]): string {
  const raw = readText(env, 'HOST');
  if (raw === undefined) return fallback;
  // A bind address as node:net takes it: a hostname or a bare IPv4/IPv6 address (`::`, not
  // `[::]`), nothing with a scheme, port or path.
  if (!/^[A-Za-z0-9.\-:]+$/.test(raw)) {
    problems.push(`HOST: ${shown(raw)} is not a host name or IP address`);
    return fallback;
  }
  return raw;
}
