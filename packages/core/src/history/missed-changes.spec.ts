import { describe, expect, it } from '@jest/globals';
import type { ConnectorRecord } from '../registry/connector-record.js';
import type { StoredRevision } from './history-store.js';
import { type CurrentState, missedChanges } from './missed-changes.js';

const record = (id: string, name: string, config: Record<string, unknown>, createdAt = '2026-02-01T00:00:00.000Z'): ConnectorRecord => ({
  id,
  name,
  type: name,
  config,
  createdAt,
  updatedAt: createdAt,
  version: 1,
  seq: 1,
});

let numbers = 0;
const revision = (action: StoredRevision['action'], connector: StoredRevision['connector'], config?: unknown): StoredRevision => ({
  revision: ++numbers,
  at: '2026-01-15T00:00:00.000Z',
  action,
  connector,
  keyId: 'k',
  fields: [],
  fingerprints: {},
  ...(config !== undefined && { config }),
});

function state(records: ConnectorRecord[], reserved: Record<string, unknown> = {}): CurrentState {
  return {
    list: () => records,
    getById: (id) => records.find((r) => r.id === id),
    getByName: (name) => records.find((r) => r.name === name),
    reservedEntries: () => new Map(Object.entries(reserved)),
  };
}

const open = (r: StoredRevision) => ({ config: r.config });
const summary = (changes: ReturnType<typeof missedChanges>) => changes.map((c) => `${c.action} ${c.connector.name}`);

describe('missedChanges: what a history kept apart from the commits did not see', () => {
  it('finds an edited, a removed, a re-added and an edited shared entry; leaves the unchanged alone', () => {
    const heads = [
      revision('update', { id: 'a', name: 'edited', type: 'edited' }, { token: 'old' }),
      revision('create', { id: 'b', name: 'same', type: 'same' }, { token: 't' }),
      revision('update', { id: 'c', name: 'removed', type: 'removed' }, { token: 't' }),
      revision('delete', { id: 'd', name: 'back', type: 'back' }),
      revision('update', { id: null, name: 'defaults', type: null }, { x: 1 }),
    ];
    const now = state([record('a', 'edited', { token: 'new' }), record('b', 'same', { token: 't' }), record('e', 'back', { v: 1 })], { defaults: { x: 2 } });
    const changes = missedChanges({ newest: heads, oldestAt: '2026-01-01T00:00:00.000Z' }, now, open);
    expect(summary(changes)).toEqual(['update edited', 'delete removed', 'create back', 'update defaults']);
    expect(changes[0]).toMatchObject({ before: { token: 'old' }, after: { token: 'new' }, connector: { id: 'a' } });
    expect(changes[2]).toMatchObject({ connector: { id: 'e' }, before: undefined, after: { v: 1 } });
  });

  it('leaves a renamed connector to its new name, and a revision whose config does not open', () => {
    // A rename's revision goes under the new name; the old name's newest is the one before it.
    const heads = [
      revision('update', { id: 'a', name: 'old-name', type: 't' }, { v: 1 }),
      revision('update', { id: 'a', name: 'new-name', type: 't' }, { v: 1 }),
      revision('update', { id: 'b', name: 'sealed', type: 't' }, { v: 1 }),
    ];
    const now = state([record('a', 'new-name', { v: 1 }), record('b', 'sealed', { v: 2 })]);
    const changes = missedChanges({ newest: heads, oldestAt: '2026-01-01T00:00:00.000Z' }, now, (r) => (r.connector.name === 'sealed' ? undefined : open(r)));
    expect(summary(changes)).toEqual([]);
  });

  it('leaves a name renamed away and then deleted, and judges a connector that took the freed name by its creation time', () => {
    const heads = [
      revision('create', { id: 'm', name: 'moved', type: 't' }, { v: 1 }),
      revision('delete', { id: 'm', name: 'moved-2', type: 't' }),
      revision('update', { id: 'r', name: 'reused', type: 't' }, { v: 1 }),
      revision('update', { id: 'r', name: 'reused-2', type: 't' }, { v: 1 }),
    ];
    const now = state([record('r', 'reused-2', { v: 1 }), record('q', 'reused', { v: 9 })]);
    const changes = missedChanges({ newest: heads, oldestAt: '2026-01-01T00:00:00.000Z' }, now, open);
    expect(summary(changes)).toEqual(['create reused']);
    expect(changes[0]).toMatchObject({ connector: { id: 'q' }, after: { v: 9 } });
  });

  it('counts a connector without any revision as missed only when created after the oldest revision kept', () => {
    const now = state([record('a', 'older', { v: 1 }, '2025-12-31T00:00:00.000Z'), record('b', 'newer', { v: 1 }, '2026-01-02T00:00:00.000Z')]);
    const heads = [revision('create', { id: 'c', name: 'other', type: 't' }, { v: 1 })];
    expect(
      summary(missedChanges({ newest: heads, oldestAt: '2026-01-01T00:00:00.000Z' }, state([...now.list(), record('c', 'other', { v: 1 })]), open)),
    ).toEqual(['create newer']);
    // No revision kept at all: the history has not begun, nothing is missed.
    expect(missedChanges({ newest: [], oldestAt: undefined }, now, open)).toEqual([]);
  });
});
