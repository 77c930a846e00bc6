import { describe, expect, it } from '@jest/globals';
import { type ChangeNotice, decodeNotices, encodeNotices, MAX_PAYLOAD_BYTES } from './change-notice.js';

const decodeAll = (payloads: string[]) => payloads.flatMap((payload): (ChangeNotice | string)[] => decodeNotices(payload) ?? ['undecodable']);

describe('change notices', () => {
  it('round-trips every kind in one payload, in order, with and without the writer that sent an upsert', () => {
    const notices: ChangeNotice[] = [
      { op: 'upsert', id: 'a', origin: 'instance-1', version: 3 },
      { op: 'upsert', id: 'a' },
      { op: 'remove', id: 'b' },
      { op: 'reserved', name: 'defaults' },
    ];
    const payloads = encodeNotices(notices);
    expect(payloads).toHaveLength(1);
    expect(decodeAll(payloads)).toEqual(notices);
  });

  it("splits a large batch into payloads under PostgreSQL's limit, keeping the order", () => {
    const notices: ChangeNotice[] = Array.from({ length: 1000 }, (_, i) =>
      i % 10 === 0 ? { op: 'remove', id: `gone-${i}` } : { op: 'upsert', id: crypto.randomUUID(), origin: crypto.randomUUID(), version: i },
    );
    const payloads = encodeNotices(notices);
    expect(payloads.length).toBeGreaterThan(5);
    expect(payloads.length).toBeLessThan(30);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(decodeAll(payloads)).toEqual(notices);
    // Multi-byte characters count as bytes, not characters.
    const wide: ChangeNotice[] = Array.from({ length: 300 }, (_, i) => ({ op: 'reserved', name: `défaut-€-${i}` }));
    const widePayloads = encodeNotices(wide);
    for (const payload of widePayloads) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(decodeAll(widePayloads)).toEqual(wide);
    expect(encodeNotices([])).toEqual([]);
  });

  it('reads what earlier versions sent: one notice a payload, an origin only with a whole version', () => {
    expect(decodeNotices('{"op":"upsert","id":"a","origin":"x","version":2}')).toEqual([{ op: 'upsert', id: 'a', origin: 'x', version: 2 }]);
    expect(decodeNotices('{"op":"upsert","id":"a"}')).toEqual([{ op: 'upsert', id: 'a' }]);
    expect(decodeNotices('{"op":"upsert","id":"a","origin":"x"}')).toEqual([{ op: 'upsert', id: 'a' }]);
    expect(decodeNotices('{"op":"upsert","id":"a","origin":"x","version":1.5}')).toEqual([{ op: 'upsert', id: 'a' }]);
  });

  it('does not understand a payload with anything it cannot read, so the listener reads everything instead', () => {
    const payloads = [
      undefined,
      '',
      'not json',
      '[]',
      'null',
      '{"op":"upsert"}',
      '{"op":"rename","id":"a"}',
      '{"op":"reserved","name":1}',
      '[{"op":"remove","id":"a"},{"op":"move"}]',
    ];
    for (const payload of payloads) expect(decodeNotices(payload)).toBeUndefined();
  });
});
