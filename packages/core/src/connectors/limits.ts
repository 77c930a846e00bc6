import { isPlainObject } from '@switchboard/sdk';
import { DEFAULT_MAX_NAME_LENGTH } from './connector-names.js';

/** Bounds on what one caller can make the registry hold (each is an environment variable of apps/api). */
export interface ConnectorLimits {
  /** MAX_NAME_LENGTH: longest connector name, in UTF-16 code units after trimming. */
  maxNameLength: number;
  /** MAX_CONFIG_DEPTH: deepest nesting of objects and arrays in a config (the config object is level 1). */
  maxConfigDepth: number;
  /** MAX_CONNECTORS: most records the registry holds (reserved entries such as `defaults` not counted). */
  maxConnectors: number;
}

export const DEFAULT_LIMITS: Readonly<ConnectorLimits> = Object.freeze({
  maxNameLength: DEFAULT_MAX_NAME_LENGTH,
  maxConfigDepth: 32,
  maxConnectors: 10_000,
});

/**
 * True when objects and arrays in `value` nest more than `limit` levels deep (`{}` and `[]` are one
 * level, a primitive none). Iterative and stops at the first level too deep, so a hostile body of a
 * million brackets costs no stack and little time; everything that walks configs recursively
 * (sanitising, redaction, validation) runs only after this check.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    const children = Array.isArray(current) ? current : isPlainObject(current) ? Object.values(current) : undefined;
    if (children === undefined) continue;
    if (depth > limit) return true;
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
