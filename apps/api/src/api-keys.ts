import { readFile } from 'node:fs/promises';
import { type ApiKeyEntry, ApiKeyRing, parseApiKeys } from '@switchboard/core';
import type { ApiEnv } from './env.js';

/** Keys from SWITCHBOARD_API_KEYS and the file named by SWITCHBOARD_API_KEYS_FILE, together. */
export async function loadApiKeys(env: Pick<ApiEnv, 'apiKeys' | 'apiKeysFile'>): Promise<ApiKeyRing> {
  const entries: ApiKeyEntry[] = [];
  if (env.apiKeys) entries.push(...parseApiKeys(env.apiKeys, 'SWITCHBOARD_API_KEYS'));
  if (env.apiKeysFile) {
    const text = await readFile(env.apiKeysFile, 'utf8').catch((error: Error) => {
      throw new Error(`SWITCHBOARD_API_KEYS_FILE: cannot read ${env.apiKeysFile}: ${error.message}`);
    });
    entries.push(...parseApiKeys(text, env.apiKeysFile));
  }
  const ids = entries.map((e) => e.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new Error(`API key id "${duplicate}" is configured twice`);
  return new ApiKeyRing(entries);
}
