import { describe, expect, it } from '@jest/globals';
import type { ConnectorRecord } from '../registry/connector-record.js';
import { MapBody } from './map-body.js';

function record(name: string, config: Record<string, unknown>, seq: number): ConnectorRecord {
  return Object.freeze({ id: `id-${name}`, type: 'x', name, config, createdAt: '', updatedAt: '', version: 1, seq });
}

const fragmentOf = (r: ConnectorRecord) => Buffer.from(`${JSON.stringify(r.name)}:${JSON.stringify(r.config)}`);
const reservedOf = (entries: [string, unknown][]) => entries.map(([name, value]) => Buffer.from(`${JSON.stringify(name)}:${JSON.stringify(value)}`));
/** What the body must be: the map serialised in one go. */
const expected = (reserved: [string, unknown][], records: readonly ConnectorRecord[]) =>
  JSON.stringify({ connectors: Object.fromEntries([...reserved, ...records.map((r) => [r.name, r.config] as const)]) });

describe('MapBody', () => {
  it('serialises reserved entries and records, empty or not, as JSON.stringify would', () => {
    const records = [record('a', { k: 'é' }, 1), record('b', {}, 2)];
    for (const reserved of [[], [['defaults', { p: 1 }]]] as [string, unknown][][]) {
      for (const list of [[], records.slice(0, 1), records]) {
        expect(MapBody.build(reservedOf(reserved), list, fragmentOf).bytes.toString()).toBe(expected(reserved, list));
      }
    }
  });

  it('stays exact through random write batches that reuse the previous body', () => {
    let state = 7;
    const random = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    let seq = 0;
    let records = Array.from({ length: 30 }, (_, i) => record(`c${i}`, { v: 'x'.repeat(random(40)) }, ++seq));
    let reserved: [string, unknown][] = [];
    let body = MapBody.build(reservedOf(reserved), records, fragmentOf);
    for (let batch = 0; batch < 500; batch++) {
      const kind = random(10);
      if (kind < 7) {
        // Replace a few records in place: shorter, longer, same size, neighbours, first, last.
        records = records.slice();
        for (let k = random(4) + 1; k > 0; k--) {
          const i = random(records.length);
          records[i] = record(records[i].name, { v: 'y'.repeat(random(60)), batch }, records[i].seq);
        }
      } else if (kind === 7) records = [...records, record(`n${batch}`, { batch }, ++seq)];
      else if (kind === 8 && records.length > 1) records = records.filter((_, i) => i !== random(records.length));
      else reserved = random(2) ? [['defaults', { batch }]] : [];
      const previous = body;
      body = MapBody.build(reservedOf(reserved), records, fragmentOf, previous);
      expect(body.bytes.toString()).toBe(expected(reserved, records));
    }
  });

  it('gives back the same body when no record changed, and never writes into the previous bytes', () => {
    const records = [record('a', { v: 1 }, 1), record('b', { v: 2 }, 2)];
    const first = MapBody.build([], records, fragmentOf);
    expect(MapBody.build([], records.slice(), fragmentOf, first)).toBe(first);
    const before = first.bytes.toString();
    const second = MapBody.build([], [records[0], record('b', { v: 'longer now' }, 2)], fragmentOf, first);
    expect(second.bytes.toString()).toBe('{"connectors":{"a":{"v":1},"b":{"v":"longer now"}}}');
    expect(first.bytes.toString()).toBe(before);
  });
});
