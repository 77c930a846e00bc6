import type { SecretFields } from '@switchboard/sdk';
import type { TypeResolver } from '../connector-store.js';
import { ElizaFileStore, type StoreLog } from './eliza-file-store.js';
import type { SecretKeyRing } from '../sealing/secret-cipher.js';

/**
 * Re-encrypts every secret value of the config file with `keys.sealing` (or writes them in clear
 * when it is absent), opening the existing ones with any key of the ring; the .bak ends up under the
 * new key too. Holds the file's lock throughout, so it refuses while a Switchboard uses the file.
 */
export async function rotateEncryptionKey(
  path: string,
  options: { keys: SecretKeyRing; secretsFor: (type: string) => SecretFields; resolveType: TypeResolver; log?: StoreLog },
): Promise<number> {
  const store = new ElizaFileStore(path, { keys: options.keys, secretsFor: options.secretsFor, log: options.log });
  await store.load(options.resolveType);
  try {
    await store.rewriteAll();
    // Twice: the first write left the old content (sealed with the old key) as the .bak.
    return await store.rewriteAll();
  } finally {
    await store.close();
  }
}
