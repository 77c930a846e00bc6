import { isPlainObject } from '../sanitize.js';
import type { SecretSpec } from '../secret.js';
import { FULL, MASK, REDACTED_MARKER, isMaskShaped, maskUrl, maskValue } from './mask.js';
import { type SecretFields, secretSpecFor } from './redact.js';
import { isCredentialedUrl } from './sensitive-keys.js';

export interface RestoreResult {
  value: unknown;
  /** Paths where a mask arrived but no secret is stored to put back. */
  unresolvedMasks: string[];
}

/**
 * The round trip: where an incoming secret value is the mask the server served for the stored value
 * (or the `[REDACTED]` / `****` markers), the stored secret is kept. Everything else is taken as sent.
 */
export function restoreSecrets(incoming: unknown, stored: unknown, secrets: SecretFields): RestoreResult {
  const unresolvedMasks: string[] = [];
  const value = walk(incoming, stored, undefined, '', secrets, unresolvedMasks);
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

function walk(
  incoming: unknown,
  stored: unknown,
  spec: SecretSpec | undefined,
  path: string,
  secrets: SecretFields,
  unresolved: string[],
): unknown {
  if (typeof incoming === 'string') {
    if (spec) return restoreLeaf(incoming, stored, spec, path, unresolved);
    if (typeof stored === 'string' && isCredentialedUrl(stored) && incoming === maskUrl(stored)) return stored;
    return incoming;
  }
  if (Array.isArray(incoming)) {
    const storedItems = Array.isArray(stored) ? stored : [];
    return incoming.map((item, i) => walk(item, storedItems[i], spec && FULL, `${path}[${i}]`, secrets, unresolved));
  }
  if (isPlainObject(incoming)) {
    const storedObject = isPlainObject(stored) ? stored : {};
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(incoming)) {
      const childSpec = spec ? FULL : secretSpecFor(key, secrets);
      out[key] = walk(item, storedObject[key], childSpec, path ? `${path}.${key}` : key, secrets, unresolved);
    }
    return out;
  }
  return incoming;
}

function restoreLeaf(incoming: string, stored: unknown, spec: SecretSpec, path: string, unresolved: string[]): unknown {
  if (!isMaskShaped(incoming)) return incoming;
  const servedMask = stored === undefined || stored === null ? undefined : maskValue(stored, spec);
  if (servedMask !== undefined && (incoming === servedMask || incoming === REDACTED_MARKER || incoming === MASK)) {
    return stored;
  }
  unresolved.push(path);
  return incoming;
}
