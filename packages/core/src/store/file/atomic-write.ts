import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let tempCounter = 0;

/**
 * Replaces a file so that a crash at any moment leaves either the old or the new content: write a
 * temp file beside it, fsync it, rename it over the target, fsync the folder (so the rename itself
 * survives a power cut). A new file gets mode 0600 in a folder created 0700; an existing file keeps
 * its mode.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const mode = await stat(path).then(
    (s) => s.mode & 0o777,
    () => 0o600,
  );
  const temp = join(folder, `.${basename(path)}.${process.pid}.${++tempCounter}.tmp`);
  try {
    const file = await open(temp, 'w', mode);
    try {
      await file.chmod(mode);
      await file.writeFile(data, 'utf8');
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

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
