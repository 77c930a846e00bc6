/**
 * Keys that never reach storage: the prototype keys (pollution) and `$include`, the Eliza config
 * file's include directive (a stored one would make the runtime read an arbitrary local file).
 */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype', '$include']);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A deep copy of JSON data without unsafe keys at any depth (objects and arrays). */
export function stripUnsafeKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripUnsafeKeys) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!UNSAFE_KEYS.has(key)) out[key] = stripUnsafeKeys(value[key]);
  }
  return out as T;
}
