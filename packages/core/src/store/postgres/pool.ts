import pg from 'pg';

/**
 * A pg.Pool whose clients never crash the process when their connection dies while checked out.
 * pg-pool listens for a client's 'error' only while it is idle; a connection the server ends
 * mid-statement (restart, pg_terminate_backend) fails that statement and then emits 'error' on the
 * client, which without a listener is an uncaught exception. The statement's own failure already
 * reports it, and a client in that state is released as broken, so the event itself is dropped.
 * `onIdleError`: a pooled connection failed while idle (the pool drops it).
 */
export function createPool(config: pg.PoolConfig, onIdleError: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', onIdleError);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
