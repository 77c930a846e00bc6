import type pg from 'pg';
import { StoreUnavailableError } from '../../errors.js';
import { type Migration, MIGRATIONS } from './migrations.js';

/** Any constant shared by every Switchboard instance: "SWBD" as a 32-bit number. */
const MIGRATION_LOCK_KEY = 0x53574244;

export interface MigrationResult {
  /** Versions applied by this call, in order (empty when the schema was current). */
  applied: number[];
  /** The schema version after this call. */
  current: number;
}

/**
 * Brings the schema up to date in one transaction. The advisory lock makes instances that boot
 * together take turns: the first applies, the others wait and then find nothing left to do.
 */
export async function runMigrations(client: pg.ClientBase, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationResult> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer     PRIMARY KEY,
        name       text        NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    const done = new Set(rows.map((row) => row.version));
    const known = Math.max(0, ...migrations.map((m) => m.version));
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new StoreUnavailableError(`the database schema is at version ${newest}, newer than this Switchboard knows (${known}); upgrade Switchboard`);
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      try {
        await client.query(migration.sql);
      } catch (error) {
        throw new StoreUnavailableError(`migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`);
      }
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return { applied, current: Math.max(newest, known) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
