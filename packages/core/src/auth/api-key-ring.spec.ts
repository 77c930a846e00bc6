import { describe, expect, it } from '@jest/globals';
import { ApiKeyRing, parseApiKeys } from './api-key-ring.js';

describe('API key entries', () => {
  it('parses ids, keys and permissions; no permissions means read and write', () => {
    const entries = parseApiKeys('ops:0123456789abcdef:read,write,reveal; ui:fedcba9876543210\n# comment\n', 'test');
    expect(entries).toEqual([
      { id: 'ops', key: '0123456789abcdef', permissions: ['read', 'write', 'reveal'] },
      { id: 'ui', key: 'fedcba9876543210', permissions: ['read', 'write'] },
    ]);
  });

  it.each([
    ['short:key', /at least 16 characters/],
    ['ops:0123456789abcdef:admin', /unknown permission "admin"/],
    ['ops', /must look like/],
    [':0123456789abcdef', /no valid id/],
    ['a:0123456789abcdef;a:0123456789abcdeX', /listed twice/],
  ])('refuses %s, never echoing a key', (text, message) => {
    expect(() => parseApiKeys(text, 'SWITCHBOARD_API_KEYS')).toThrow(message);
    try {
      parseApiKeys(text, 'SWITCHBOARD_API_KEYS');
    } catch (error) {
      expect((error as Error).message).not.toContain('0123456789abcdef');
    }
  });

  it('authenticates by key and tells which key id, without reveal unless granted', () => {
    const ring = new ApiKeyRing(parseApiKeys('ops:0123456789abcdef:read;w:abcdefabcdefabcdef', 'test'));
    expect(ring.enabled).toBe(true);
    expect(ring.authenticate('0123456789abcdef')).toEqual({ keyId: 'ops', permissions: new Set(['read']) });
    expect(ring.authenticate('abcdefabcdefabcdef')?.permissions.has('reveal')).toBe(false);
    expect(ring.authenticate('0123456789abcdeF')).toBeUndefined();
    expect(new ApiKeyRing([]).enabled).toBe(false);
  });
});
