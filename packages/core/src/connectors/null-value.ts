import { isPlainObject } from '@switchboard/sdk';

/**
 * The path of the first `null` in a config, or undefined. The Eliza runtime's schema of its config
 * file has no null for typed fields, so a null is never stored: the write is refused, naming the
 * field (leaving the field out unsets it; `""` clears a text).
 */
export function nullValuePath(value: unknown, path = ''): string | undefined {
  if (value === null) return path || '(the config)';
  const entries = Array.isArray(value)
    ? value.map((item, i) => [`${path}[${i}]`, item] as const)
    : isPlainObject(value)
      ? Object.entries(value).map(([key, item]) => [path ? `${path}.${key}` : key, item] as const)
      : [];
  for (const [childPath, child] of entries) {
    const found = nullValuePath(child, childPath);
    if (found !== undefined) return found;
  }
  return undefined;
}
