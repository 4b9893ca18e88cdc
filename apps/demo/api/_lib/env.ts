/** Environment variables as plain strings. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The environment, read through `globalThis` so this module also loads where there is no `process` (edge
 * runtimes without Node compatibility): there the settings simply take their defaults.
 */
export function readEnv(): Env {
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
}

/** A numeric setting: the variable when it holds a number within [min, max], else the fallback. */
export function numberSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  const value = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

/** A numeric setting with no default of its own: undefined unless the variable holds a number within [min, max]. */
export function optionalNumberSetting(env: Env, name: string, min: number, max: number): number | undefined {
  const value = numberSetting(env, name, Number.NaN, min, max);
  return Number.isNaN(value) ? undefined : value;
}
