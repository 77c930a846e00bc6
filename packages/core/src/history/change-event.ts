/** What a change feed event says happened to a connector. */
export type ChangeEventAction = 'created' | 'updated' | 'deleted' | 'tested';

/**
 * One event of the change feed (`GET /api/events`): names only, never a value. `id` orders events
 * and is what a client sends back as `Last-Event-ID`; with PostgreSQL it comes from one database
 * sequence, so it means the same on every instance.
 */
export interface ChangeEvent {
  id: number;
  action: ChangeEventAction;
  at: string;
  /** id and type are null for shared settings such as `defaults`. */
  connector: { id: string | null; name: string; type: string | null };
  /** The revision the change made (`GET /api/connectors/:name/revisions`); absent for `tested`. */
  revision?: number;
  /** Changed field paths, e.g. `accounts.main.botToken`. */
  fields: string[];
  fieldsOmitted?: number;
  /** Who: the API key id, `anonymous`, `system` (in-process), or `file` (an edit of the config file outside Switchboard). */
  keyId: string;
  /** Set when the change restored an earlier revision. */
  restoredFrom?: number;
  /** For `tested`: the outcome (`ok`, `auth_failed`, ...). */
  outcome?: string;
}

const ACTIONS: ReadonlySet<string> = new Set<ChangeEventAction>(['created', 'updated', 'deleted', 'tested']);

/** An event read back from another instance's notification; undefined for anything else. */
export function changeEventOf(value: unknown): ChangeEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const event = value as Partial<ChangeEvent>;
  if (!Number.isSafeInteger(event.id) || typeof event.action !== 'string' || !ACTIONS.has(event.action)) return undefined;
  if (typeof event.at !== 'string' || typeof event.keyId !== 'string' || !Array.isArray(event.fields)) return undefined;
  if (typeof event.connector !== 'object' || event.connector === null || typeof event.connector.name !== 'string') return undefined;
  return event as ChangeEvent;
}
