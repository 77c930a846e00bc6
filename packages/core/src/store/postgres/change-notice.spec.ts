import { describe, expect, it } from '@jest/globals';
import { decodeNotice, encodeNotice } from './change-notice.js';

describe('change notices', () => {
  it('round-trips every kind, with and without the writer that sent an upsert', () => {
    for (const notice of [
      { op: 'upsert', id: 'a', origin: 'instance-1', version: 3 },
      { op: 'upsert', id: 'a' },
      { op: 'remove', id: 'b' },
      { op: 'reserved', name: 'defaults' },
    ] as const) {
      expect(decodeNotice(encodeNotice(notice))).toEqual(notice);
    }
  });

  it('reads what older writers send, and drops an origin that comes without a whole version', () => {
    expect(decodeNotice('{"op":"upsert","id":"a"}')).toEqual({ op: 'upsert', id: 'a' });
    expect(decodeNotice('{"op":"upsert","id":"a","origin":"x"}')).toEqual({ op: 'upsert', id: 'a' });
    expect(decodeNotice('{"op":"upsert","id":"a","origin":"x","version":1.5}')).toEqual({ op: 'upsert', id: 'a' });
  });

  it('ignores what it does not understand', () => {
    for (const payload of [undefined, '', 'not json', '[]', 'null', '{"op":"upsert"}', '{"op":"rename","id":"a"}', '{"op":"reserved","name":1}']) {
      expect(decodeNotice(payload)).toBeUndefined();
    }
  });
});
