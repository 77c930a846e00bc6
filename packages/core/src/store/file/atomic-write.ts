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
   * (we wrote it with fsync), so a hard link suffices without another fsync.
   */
  backup?: { synced: boolean };
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
  if (options.backup && mode !== undefined) await keepBackup(path, mode, options.backup.synced);
  const temp = tempPath(path);
  try {
    const file = await open(temp, 'w', mode ?? 0o600);
    try {
      await file.chmod(mode ?? 0o600);
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(folder);
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
    if ((mode & 0o077) === 0) linked = await link(path, temp).then(() => true, () => false);
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
  } catch (error) {
    await rm(temp, { force: true });
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
