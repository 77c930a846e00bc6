import type { SecretFields } from '@switchboard/sdk';
import type { TypeResolver } from '../connector-store.js';
import { ElizaFileStore, type StoreLog } from './eliza-file-store.js';
import type { SecretKeyRing } from '../sealing/secret-cipher.js';
import { RecordSealer } from '../sealing/record-sealer.js';
import { filesBesideConfig } from './files-beside-config.js';
import { resealRevisionFile } from '../../history/file-history-store.js';
import type { RevisionResealing } from '../../history/history-store.js';
import { RevisionSealer } from '../../history/revision-sealer.js';

export interface RotationResult {
  /** Connectors re-sealed. */
  connectors: number;
  revisions: RevisionResealing;
}

/**
 * Re-encrypts every secret value of the config file (connectors and `defaults`) and of its revision
 * history with `keys.sealing` (or writes them in clear when it is absent), opening the existing ones
 * with any key of the ring; the .bak ends up under the new key too. Holds the file's lock throughout,
 * so it refuses while a Switchboard uses the file (which also keeps the history from being appended).
 */
export async function rotateEncryptionKey(
  path: string,
  options: { keys: SecretKeyRing; secretsFor: (type: string) => SecretFields; resolveType: TypeResolver; log?: StoreLog },
): Promise<RotationResult> {
  const store = new ElizaFileStore(path, { keys: options.keys, secretsFor: options.secretsFor, log: options.log });
  await store.load(options.resolveType);
  try {
    await store.rewriteAll();
    // Twice: the first write left the old content (sealed with the old key) as the .bak.
    const connectors = await store.rewriteAll();
    const sealer = new RevisionSealer(new RecordSealer({ keys: options.keys, secretsFor: options.secretsFor }));
    const revisions = await resealRevisionFile(filesBesideConfig(path).revisions, (revision) => sealer.reseal(revision.config, revision.connector));
    return { connectors, revisions };
  } finally {
    await store.close();
  }
}
