/**
 * What a commit announces to the other instances. The payload only names what changed (a
 * notification is limited to 8000 bytes and configs hold secrets); listeners read the row itself.
 */

export const CHANGE_CHANNEL = 'switchboard_connectors';

export type ChangeNotice =
  /**
   * `origin` (the writing instance) and `version` let the writer recognise its own upsert and take
   * the row from what it has just written instead of reading it back. Older writers send neither.
   */
  | { op: 'upsert'; id: string; origin?: string; version?: number }
  | { op: 'remove'; id: string }
  | { op: 'reserved'; name: string };

export function encodeNotice(notice: ChangeNotice): string {
  return JSON.stringify(notice);
}

/** Undefined for a payload this version does not understand (another writer's, a newer format). */
export function decodeNotice(payload: string | undefined): ChangeNotice | undefined {
  if (!payload) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { op, id, name, origin, version } = value as Record<string, unknown>;
  if (op === 'upsert' && typeof id === 'string') {
    return typeof origin === 'string' && Number.isInteger(version) ? { op, id, origin, version: version as number } : { op, id };
  }
  if (op === 'remove' && typeof id === 'string') return { op, id };
  if (op === 'reserved' && typeof name === 'string') return { op, name };
  return undefined;
}
