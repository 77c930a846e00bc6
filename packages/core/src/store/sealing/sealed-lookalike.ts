import { isPlainObject } from '@switchboard/sdk';
import { isSealed, SEALED_PREFIXES } from './secret-cipher.js';

/**
 * The path of the first string in a config that starts like a secret a store encrypted
 * (`enc:v1:`, `enc:v2:`), or undefined. Such strings are the store's own format: one sent by a client would be
 * taken for ciphertext at the next boot.
 */
export function sealedLookalikePath(value: unknown, path = ''): string | undefined {
  if (isSealed(value)) return path || '(the config)';
  const entries = Array.isArray(value)
    ? value.map((item, i) => [`${path}[${i}]`, item] as const)
    : isPlainObject(value)
      ? Object.entries(value).map(([key, item]) => [path ? `${path}.${key}` : key, item] as const)
      : [];
  for (const [childPath, child] of entries) {
    const found = sealedLookalikePath(child, childPath);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Why the file store cannot take `config` as sent: a string in its own encrypted-secret format, which
 * it would take for ciphertext at the next boot; undefined when it can.
 */
export function sealedLookalikeRefusal(config: unknown): string | undefined {
  const path = sealedLookalikePath(config);
  if (path === undefined) return undefined;
  return `${path} starts with ${SEALED_PREFIXES.map((prefix) => `"${prefix}"`).join(' or ')}, which is reserved for secrets the store encrypts`;
}
