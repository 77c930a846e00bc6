import pg from 'pg';

/** Clients whose connection failed: pg refuses every later statement on them without sending it. */
const lostConnections = new WeakSet<pg.ClientBase>();

/**
 * Whether this client's connection has failed. A connection the server ends between two statements
 * of a checked-out client (a restart, pg_terminate_backend) is only seen at the next statement, which
 * pg then refuses without sending: asked right before a statement, a yes means it cannot have run.
 */
export function connectionLost(client: pg.ClientBase): boolean {
  return lostConnections.has(client);
}

/**
 * A pg.Pool whose clients never crash the process when their connection dies while checked out.
 * pg-pool listens for a client's 'error' only while it is idle; a connection the server ends
 * mid-statement (restart, pg_terminate_backend) fails that statement and then emits 'error' on the
 * client, which without a listener is an uncaught exception. The statement's own failure already
 * reports it, and a client in that state is released as broken, so the event itself only marks the
 * client (see connectionLost).
 * `onIdleError`: a pooled connection failed while idle (the pool drops it).
 */
export function createPool(config: pg.PoolConfig, onIdleError: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', onIdleError);
  pool.on('connect', (client) => client.on('error', () => lostConnections.add(client)));
  return pool;
}
