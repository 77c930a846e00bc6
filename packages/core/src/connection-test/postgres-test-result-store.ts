import type pg from 'pg';
import { isKeptTestResult, type KeptTestResult, type TestResultStore } from './test-result-store.js';
import { createPool } from '../store/postgres/pool.js';

interface Row {
  connector_id: string;
  connector_version: number;
  result: unknown;
}

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * The last test results in PostgreSQL (`connection_test_results`, migration 3), shared by every
 * instance. A row goes with its connector (ON DELETE CASCADE), on whichever instance deletes it.
 * Uses a small pool of its own: the connector store's pool is busy with write batches.
 */
export class PostgresTestResultStore implements TestResultStore {
  private readonly pool: pg.Pool;

  constructor(
    url: string,
    private readonly warn: (message: string) => void = () => undefined,
  ) {
    this.pool = createPool({ connectionString: url, max: 2, application_name: 'switchboard-tests', connectionTimeoutMillis: 10_000 }, () =>
      this.warn('connection test results: a pooled PostgreSQL connection failed'),
    );
  }

  readonly description = 'PostgreSQL table connection_test_results';

  async all(): Promise<KeptTestResult[]> {
    const { rows } = await this.pool.query<Row>('SELECT connector_id, connector_version, result FROM connection_test_results');
    return rows.map(keptOf).filter((kept): kept is KeptTestResult => kept !== undefined);
  }

  async get(connectorId: string): Promise<KeptTestResult | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT connector_id, connector_version, result FROM connection_test_results WHERE connector_id = $1', [
      connectorId,
    ]);
    return rows.length > 0 ? keptOf(rows[0]) : undefined;
  }

  async put(kept: KeptTestResult): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO connection_test_results (connector_id, connector_version, result, checked_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (connector_id) DO UPDATE SET connector_version = EXCLUDED.connector_version, result = EXCLUDED.result, checked_at = EXCLUDED.checked_at`,
        [kept.connectorId, kept.connectorVersion, JSON.stringify(kept.result), kept.result.checkedAt],
      );
    } catch (error) {
      // The connector was deleted (by any instance) while it was being tested: nothing to keep.
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) return;
      throw error;
    }
  }

  async drop(connectorIds: readonly string[]): Promise<void> {
    if (connectorIds.length === 0) return;
    await this.pool.query('DELETE FROM connection_test_results WHERE connector_id = ANY($1::text[])', [connectorIds]);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function keptOf(row: Row): KeptTestResult | undefined {
  const kept = { connectorId: row.connector_id, connectorVersion: row.connector_version, result: row.result };
  return isKeptTestResult(kept) ? kept : undefined;
}
