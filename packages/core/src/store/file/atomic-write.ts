import { copyFile, link, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let tempCounter = 0;

/** `.<name>.<pid>.<n>.tmp` beside the target: unique per process, recognisable as ours after a crash. */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${++tempCounter}.tmp`);
}

export function backupPath(path: string): string {
  return `${path}.bak`;
}

export interface AtomicWriteOptions {
  /**
   * Keep the content being replaced as `<file>.bak` (mode 0600), the last good copy should the new
   * one ever be damaged by someone else. `synced`: the old content is known to be on disk already
   * (we wrote it with fsync), so a hard link suffices without another fsync. `content`: write this
   * as the backup instead of the file's bytes — the old content as it must be kept, e.g. with its
   * secrets sealed when the file held them in clear and encryption is now on.
   */
  backup?: { synced: boolean } | { content: string | Buffer };
}

/**
 * Replaces a file so that a crash at any moment leaves either the old or the new content: write a
 * temp file beside it, fsync it, rename it over the target, fsync the folder (so the renames
 * themselves survive a power cut). A new file gets mode 0600 in a folder created 0700; an existing
 * file keeps its mode.
 */
export async function writeFileAtomic(path: string, data: string | Buffer, options: AtomicWriteOptions = {}): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const mode = await stat(path).then(
    (s) => s.mode & 0o777,
    () => undefined,
  );
  if (options.backup && mode !== undefined) {
    if ('content' in options.backup) await replaceWith(backupPath(path), options.backup.content, 0o600);
    else await keepBackup(path, mode, options.backup.synced);
  }
  await replaceWith(path, data, mode ?? 0o600);
  await syncFolder(folder);
}

/**
 * Temp file beside `path`, written and fsynced, renamed over it. On any failure (a full disk, an I/O
 * error, a rename refused) the temp file is removed before the error goes on: it may hold secrets in
 * clear, and nothing may be left beside the file but the file and its backup.
 */
async function replaceWith(path: string, data: string | Buffer, mode: number): Promise<void> {
  const temp = tempPath(path);
  try {
    const file = await open(temp, 'wx', mode);
    try {
      await file.chmod(mode);
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await removeTemp(temp);
    throw error;
  }
}

/** rm, retried once: a temp file holding secrets must not stay behind because one unlink failed. */
async function removeTemp(temp: string): Promise<void> {
  await rm(temp, { force: true })
    .catch(() => rm(temp, { force: true, maxRetries: 2, retryDelay: 20 }))
    .catch(() => undefined);
}

/**
 * `<file>.bak` := the current file. A hard link costs no copy, and the file is never written in
 * place by us afterwards (we replace it by rename), so the link keeps the old content. A copy
 * instead when the file is readable by others (a link would share that mode) or links fail.
 */
async function keepBackup(path: string, mode: number, synced: boolean): Promise<void> {
  const temp = tempPath(path);
  try {
    let linked = false;
    if ((mode & 0o077) === 0)
      linked = await link(path, temp).then(
        () => true,
        () => false,
      );
    if (!linked) {
      await copyFile(path, temp);
      synced = false;
    }
    const handle = await open(temp, 'r+');
    try {
      if (!linked) await handle.chmod(0o600);
      if (!synced) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, backupPath(path));
    // When the .bak already is a link to the file (the write after it failed), rename() between two
    // links to one file does nothing and succeeds (POSIX): the temp link would stay, secrets and all.
    await removeTemp(temp);
  } catch (error) {
    await removeTemp(temp);
    // The file vanished between stat and link: there is nothing to keep.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Removes temp files a crashed writer of this file left behind (`.<name>.<pid>.<n>.tmp`). Call it
 * only while holding the file's lock: then no other writer of ours can be using them.
 */
export async function removeLeftoverTemps(path: string): Promise<string[]> {
  const name = basename(path);
  const entries = await readdir(dirname(path)).catch(() => [] as string[]);
  const leftovers = entries.filter((entry) => entry.startsWith(`.${name}.`) && /^\.\d+\.\d+\.tmp$/.test(entry.slice(name.length + 1)));
  await Promise.all(leftovers.map((entry) => rm(join(dirname(path), entry), { force: true })));
  return leftovers;
}

/**
 * Whether `bytes` bytes can be written beside `path` now: a temp file of that size is written,
 * fsynced and removed. How the store learns that space (or write access) is back without waiting for
 * a client to try again.
 */
export async function canWriteBeside(path: string, bytes: number): Promise<boolean> {
  const temp = tempPath(path);
  try {
    const file = await open(temp, 'wx', 0o600);
    try {
      await file.writeFile(Buffer.alloc(bytes));
      await file.sync();
    } finally {
      await file.close();
    }
    return true;
  } catch {
    return false;
  } finally {
    await removeTemp(temp);
  }
}
