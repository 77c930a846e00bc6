import { isPlainObject } from '@switchboard/sdk';

/** Where a config holds a value the Eliza runtime's config cannot, and why. */
export interface UnstorableValue {
  path: string;
  /** Completes "<path> ...". */
  problem: string;
}

/**
 * The first `null` (or number JSON cannot hold, such as `1e400`, which would be written as null) in a
 * config, or undefined. The Eliza runtime's schema of its config file has no null for typed fields,
 * so none is ever stored: the write is refused, naming the field (leaving the field out unsets it;
 * `""` clears a text).
 */
export function unstorableValue(value: unknown, path = ''): UnstorableValue | undefined {
  if (value === null) return { path: path || '(the config)', problem: 'is null' };
  if (typeof value === 'number' && !Number.isFinite(value)) return { path: path || '(the config)', problem: 'is not a finite number' };
  const entries = Array.isArray(value)
    ? value.map((item, i) => [`${path}[${i}]`, item] as const)
    : isPlainObject(value)
      ? Object.entries(value).map(([key, item]) => [path ? `${path}.${key}` : key, item] as const)
      : [];
  for (const [childPath, child] of entries) {
    const found = unstorableValue(child, childPath);
    if (found !== undefined) return found;
  }
  return undefined;
}
