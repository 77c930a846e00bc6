import { isPlainObject } from '../sanitize.js';
import type { SecretSpec } from '../secret.js';
import { maskUrl, maskValue } from './mask.js';
import { heuristicSecretSpec, isCredentialedUrl } from './sensitive-keys.js';

export type SecretFields = ReadonlyMap<string, SecretSpec>;
const NONE: SecretFields = new Map();

/** The rule for a key: the plugin's declaration wins, else the key-name heuristic. */
export function secretSpecFor(key: string, secrets: SecretFields): SecretSpec | undefined {
  return secrets.get(key) ?? heuristicSecretSpec(key);
}

/**
 * A redacted deep copy of a config: declared secret fields by their rule, other keys by name
 * heuristics, at any depth (objects and arrays), plus any URL that carries credentials.
 */
export function redactConfig(config: unknown, secrets: SecretFields = NONE): unknown {
  if (typeof config === 'string') return isCredentialedUrl(config) ? maskUrl(config) : config;
  if (Array.isArray(config)) return config.map((item) => redactConfig(item, secrets));
  if (!isPlainObject(config)) return config;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const spec = secretSpecFor(key, secrets);
    out[key] = spec ? maskValue(value, spec) : redactConfig(value, secrets);
  }
  return out;
}
