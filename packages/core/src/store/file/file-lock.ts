import { unlinkSync } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { StoreUnavailableError } from '../../errors.js';

interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
}

/** Lock files this process holds: a lock naming our own pid is ours only if it is in here. */
const heldHere = new Set<string>();

// A lock file that does not parse is one being written right now, unless it is older than this.
const HALF_WRITTEN_GRACE_MS = 5_000;

/**
 * `<file>.lock`, created with O_EXCL, holding pid, hostname and start time: keeps a second
 * Switchboard off the same config file (two writers would each overwrite the other's changes).
 * A lock whose process no longer runs on this host (a crash, SIGKILL) is taken over. The Eliza
 * runtime does not know this lock; outside edits are handled by the store instead.
 */
export class FileLock {
  private owner: LockOwner | undefined;
  private readonly onExit = () => this.releaseSync();

  constructor(readonly path: string) {}

  get held(): boolean {
    return this.owner !== undefined;
  }

  /**
   * Takes the lock or throws one line naming the file, the lock and the holder. `notice` hears a
   * stale lock being taken over.
   */
  async acquire(subject: string, notice: (message: string) => void): Promise<void> {
    if (this.owner) return;
    const owner: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
    const text = `${JSON.stringify(owner)}\n`;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const handle = await open(this.path, 'wx', 0o600);
        try {
          await handle.writeFile(text, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
        this.owner = owner;
        heldHere.add(this.path);
        // A crash that skips close() leaves the lock behind; a normal exit should not.
        process.once('exit', this.onExit);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new StoreUnavailableError(`cannot create the lock file ${this.path}: ${(error as Error).message}`);
        }
      }
      const found = await readFile(this.path, 'utf8').catch(() => undefined);
      if (found === undefined) continue; // released in the meantime
      const holder = parseOwner(found);
      const verdict = holder ? liveness(holder, this.path) : await halfWritten(this.path);
      if (verdict === 'alive') {
        throw new StoreUnavailableError(
          holder
            ? `${subject} is in use by another Switchboard (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt}; ` +
                `lock ${this.path}): stop it first, or delete the lock file if no Switchboard runs as that pid`
            : `${subject} is being locked by another process right now (lock ${this.path})`,
        );
      }
      // Remove only the lock we judged: another process may have taken it over since.
      if ((await readFile(this.path, 'utf8').catch(() => undefined)) === found) {
        await unlink(this.path).catch(() => undefined);
        notice(
          holder
            ? `took over the stale lock ${this.path} left by pid ${holder.pid} (started ${holder.startedAt}), which no longer runs`
            : `took over the unreadable lock ${this.path} (a process died while creating it)`,
        );
      }
    }
    throw new StoreUnavailableError(`cannot take the lock ${this.path}: other processes keep taking it`);
  }

  async release(): Promise<void> {
    if (!this.owner) return;
    const mine = `${JSON.stringify(this.owner)}\n`;
    this.forget();
    // Never delete a lock someone took over (after judging ours stale, say).
    if ((await readFile(this.path, 'utf8').catch(() => undefined)) === mine) await unlink(this.path).catch(() => undefined);
  }

  private releaseSync(): void {
    if (!this.owner) return;
    this.forget();
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }

  private forget(): void {
    this.owner = undefined;
    heldHere.delete(this.path);
    process.removeListener('exit', this.onExit);
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isSafeInteger(value.pid) && typeof value.hostname === 'string' && typeof value.startedAt === 'string') return value as LockOwner;
  } catch {
    // not a lock we wrote completely
  }
  return undefined;
}

function liveness(holder: LockOwner, path: string): 'alive' | 'stale' {
  // On another host we cannot tell; a shared folder there is as busy as here.
  if (holder.hostname !== hostname()) return 'alive';
  // Our own pid: a previous run in a container that restarted with the same pid, unless this
  // process really holds it (a second store on the same file).
  if (holder.pid === process.pid) return heldHere.has(path) ? 'alive' : 'stale';
  try {
    process.kill(holder.pid, 0);
    return 'alive';
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'stale' : 'alive';
  }
}

async function halfWritten(path: string): Promise<'alive' | 'stale'> {
  const info = await stat(path).catch(() => undefined);
  return info && Date.now() - info.mtimeMs < HALF_WRITTEN_GRACE_MS ? 'alive' : 'stale';
}
