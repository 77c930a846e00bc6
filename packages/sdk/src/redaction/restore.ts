import { isPlainObject } from '../sanitize.js';
import type { SecretSpec } from '../secret.js';
import { FULL, MASK, REDACTED_MARKER, URL_RULE, isMaskShaped, maskValue } from './mask.js';
import { type SecretFields, secretSpecFor } from './redact.js';
import { heuristicSecretSpec, isCredentialedUrl, isMaskedUrl } from './sensitive-keys.js';

export interface RestoreResult {
  value: unknown;
  /**
   * Paths where a mask arrived that is not a mask of what is stored there: nothing is stored (or an
   * empty string), or it is another value's mask (another host, another shape).
   */
  unresolvedMasks: string[];
}

/**
 * The round trip: where an incoming value is a mask the server served for the stored value (or the
 * `[REDACTED]` / `****` markers), the stored value is kept. A secret field's mask is taken back under
 * the rule it is served with (`secrets`, else the key-name heuristic) and under each rule of
 * `alsoAccepted` (the plugins whose rules applied to the config: a mask served under any of them
 * keeps the value). A credentialed URL's mask under any other key must be that URL's mask. Every
 * other mask is reported, never stored; everything else is taken as sent.
 */
export function restoreSecrets(incoming: unknown, stored: unknown, secrets: SecretFields, alsoAccepted: readonly SecretFields[] = []): RestoreResult {
  const unresolvedMasks: string[] = [];
  const value = walk(incoming, stored, undefined, '', { secrets, alsoAccepted, unresolved: unresolvedMasks });
  return { value, unresolvedMasks };
}

/**
 * True when some string in the value is mask-shaped. A value without one comes out of
 * restoreSecrets unchanged whatever is stored (a masked credentialed URL carries `****` too), so
 * callers may skip the round trip, and validate the value before they know what is stored.
 */
export function carriesMasks(value: unknown): boolean {
  if (typeof value === 'string') return isMaskShaped(value);
  if (Array.isArray(value)) return value.some(carriesMasks);
  if (isPlainObject(value)) {
    for (const key in value) if (carriesMasks(value[key])) return true;
  }
  return false;
}

interface Walk {
  secrets: SecretFields;
  alsoAccepted: readonly SecretFields[];
  unresolved: string[];
}

const WHOLE: readonly SecretSpec[] = [FULL];
const CREDENTIALED_URL: readonly SecretSpec[] = [URL_RULE];

/** Every rule under which a value of `key` may have been served; empty when the key is not secret. */
function acceptedSpecs(key: string, walk: Walk): readonly SecretSpec[] {
  const specs = new Set<SecretSpec>();
  const served = secretSpecFor(key, walk.secrets);
  if (served) specs.add(served);
  for (const fields of walk.alsoAccepted) {
    const spec = fields.get(key);
    if (spec) specs.add(spec);
  }
  const heuristic = heuristicSecretSpec(key);
  if (heuristic && specs.size > 0) specs.add(heuristic);
  return [...specs];
}

function walk(incoming: unknown, stored: unknown, specs: readonly SecretSpec[] | undefined, path: string, context: Walk): unknown {
  if (typeof incoming === 'string') {
    return specs ? restoreSecretLeaf(incoming, stored, specs, path, context.unresolved) : restorePlainLeaf(incoming, stored, path, context.unresolved);
  }
  if (Array.isArray(incoming)) {
    const storedItems = Array.isArray(stored) ? stored : [];
    return incoming.map((item, i) => walk(item, storedItems[i], specs && WHOLE, `${path}[${i}]`, context));
  }
  if (isPlainObject(incoming)) {
    const storedObject = isPlainObject(stored) ? stored : {};
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(incoming)) {
      const own = specs ? WHOLE : acceptedSpecs(key, context);
      out[key] = walk(item, storedObject[key], own.length > 0 ? own : undefined, path ? `${path}.${key}` : key, context);
    }
    return out;
  }
  return incoming;
}

/** A value under a secret field: a mask keeps the stored value only if one is stored and the mask is one of it. */
function restoreSecretLeaf(incoming: string, stored: unknown, specs: readonly SecretSpec[], path: string, unresolved: string[]): unknown {
  if (!isMaskShaped(incoming)) return incoming;
  const holdsValue = stored !== undefined && stored !== null && stored !== '';
  if (holdsValue && (incoming === REDACTED_MARKER || incoming === MASK || specs.some((spec) => incoming === maskValue(stored, spec)))) {
    return stored;
  }
  unresolved.push(path);
  return incoming;
}

/**
 * A value under any other key. Only a credentialed URL was served masked there: where one is
 * stored, the field is a secret one (its URL mask or a marker keeps it). Elsewhere a URL holding a
 * mask was never served: it is refused unless it is what is stored (a literal sent back unchanged).
 */
function restorePlainLeaf(incoming: string, stored: unknown, path: string, unresolved: string[]): unknown {
  if (typeof stored === 'string' && isCredentialedUrl(stored)) return restoreSecretLeaf(incoming, stored, CREDENTIALED_URL, path, unresolved);
  if (!isMaskedUrl(incoming) || incoming === stored) return incoming;
  unresolved.push(path);
  return incoming;
}
