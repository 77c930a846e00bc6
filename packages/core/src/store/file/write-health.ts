import { StorageFailureError } from '../../errors.js';
import type { StoreReadiness } from '../connector-store.js';
import { canWriteBeside } from './atomic-write.js';

/** Why the store cannot write, for messages: the cause in words, never a path. */
const CAUSES: Readonly<Record<string, { status: 503 | 507; cause: string }>> = {
  ENOSPC: { status: 507, cause: 'the disk is full (no space left on the device)' },
  EDQUOT: { status: 507, cause: 'the disk quota of the service is exhausted' },
  EROFS: { status: 503, cause: 'the file system is read-only' },
  EACCES: { status: 503, cause: 'permission to write the file or its folder is denied' },
  EPERM: { status: 503, cause: 'permission to write the file or its folder is denied' },
  EIO: { status: 503, cause: 'the disk reported an I/O error' },
  EMFILE: { status: 503, cause: 'the service has too many open files' },
  ENFILE: { status: 503, cause: 'the system has too many open files' },
};

interface StorageProblem {
  status: 503 | 507;
  cause: string;
  code: string;
}

/** What went wrong, for an error of the file system (one with an errno code); undefined for anything else. */
export function storageProblemOf(error: unknown): StorageProblem | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return undefined;
  return { code, ...(CAUSES[code] ?? { status: 503, cause: `the file system refused the write (${code})` }) };
}

export function storageFailure(problem: StorageProblem): StorageFailureError {
  return new StorageFailureError(
    problem.status,
    `The config file could not be saved: ${problem.cause}. Nothing was saved; the previous content is intact. Try again once the disk can be written.`,
  );
}

export interface WriteHealthOptions {
  /** How often a failed store checks whether it can write again. */
  probeIntervalMs?: number;
  warn(message: string): void;
  info(message: string): void;
}

export const DEFAULT_PROBE_INTERVAL_MS = 2_000;

/**
 * Whether the file beside `path` can be written: a failed write makes it not ready (a file-system
 * error becomes a 507/503 naming the cause), the next successful write or a periodic probe (a temp
 * file the size of the write that failed) makes it ready again, so the service recovers by itself once
 * space or write access returns.
 */
export class WriteHealth {
  private problem: { reason: string; bytes: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly path: string,
    private readonly options: WriteHealthOptions,
  ) {}

  get readiness(): StoreReadiness {
    return this.problem ? { ready: false, reason: this.problem.reason } : { ready: true };
  }

  /** Runs a write of `bytes` bytes; a file-system error is turned into a StorageFailureError and marks the store not ready. */
  async write(bytes: number, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const problem = storageProblemOf(error);
      if (!problem) throw error;
      this.fail(problem, bytes);
      throw storageFailure(problem);
    }
    this.recovered('a write succeeded');
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private fail({ cause, code }: StorageProblem, bytes: number): void {
    if (this.problem?.reason !== cause) this.options.warn(`cannot write ${this.path} (${code}): ${cause}; not ready until it can be written again`);
    this.problem = { reason: cause, bytes };
    this.scheduleProbe();
  }

  private recovered(how: string): void {
    if (!this.problem) return;
    this.problem = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.options.info(`${this.path} can be written again (${how}): ready`);
  }

  private scheduleProbe(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => void this.probe(), this.options.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    this.timer = undefined;
    const problem = this.problem;
    if (!problem || this.stopped) return;
    if (await canWriteBeside(this.path, problem.bytes)) this.recovered('a probe write succeeded');
    else this.scheduleProbe();
  }
}
