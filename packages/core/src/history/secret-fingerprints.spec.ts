import { describe, expect, it } from '@jest/globals';
import { redactConfig } from '@switchboard/sdk';
import { fingerprintSecrets, secretLeaves } from './secret-fingerprints.js';

const KEY = Buffer.alloc(32, 7);

describe('secret fingerprints', () => {
  it('finds the values redaction masks, by the paths changed fields use', () => {
    const config = { botToken: 'abc:def', allowFrom: ['a'], accounts: { 'main one': { apiKey: 'k1' } }, webhook: 'https://u:p@example.com/x' };
    const leaves = secretLeaves(config, redactConfig(config, new Map()));
    expect(leaves.map(([path]) => path)).toEqual(['botToken', 'accounts["main one"].apiKey', 'webhook']);
  });

  it('gives equal values equal fingerprints, other values or keys other ones, and never holds the value', () => {
    const one = fingerprintSecrets([['botToken', 'secret-1']], KEY);
    expect(one.botToken).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprintSecrets([['botToken', 'secret-1']], KEY)).toEqual(one);
    expect(fingerprintSecrets([['botToken', 'secret-2']], KEY).botToken).not.toBe(one.botToken);
    expect(fingerprintSecrets([['botToken', 'secret-1']], Buffer.alloc(32, 8)).botToken).not.toBe(one.botToken);
    expect(JSON.stringify(one)).not.toContain('secret-1');
  });
});
