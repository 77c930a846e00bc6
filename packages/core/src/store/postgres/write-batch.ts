import type pg from 'pg';
import { ConflictError, InvalidInputError, SwitchboardError } from '../../errors.js';
import type { ConnectorRecord } from '../../registry/connector-record.js';
import type { Transaction } from '../../registry/transaction.js';
import { CHANGE_CHANNEL, type ChangeNotice, encodeNotice } from './change-notice.js';
import { reasonOf } from './database-url.js';

/** A database failure that is not the client's doing: answered 503, the batch was not applied. */
export class StoreWriteError extends SwitchboardError {
  constructor(message: string) {
    super(503, 'SERVICE_UNAVAILABLE', message);
  }
}

type Step = { kind: 'update'; record: ConnectorRecord; expected: ConnectorRecord } | { kind: 'remove'; record: ConnectorRecord };

/** Everything one commit writes, fixed when the commit starts. */
export interface BatchPlan {
  /** Updates and deletes, ordered by id so two instances lock rows in the same order (no deadlock). */
  steps: Step[];
  /** Records the batch creates, in creation order: the shared sequence numbers them in this order. */
  inserts: ConnectorRecord[];
  reserved: [string, unknown][];
  /** A record changes its name: the unique check waits for the end of the batch (names may be swapped). */
  renames: boolean;
}

/**
 * Must run before the commit's first await: `tx.committed` reads the registry's live state, which
 * may take other instances' changes while the commit is in flight, and the versions compared must
 * be the ones the batch's operations saw.
 */
export function planBatch(tx: Transaction): BatchPlan {
  const steps: Step[] = tx.removals.map((record) => ({ kind: 'remove', record }));
  const inserts: ConnectorRecord[] = [];
  let renames = false;
  for (const record of tx.upserts) {
    const expected = tx.committed(record.id);
    if (!expected) inserts.push(record);
    else {
      steps.push({ kind: 'update', record, expected });
      renames ||= expected.name !== record.name;
    }
  }
  steps.sort((a, b) => (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0));
  return { steps, inserts, reserved: [...tx.reservedUpdates], renames };
}

function changedElsewhere(name: string): ConflictError {
  return new ConflictError(`Connector "${name}" was changed by another writer; reload and retry`, name);
}

/**
 * Writes one batch in one SQL transaction: optimistic concurrency on `version` (an update applies
 * only over the version the batch read), then one notification per change, sent by PostgreSQL
 * only if the transaction commits. Resolves with the sequence numbers of the created records.
 */
export async function writeBatch(client: pg.ClientBase, plan: BatchPlan): Promise<Map<string, number>> {
  const seqs = new Map<string, number>();
  const notices: ChangeNotice[] = [];
  let current: ConnectorRecord | undefined;
  let committing = false;
  try {
    await client.query('BEGIN');
    if (plan.renames) await client.query('SET CONSTRAINTS connectors_name_key DEFERRED');
    for (const step of plan.steps) {
      current = step.record;
      if (step.kind === 'remove') {
        await client.query('DELETE FROM connectors WHERE id = $1', [step.record.id]);
        notices.push({ op: 'remove', id: step.record.id });
        continue;
      }
      const { id, type, name, config, createdAt, updatedAt, version } = step.record;
      const result = await client.query(
        `UPDATE connectors SET type = $2, name = $3, config = $4, created_at = $5, updated_at = $6, version = $7
          WHERE id = $1 AND version = $8`,
        [id, type, name, JSON.stringify(config), createdAt, updatedAt, version, step.expected.version],
      );
      if (result.rowCount !== 1) throw changedElsewhere(step.expected.name);
      notices.push({ op: 'upsert', id });
    }
    for (const record of plan.inserts) {
      current = record;
      const { id, type, name, config, createdAt, updatedAt, version } = record;
      const result = await client.query<{ seq: string }>(
        `INSERT INTO connectors (id, type, name, config, created_at, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING seq`,
        [id, type, name, JSON.stringify(config), createdAt, updatedAt, version],
      );
      // Only a copy reuses ids: another writer already holds this one.
      if (result.rows.length !== 1) throw changedElsewhere(name);
      seqs.set(id, Number(result.rows[0].seq));
      notices.push({ op: 'upsert', id });
    }
    current = undefined;
    for (const [name, value] of plan.reserved) {
      if (value === undefined) await client.query('DELETE FROM connector_reserved WHERE name = $1', [name]);
      else {
        await client.query(
          'INSERT INTO connector_reserved (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value',
          [name, JSON.stringify(value)],
        );
      }
      notices.push({ op: 'reserved', name });
    }
    await client.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) WITH ORDINALITY AS n(payload, i) ORDER BY i', [
      CHANGE_CHANNEL,
      notices.map(encodeNotice),
    ]);
    committing = true;
    await client.query('COMMIT');
    return seqs;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw translate(error, current, committing);
  }
}

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** Database errors become the domain's: 409 for a lost race, 400 for a value PostgreSQL refuses, 503 otherwise. */
function translate(error: unknown, record: ConnectorRecord | undefined, committing: boolean): Error {
  if (error instanceof SwitchboardError) return error;
  const { code, constraint, detail } = (error ?? {}) as PgError;
  if (code === '23505' && constraint === 'connectors_name_key') {
    // With the check deferred it fails at COMMIT; the key in the detail names the name then.
    const name = /^Key \(name\)=\((.*)\) already exists\.?$/s.exec(detail ?? '')?.[1] ?? record?.name;
    return new ConflictError(name === undefined ? 'A connector with that name already exists' : `A connector named "${name}" already exists`, name);
  }
  // Deadlock victim or serialization failure: another writer got there at the same moment.
  if (code === '40P01' || code === '40001') {
    return record ? changedElsewhere(record.name) : new ConflictError('A connector was changed by another writer; reload and retry');
  }
  // Data exceptions (such as \u0000, which jsonb cannot hold): the message names the problem, not the value.
  if (typeof code === 'string' && code.startsWith('22')) {
    const where = record ? `connector "${record.name}"` : 'a reserved entry';
    return new InvalidInputError(`The config of ${where} cannot be stored: ${(error as Error).message}`);
  }
  const reason = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? `PostgreSQL error ${code}` : reasonOf(error);
  return new StoreWriteError(
    committing
      ? `The connector store did not confirm the change (${reason}); it may or may not have been saved, reload and check`
      : `The connector store could not save the change (${reason}); nothing was changed`,
  );
}
