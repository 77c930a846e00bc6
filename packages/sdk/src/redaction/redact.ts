import { isPlainObject } from '../sanitize.js';
import type { SecretSpec } from '../secret.js';
import { FULL, maskUrl, maskValue } from './mask.js';
import { heuristicSecretSpec, isCredentialedUrl } from './sensitive-keys.js';

export type SecretFields = ReadonlyMap<string, SecretSpec>;
const NONE: SecretFields = new Map();

const unions = new WeakMap<SecretFields, WeakMap<SecretFields, SecretFields>>();

/**
 * The secret fields of every plugin whose rules apply to one config (its type's, and the one its
 * Eliza name resolves to: the runtime reads the entry as that connector). A field any of them
 * declares is secret; where they declare different rules it is masked whole, so that no rule's
 * mask shows what another hides. The same map for the same pair (redaction runs once per change).
 */
export function unionOfSecretFields(first: SecretFields, second: SecretFields): SecretFields {
  if (first === second || second.size === 0) return first;
  if (first.size === 0) return second;
  let bySecond = unions.get(first);
  if (!bySecond) unions.set(first, (bySecond = new WeakMap()));
  let union = bySecond.get(second);
  if (!union) {
    const merged = new Map(first);
    for (const [key, spec] of second) {
      const other = merged.get(key);
      merged.set(key, other === undefined || sameSpec(other, spec) ? spec : FULL);
    }
    bySecond.set(second, (union = merged));
  }
  return union;
}

function sameSpec(a: SecretSpec, b: SecretSpec): boolean {
  return a.rule === b.rule && a.separators === b.separators;
}

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
