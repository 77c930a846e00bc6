import { expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';

interface RuntimeKeysFixture {
  keys: string[];
  resolvedBeforeSchema: string[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/eliza-runtime-top-level-keys.json', import.meta.url), 'utf8')) as RuntimeKeysFixture;

/** What the runtime's strict schema lets stand at the top level of its config file. */
export const RUNTIME_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([...fixture.keys, ...fixture.resolvedBeforeSchema]);

/** Paths (`connectors.telegram.botToken`) of every `null` under `value`: the runtime's schema has no null for typed fields. */
function nullPaths(value: unknown, path: string): string[] {
  if (value === null) return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => nullPaths(item, `${path}[${i}]`));
  if (typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => nullPaths(item, `${path}.${key}`));
  return [];
}

/**
 * Fails unless the Eliza runtime would accept the file Switchboard wrote at `path`: JSON as the
 * runtime writes it, an object whose top-level keys its strict schema knows (no `switchboard` key),
 * no `null` in a connector, mode 0600. Returns the parsed file.
 */
export async function expectRuntimeAcceptsFile(path: string): Promise<Record<string, any>> {
  const text = await readFile(path, 'utf8');
  const file = JSON.parse(text) as unknown;
  expect(file !== null && typeof file === 'object' && !Array.isArray(file)).toBe(true);
  const unknownKeys = Object.keys(file as object).filter((key) => !RUNTIME_TOP_LEVEL_KEYS.has(key));
  expect({ path, unknownTopLevelKeys: unknownKeys }).toEqual({ path, unknownTopLevelKeys: [] });
  const { connectors, channels } = file as Record<string, unknown>;
  expect({ path, nulls: [...nullPaths(connectors, 'connectors'), ...nullPaths(channels, 'channels')] }).toEqual({ path, nulls: [] });
  expect((await stat(path)).mode & 0o777).toBe(0o600);
  return file as Record<string, any>;
}
