import { EVENT_CHANNEL } from '../store/postgres/change-notice.js';
import type { NewRevision } from './history-store.js';

/**
 * How a revision becomes a row of `connector_revisions` (migration 5), declared once for the two
 * statements that insert them: the history's own append and the connector store's write batch,
 * which keeps a write's revisions in the write's own commit. Both send their revisions as one JSON
 * document read with `jsonb_to_recordset`: serialising it is one JSON.stringify, where arrays of
 * JSON texts cost the driver an escaping pass over every character.
 */
const REVISION_FIELDS = [
  ['connector_name', 'text'],
  ['connector_id', 'text'],
  ['connector_type', 'text'],
  ['action', 'text'],
  ['key_id', 'text'],
  ['at', 'timestamptz'],
  ['fields', 'jsonb'],
  ['fields_omitted', 'integer'],
  ['fingerprints', 'jsonb'],
  ['restored_from', 'bigint'],
  ['config', 'jsonb'],
] as const;

export const REVISION_COLUMNS = REVISION_FIELDS.map(([column]) => column).join(', ');

/** The revision columns with their types, for the column list of `jsonb_to_recordset(...) AS r(...)`. */
export const REVISION_RECORD = REVISION_FIELDS.map(([column, type]) => `${column} ${type}`).join(', ');

/** A revision as an element of that document, keyed by column (JSON null reads as SQL NULL). */
export function revisionRecord(r: NewRevision): Record<(typeof REVISION_FIELDS)[number][0], unknown> {
  return {
    connector_name: r.connector.name,
    connector_id: r.connector.id,
    connector_type: r.connector.type,
    action: r.action,
    key_id: r.keyId,
    at: r.at,
    fields: r.fields,
    fields_omitted: r.fieldsOmitted ?? null,
    fingerprints: r.fingerprints,
    restored_from: r.restoredFrom ?? null,
    config: r.config ?? null,
  };
}

/** How every announcement text begins (PostgresHistoryStore.announcement): its id, to be replaced by the revision number. */
export const ANNOUNCEMENT_HEAD = '{"id":0,';

/**
 * Announces a revision's event (text `payload` beginning with ANNOUNCEMENT_HEAD, without a
 * `revision` key) to every instance, with its number as id and revision. Spliced as text: parsing
 * and printing each payload as jsonb made the write batch costlier for PostgreSQL (bench/FINDINGS.md).
 */
export function announceRevision(payload: string, id: string): string {
  return `pg_notify('${EVENT_CHANNEL}', '{"id":' || ${id} || ',"revision":' || ${id} || ',' || substr(${payload}, ${ANNOUNCEMENT_HEAD.length + 1}))`;
}
