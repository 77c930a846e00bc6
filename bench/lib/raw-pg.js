// Case 4's baseline: the `pg` driver alone, `connections` concurrent workers issuing one statement
// each (SQL text, or a pg query config such as a named statement), back to back, for `seconds` (and
// at most `maxOps` statements): what any PostgreSQL-backed server could do at most at that
// concurrency, without HTTP.
import pg from 'pg';
import { latencySummary } from './latency.js';
export const RECORD_COLUMNS = 'id, type, name, config, created_at, updated_at, version, seq';

/** A pool of `size` connections to `url`, opened before timing starts. */
export async function rawPool(url, size) {
  const pool = new pg.Pool({ connectionString: url, max: size, application_name: 'switchboard-bench-raw' });
  const clients = await Promise.all(Array.from({ length: size }, () => pool.connect()));
  for (const client of clients) client.release();
  return pool;
}

/**
 * Runs `statement(i)` -> [sql, params] from `connections` workers and resolves with figures shaped
 * like load()'s: { rps, p50, p99, mean, non2xx: 0, errors }.
 */
export async function rawLoop(pool, { connections, seconds, statement, maxOps = 2_000_000 }) {
  const latencies = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline && issued < maxOps) {
      const [sql, params] = statement(issued++);
      const t0 = performance.now();
      try {
        await pool.query(sql, params);
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return {
    count: latencies.length,
    rps: latencies.length / elapsed,
    ...latencySummary(latencies),
    non2xx: 0,
    errors,
    bytesPerReq: 0,
  };
}
