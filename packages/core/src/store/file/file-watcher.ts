import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface FileWatcherOptions {
  /** Events within this long of the first make one signal (an editor's save is several). */
  debounceMs?: number;
  /** A stat-cheap safety net for filesystems whose change events are unreliable (network mounts). */
  pollMs?: number;
  /** Hears that events are unavailable (the poll carries on alone). */
  warn?: (message: string) => void;
}

/**
 * Signals that a file may have changed. Watches its folder, not the file: the file is replaced by
 * rename (by us and by many editors), which would orphan a watch on the file itself. Never keeps
 * the process alive.
 */
export class FileWatcher {
  private watcher: FSWatcher | undefined;
  private poll: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly path: string,
    private readonly onSignal: () => void,
    private readonly options: FileWatcherOptions = {},
  ) {}

  start(): void {
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, filename) => {
        if (filename === null || filename.toString() === name) this.signal();
      });
      this.watcher.on('error', (error) => {
        this.options.warn?.(`stopped watching ${this.path} for outside edits (${error.message}); checking it every ${this.pollMs / 1000} s instead`);
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch (error) {
      this.options.warn?.(`cannot watch ${this.path} for outside edits (${(error as Error).message}); checking it every ${this.pollMs / 1000} s instead`);
    }
    this.poll = setInterval(() => this.fire(), this.pollMs);
    this.poll.unref();
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    clearInterval(this.poll);
    clearTimeout(this.pending);
  }

  private get pollMs(): number {
    return this.options.pollMs ?? 2_000;
  }

  /** The first event schedules one signal; those until it fires join it (not reset: a busy file still gets looked at). */
  private signal(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.fire();
    }, this.options.debounceMs ?? 50);
    this.pending.unref();
  }

  private fire(): void {
    if (!this.stopped) this.onSignal();
  }
}
