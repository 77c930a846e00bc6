import { describe, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Real PostgreSQL for tests. TEST_DATABASE_URL names a server (scripts/start-postgres.sh prints
 * one); each test file makes its own database there and drops it, so runs never collide. Without
 * it the suites fail, unless SKIP_POSTGRES_TESTS=1 says skipping is meant: CI cannot skip silently.
 */
const serverUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
const skipWanted = process.env.SKIP_POSTGRES_TESTS === '1';

export function describePostgres(name: string, body: () => void): void {
  if (serverUrl) describe(name, body);
  else if (skipWanted) describe.skip(name, body);
  else {
    describe(name, () => {
      it('needs TEST_DATABASE_URL', () => {
        throw new Error(
          'TEST_DATABASE_URL is not set: run scripts/start-postgres.sh and export TEST_DATABASE_URL=<the URL it prints>, or set SKIP_POSTGRES_TESTS=1 to skip the PostgreSQL tests on purpose',
        );
      });
    });
  }
}

export interface TestDatabase {
  /** Connection URL of the fresh database. */
  url: string;
  name: string;
  /** Runs SQL in it on a connection of the test's own (checks, row locks). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  /** A separate connection for the test, e.g. to hold a lock inside a transaction. */
  connect(): Promise<pg.Client>;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `sb_test_${randomBytes(6).toString('hex')}`;
  const server = new pg.Client({ connectionString: serverUrl });
  await server.connect();
  try {
    await server.query(`CREATE DATABASE ${name}`);
  } finally {
    await server.end();
  }
  const url = withDatabase(serverUrl, name);
  const clients: pg.Client[] = [];
  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url, application_name: 'switchboard-test' });
    await client.connect();
    clients.push(client);
    return client;
  };
  const main = await connect();
  return {
    url,
    name,
    query: (sql, params) => main.query(sql, params),
    connect,
    async drop() {
      await Promise.allSettled(clients.map((client) => client.end()));
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** Polls until `check` stops throwing, for at most `ms`: changes reach other instances asynchronously. */
export async function eventually(check: () => void | Promise<void>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Resolves once `count` backends of this database wait for a lock: the racing writes have all read their versions. */
export async function waitForLockWaiters(db: TestDatabase, count: number, ms = 5000): Promise<void> {
  await eventually(async () => {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [db.name]);
    if (Number(rows[0].n) < count) throw new Error(`only ${rows[0].n} of ${count} writers wait for the lock`);
  }, ms);
}
