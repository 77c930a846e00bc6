import type { ConnectionTestResult } from '@switchboard/sdk';

/** The last test of a connector's stored config, as kept. Holds no secret. */
export interface KeptTestResult {
  readonly connectorId: string;
  /** The record version tested: a result of another version is dropped at start (see ConnectionTestService). */
  readonly connectorVersion: number;
  readonly result: ConnectionTestResult;
}

/**
 * Where the last result of each connector is kept, outside the runtime's config file. A small port
 * of its own so either store backs it: a JSON file beside the config file, or a PostgreSQL table.
 */
export interface TestResultStore {
  /** For logs: which store, where (never a credential). */
  readonly description: string;
  all(): Promise<KeptTestResult[]>;
  get(connectorId: string): Promise<KeptTestResult | undefined>;
  put(kept: KeptTestResult): Promise<void>;
  drop(connectorIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Results kept in the process only (tests, or a host that wants none kept). */
export class MemoryTestResultStore implements TestResultStore {
  readonly description = 'memory';
  private readonly results = new Map<string, KeptTestResult>();

  async all(): Promise<KeptTestResult[]> {
    return [...this.results.values()];
  }

  async get(connectorId: string): Promise<KeptTestResult | undefined> {
    return this.results.get(connectorId);
  }

  async put(kept: KeptTestResult): Promise<void> {
    this.results.set(kept.connectorId, kept);
  }

  async drop(connectorIds: readonly string[]): Promise<void> {
    for (const id of connectorIds) this.results.delete(id);
  }

  async close(): Promise<void> {}
}

const STATUSES = new Set(['ok', 'auth_failed', 'unreachable', 'timeout', 'blocked', 'platform_error', 'not_supported', 'invalid_config']);

/** A kept result read back from a file or a row: anything else (a damaged or foreign entry) is skipped. */
export function isKeptTestResult(value: unknown): value is KeptTestResult {
  const kept = value as Partial<KeptTestResult> | null;
  const result = kept?.result as Partial<ConnectionTestResult> | undefined;
  return (
    typeof kept === 'object' &&
    kept !== null &&
    typeof kept.connectorId === 'string' &&
    Number.isInteger(kept.connectorVersion) &&
    typeof result === 'object' &&
    result !== null &&
    typeof result.ok === 'boolean' &&
    typeof result.status === 'string' &&
    STATUSES.has(result.status) &&
    typeof result.message === 'string' &&
    (result.identity === null || typeof result.identity === 'string') &&
    typeof result.checkedAt === 'string' &&
    typeof result.durationMs === 'number'
  );
}
