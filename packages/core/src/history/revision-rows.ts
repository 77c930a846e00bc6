import { EVENT_CHANNEL } from '../store/postgres/change-notice.js';
import type { NewRevision } from './history-store.js';

/**
 * How a revision becomes a row of `connector_revisions` (migration 5), declared once for the two
 * statements that insert them: the history's own append and the connector store's write batch,
 * which keeps a write's revisions in the write's own commit.
 */
export const REVISION_COLUMNS = 'connector_name, connector_id, connector_type, action, key_id, at, fields, fields_omitted, fingerprints, restored_from, config';

const REVISION_TYPES = ['text', 'text', 'text', 'text', 'text', 'timestamptz', 'jsonb', 'integer', 'jsonb', 'bigint', 'jsonb'];

/** The revision parameters numbered from `first` as typed arrays for one `unnest(...)`, one per REVISION_COLUMNS. */
export function revisionArrays(first: number): string {
  return REVISION_TYPES.map((type, i) => `$${first + i}::${type}[]`).join(', ');
}

/** The revisions as parallel arrays, in REVISION_COLUMNS order. */
export function revisionParameters(revisions: readonly NewRevision[]): unknown[][] {
  return [
    revisions.map((r) => r.connector.name),
    revisions.map((r) => r.connector.id),
    revisions.map((r) => r.connector.type),
    revisions.map((r) => r.action),
    revisions.map((r) => r.keyId),
    revisions.map((r) => r.at),
    revisions.map((r) => JSON.stringify(r.fields)),
    revisions.map((r) => r.fieldsOmitted ?? null),
    revisions.map((r) => JSON.stringify(r.fingerprints)),
    revisions.map((r) => r.restoredFrom ?? null),
    revisions.map((r) => (r.config === undefined ? null : JSON.stringify(r.config))),
  ];
}

/** Announces a revision's event (jsonb `payload`, see PostgresHistoryStore.announcement) to every instance, with its number as id and revision. */
export function announceRevision(payload: string, id: string): string {
  return `pg_notify('${EVENT_CHANNEL}', (jsonb_set(${payload}, '{id}', to_jsonb(${id})) || jsonb_build_object('revision', ${id}))::text)`;
}
