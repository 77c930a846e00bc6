import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createPool } from './pool.js';
import { createTestDatabase, describePostgres, type TestDatabase } from './test-database.test-utils.js';

describePostgres('createPool', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('survives the server ending a connection that is checked out between statements', async () => {
    const idleErrors: Error[] = [];
    const pool = createPool({ connectionString: db.url, application_name: 'switchboard-pool-test' }, (error) => idleErrors.push(error));
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const ended = new Promise((resolve) => client.once('end', resolve));
    // Without the pool's listener, the 'error' this emits on the checked-out client is uncaught.
    await db.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    await ended;
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release(true);
    // The pool goes on with a new connection.
    await expect(pool.query<{ one: number }>('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
    await pool.end();
    expect(idleErrors).toEqual([]);
  });
});
