import { isPlainObject } from '@switchboard/sdk';

/** The field paths of a change, names only, never values. */
export interface ChangedPaths {
  /** `botToken`, `accounts.main.botToken`, `groups["ops team"].allow`; `$` is the whole config. */
  paths: string[];
  /** Paths left out past the cap (a change to thousands of fields is still one bounded audit entry). */
  omitted: number;
}

export const DEFAULT_MAX_PATHS = 100;

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** The path of `key` under `path`, as changed paths spell it (`accounts.main`, `groups["ops team"]`). */
export function childPath(path: string, key: string): string {
  const segment = PLAIN_KEY.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (path === '') return segment.startsWith('[') ? `$${segment}` : segment;
  return segment.startsWith('[') ? `${path}${segment}` : `${path}.${segment}`;
}

/** Deep equality of JSON values. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
  }
  return false;
}

/**
 * Which fields differ between two configs: objects are compared key by key down to their leaves
 * (arrays and primitives are leaves); a field added or removed whole is listed leaf by leaf (an
 * empty object as itself). `before` undefined is a creation, `after` undefined a deletion. Pure:
 * values are compared, never copied into the result.
 */
export function changedFieldPaths(before: unknown, after: unknown, maxPaths = DEFAULT_MAX_PATHS): ChangedPaths {
  const paths: string[] = [];
  let total = 0;
  const add = (path: string) => {
    total++;
    if (paths.length < maxPaths) paths.push(path === '' ? '$' : path);
  };
  const visit = (a: unknown, b: unknown, path: string): void => {
    const aObject = isPlainObject(a);
    const bObject = isPlainObject(b);
    if (aObject || bObject) {
      // An object on one side and a present non-object on the other: the field changed kind.
      if ((aObject && !bObject && b !== undefined) || (bObject && !aObject && a !== undefined)) return add(path);
      const left = aObject ? a : {};
      const right = bObject ? b : {};
      const keys = [...Object.keys(left), ...Object.keys(right).filter((key) => !Object.hasOwn(left, key))];
      if (keys.length === 0 && path !== '' && (a === undefined) !== (b === undefined)) return add(path);
      for (const key of keys) visit(Object.hasOwn(left, key) ? left[key] : undefined, Object.hasOwn(right, key) ? right[key] : undefined, childPath(path, key));
      return;
    }
    if (!sameJson(a, b)) add(path);
  };
  visit(before, after, '');
  return { paths, omitted: total - paths.length };
}
