/**
 * A real full or read-only disk for tests: a small tmpfs mounted on a temporary folder, filled up or
 * remounted read-only. Mounting needs root (CI runs as root); on a machine that refuses, the tests
 * declared with `describeOnTmpfs` are skipped with the reason printed.
 */
import { describe } from '@jest/globals';
import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Mounts a tmpfs of `size` at `dir`; the error text when this machine refuses (no root, no mount). */
async function mountTmpfs(dir: string, size: string): Promise<string | undefined> {
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

async function unmount(dir: string): Promise<void> {
  await run('umount', [dir]).catch(() => run('umount', ['-l', dir]).catch(() => undefined));
}

// Decided when the module loads, before tests are declared, so a machine that cannot mount skips them with a reason.
const mountProbe = await mkdtemp(join(tmpdir(), 'switchboard-mount-probe-'));
const MOUNT_REFUSED = await mountTmpfs(mountProbe, '64k');
if (MOUNT_REFUSED === undefined) await unmount(mountProbe);
await rm(mountProbe, { recursive: true, force: true });

/** `describe` where a tmpfs can be mounted; elsewhere `describe.skip`, with a warning naming `what` and the reason. */
export function describeOnTmpfs(what: string): typeof describe | typeof describe.skip {
  if (MOUNT_REFUSED === undefined) return describe;
  console.warn(`SKIPPED ${what}: mounting a tmpfs was refused (${MOUNT_REFUSED}); they need root (CI runs as root)`);
  return describe.skip;
}

/** A small file system of its own, mounted on a fresh temporary folder. */
export class Tmpfs {
  private constructor(readonly dir: string) {}

  static async mount(size: string): Promise<Tmpfs> {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-tmpfs-'));
    const refused = await mountTmpfs(dir, size);
    if (refused) throw new Error(`mount refused: ${refused}`);
    return new Tmpfs(dir);
  }

  /** Writes `file` page by page until the file system refuses; the error code it refused with (ENOSPC). */
  async fill(file: string): Promise<string | undefined> {
    try {
      for (;;) await appendFile(file, Buffer.alloc(4096, 1));
    } catch (error) {
      return (error as NodeJS.ErrnoException).code;
    }
  }

  readOnly(): Promise<unknown> {
    return run('mount', ['-o', 'remount,ro', this.dir]);
  }

  writable(): Promise<unknown> {
    return run('mount', ['-o', 'remount,rw', this.dir]);
  }

  /** Writable again, unmounted, the folder removed: for afterAll, whatever state a test left it in. */
  async remove(): Promise<void> {
    await this.writable().catch(() => undefined);
    await unmount(this.dir);
    await rm(this.dir, { recursive: true, force: true });
  }
}
