import { copyFile, readFile, stat } from 'node:fs/promises';
import { StoreUnavailableError } from '../../errors.js';
import type { TypeResolver } from '../connector-store.js';
import { backupPath, writeFileAtomic } from './atomic-write.js';
import { LEGACY_METADATA_KEY, parseDocument, UnreadableFileError } from './eliza-document.js';
import { ElizaFileStore, type ElizaFileStoreOptions } from './eliza-file-store.js';
import { FileLock } from './file-lock.js';

export interface BackupRestoreResult {
  backup: string;
  /** Where the damaged file was moved aside (undefined: there was none). */
  keptAs: string | undefined;
  /** The backup held Switchboard's metadata under the old top-level key, now moved to the metadata file. */
  migrated: boolean;
}

export interface BackupRestoreOptions {
  /** Hears that the lock is taken over (a stale one). */
  notice?: (message: string) => void;
  /** How the file is opened when the backup needs the start-up migration (keys, secret fields, log). */
  store?: ElizaFileStoreOptions;
  /** Types of connectors the metadata does not know (as at start-up). */
  resolveType?: TypeResolver;
}

/**
 * Puts `<file>.bak` back as the config file, keeping the file it replaces as
 * `<file>.damaged-<time>` (never deleted: it may hold edits worth salvaging). Takes the file's lock,
 * so it refuses while a Switchboard is using the file. A backup taken just before the migration of
 * a file of an older Switchboard still has the `switchboard` key the runtime refuses: the restored
 * file then goes through that same migration at once, so the runtime can load it.
 */
export async function restoreBackup(path: string, options: BackupRestoreOptions = {}): Promise<BackupRestoreResult> {
  const backup = backupPath(path);
  const lock = new FileLock(`${path}.lock`);
  await lock.acquire(path, options.notice ?? (() => undefined));
  let keptAs: string | undefined;
  let legacy: boolean;
  try {
    let text: string;
    try {
      text = await readFile(backup, 'utf8');
      legacy = Object.hasOwn(parseDocument(text, backup), LEGACY_METADATA_KEY);
    } catch (error) {
      if (error instanceof UnreadableFileError) throw new StoreUnavailableError(`${error.message}: it cannot be restored`);
      throw new StoreUnavailableError(`there is no backup to restore (${backup}: ${(error as Error).message})`);
    }
    if (
      await stat(path).then(
        () => true,
        () => false,
      )
    ) {
      keptAs = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await copyFile(path, keptAs);
    }
    // No backup of the damaged file: the .bak must stay the last good copy.
    await writeFileAtomic(path, text);
  } finally {
    await lock.release();
  }
  if (legacy) await migrateRestored(path, options);
  return { backup, keptAs, migrated: legacy };
}

/** The start-up migration (ElizaFileStore.load), run on the restored file: the store takes the lock again. */
async function migrateRestored(path: string, options: BackupRestoreOptions): Promise<void> {
  const store = new ElizaFileStore(path, options.store);
  try {
    await store.load(options.resolveType ?? ((name) => name));
  } catch (error) {
    throw new StoreUnavailableError(
      `${path} was restored, but Switchboard's metadata could not be moved out of it (${(error as Error).message}); ` +
        'the runtime refuses the file until it is: fix that, then start the service, which moves it',
    );
  }
  await store.close();
}
