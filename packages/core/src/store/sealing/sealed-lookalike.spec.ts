import { describe, expect, it } from '@jest/globals';
import { sealedLookalikePath, sealedLookalikeRefusal } from './sealed-lookalike.js';

describe('values in the encrypted-secret format', () => {
  it('are found at any depth, by path', () => {
    expect(sealedLookalikePath({ a: 'enc:v1:abc' })).toBe('a');
    expect(sealedLookalikePath({ accounts: { x: { tokens: ['ok', 'enc:v1:k:i:t:c'] } } })).toBe('accounts.x.tokens[1]');
    expect(sealedLookalikePath({ a: 'plain enc:v1: inside', b: 1, c: null })).toBeUndefined();
  });

  it('are refused by the store with the path and the reserved prefixes', () => {
    expect(sealedLookalikeRefusal({ a: { b: 'enc:v2:x' } })).toBe('a.b starts with "enc:v1:" or "enc:v2:", which is reserved for secrets the store encrypts');
    expect(sealedLookalikeRefusal({ a: 'fine' })).toBeUndefined();
  });
});
