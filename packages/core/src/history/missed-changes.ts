import { sameJson } from '../audit/changed-paths.js';
import type { ConnectorRecord } from '../registry/connector-record.js';
import type { OutsideChange } from '../registry/connector-registry.js';
import type { HistoryHeads, StoredRevision } from './history-store.js';

/** What the registry holds now: connectors, and shared entries such as `defaults`. */
export interface CurrentState {
  list(): readonly ConnectorRecord[];
  getById(id: string): ConnectorRecord | undefined;
  getByName(name: string): ConnectorRecord | undefined;
  reservedEntries(): ReadonlyMap<string, unknown>;
}

/**
 * The changes a history has not seen: edits made to the file while Switchboard was stopped, or a
 * write that a crash stopped between its commit and its revision. Found by comparing the newest
 * revision of each name with what is stored now; a connector without any revision is missed when it
 * was created after the oldest revision kept (the history was running then); older ones predate
 * the history. `openConfig` opens a revision's config, or answers undefined when a value of it does
 * not open: nothing can be compared then, and the name is left alone.
 */
export function missedChanges(
  heads: HistoryHeads,
  current: CurrentState,
  openConfig: (revision: StoredRevision) => { config: unknown } | undefined,
): OutsideChange[] {
  const changes: OutsideChange[] = [];
  const seen = new Set<string>();
  // A connector renamed goes on under its new name: the newest revision of its id is there.
  const newestOfId = new Map<string, number>();
  for (const head of heads.newest) {
    const { id } = head.connector;
    if (id !== null) newestOfId.set(id, Math.max(newestOfId.get(id) ?? 0, head.revision));
  }
  for (const head of heads.newest) {
    const { id, name } = head.connector;
    const record = id === null ? undefined : current.getByName(name);
    // Renamed away (a connector now under this name is judged as one without revisions, below).
    if (head.action !== 'delete' && id !== null && record?.id !== id && ((newestOfId.get(id) ?? 0) > head.revision || current.getById(id))) continue;
    seen.add(name);
    const now = id === null ? current.reservedEntries().get(name) : record?.config;
    const connector = record ? { id: record.id, name, type: record.type } : head.connector;
    if (head.action === 'delete') {
      if (now !== undefined) changes.push({ action: 'create', connector, before: undefined, after: now });
      continue;
    }
    // Kept as stored (no encryption): equal means unchanged, without opening it.
    if (now !== undefined && sameJson(head.config, now)) continue;
    const kept = openConfig(head);
    if (!kept) continue;
    if (now === undefined) changes.push({ action: 'delete', connector: head.connector, before: kept.config, after: undefined });
    else if (!sameJson(kept.config, now)) changes.push({ action: 'update', connector, before: kept.config, after: now });
  }
  const { oldestAt } = heads;
  if (oldestAt === undefined) return changes;
  for (const record of current.list()) {
    if (seen.has(record.name) || record.createdAt < oldestAt) continue;
    changes.push({ action: 'create', connector: { id: record.id, name: record.name, type: record.type }, before: undefined, after: record.config });
  }
  return changes;
}
