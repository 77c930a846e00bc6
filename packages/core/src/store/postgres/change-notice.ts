/**
 * What a commit announces to the other instances. The payload only names what changed (a
 * notification is limited to 8000 bytes and configs hold secrets); listeners read the row itself.
 */

export const CHANGE_CHANNEL = 'switchboard_connectors';

/** Where change feed events go between instances (names only, like the notices; see history/). */
export const EVENT_CHANNEL = 'switchboard_events';

export type ChangeNotice =
  /**
   * `origin` (the writing instance) and `version` let the writer recognise its own upsert and take
   * the row from what it has just written instead of reading it back. Older writers send neither.
   */
  { op: 'upsert'; id: string; origin?: string; version?: number } | { op: 'remove'; id: string } | { op: 'reserved'; name: string };

/** Under PostgreSQL's 8000-byte limit on a notification's payload, with room to spare. */
export const MAX_PAYLOAD_BYTES = 7900;

/**
 * A batch's notices as few payloads as fit MAX_PAYLOAD_BYTES, in order: each a JSON array of
 * notices. One notification per change made PostgreSQL queue and deliver each one and every
 * listener decode each, which cost write throughput (bench/FINDINGS.md).
 * A notice too large for a payload of its own still gets one (PostgreSQL then refuses the batch).
 */
export function encodeNotices(notices: readonly ChangeNotice[]): string[] {
  const payloads: string[] = [];
  let open: string[] = [];
  let bytes = 0; // of `[` + the open notices + their commas + `]`
  for (const notice of notices) {
    const json = JSON.stringify(notice);
    const size = Buffer.byteLength(json);
    if (open.length > 0 && bytes + 1 + size > MAX_PAYLOAD_BYTES) {
      payloads.push(`[${open.join(',')}]`);
      open = [];
    }
    bytes = open.length === 0 ? 2 + size : bytes + 1 + size;
    open.push(json);
  }
  if (open.length > 0) payloads.push(`[${open.join(',')}]`);
  return payloads;
}

/**
 * The notices of one payload: an array of them, or a single one (what earlier versions sent).
 * Undefined for a payload this version does not understand (a newer format, or something else on
 * the channel): the listener then reads everything again, since it cannot tell what changed.
 */
export function decodeNotices(payload: string | undefined): ChangeNotice[] | undefined {
  if (!payload) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const items = Array.isArray(value) ? value : [value];
  const notices: ChangeNotice[] = [];
  for (const item of items) {
    const notice = noticeOf(item);
    if (!notice) return undefined;
    notices.push(notice);
  }
  return notices.length > 0 ? notices : undefined;
}

function noticeOf(value: unknown): ChangeNotice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { op, id, name, origin, version } = value as Record<string, unknown>;
  if (op === 'upsert' && typeof id === 'string') {
    return typeof origin === 'string' && Number.isInteger(version) ? { op, id, origin, version: version as number } : { op, id };
  }
  if (op === 'remove' && typeof id === 'string') return { op, id };
  if (op === 'reserved' && typeof name === 'string') return { op, name };
  return undefined;
}
