import { copyFile, readFile, stat } from 'node:fs/promises';
import { StoreUnavailableError } from '../../errors.js';
import { backupPath, writeFileAtomic } from './atomic-write.js';
import { parseDocument, UnreadableFileError } from './eliza-document.js';
import { FileLock } from './file-lock.js';

export interface BackupRestoreResult {
  backup: string;
  /** Where the damaged file was moved aside (undefined: there was none). */
  keptAs: string | undefined;
}

/**
 * Puts `<file>.bak` back as the config file, keeping the file it replaces as
 * `<file>.damaged-<time>` (never deleted: it may hold edits worth salvaging). Takes the file's lock,
 * so it refuses while a Switchboard is using the file.
 */
export async function restoreBackup(path: string, notice: (message: string) => void = () => undefined): Promise<BackupRestoreResult> {
  const backup = backupPath(path);
  const lock = new FileLock(`${path}.lock`);
  await lock.acquire(path, notice);
  try {
    let text: string;
    try {
      text = await readFile(backup, 'utf8');
      parseDocument(text, backup);
    } catch (error) {
      if (error instanceof UnreadableFileError) throw new StoreUnavailableError(`${error.message}: it cannot be restored`);
      throw new StoreUnavailableError(`there is no backup to restore (${backup}: ${(error as Error).message})`);
    }
    let keptAs: string | undefined;
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
    return { backup, keptAs };
  } finally {
    await lock.release();
  }
}
