import { describe, expect, it } from '@jest/globals';
import { sealedLookalikePath } from './sealed-lookalike.js';

describe('values in the encrypted-secret format', () => {
  it('are found at any depth, by path', () => {
    expect(sealedLookalikePath({ a: 'enc:v1:abc' })).toBe('a');
    expect(sealedLookalikePath({ accounts: { x: { tokens: ['ok', 'enc:v1:k:i:t:c'] } } })).toBe('accounts.x.tokens[1]');
    expect(sealedLookalikePath({ a: 'plain enc:v1: inside', b: 1, c: null })).toBeUndefined();
  });
});
