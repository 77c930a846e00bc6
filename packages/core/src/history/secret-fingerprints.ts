import { createHmac } from 'node:crypto';
import { isPlainObject } from '@switchboard/sdk';
import { childPath, sameJson } from '../audit/changed-paths.js';

/**
 * The secret values of a config, by field path (as changed paths spell them): every leaf that
 * redaction changes. Redaction is the one definition of what is secret (plugin declarations,
 * key-name heuristics, credentialed URLs), so this follows it exactly.
 */
export function secretLeaves(config: unknown, redacted: unknown, path = ''): Array<[string, unknown]> {
  if (isPlainObject(config) && isPlainObject(redacted)) {
    const leaves: Array<[string, unknown]> = [];
    for (const [key, value] of Object.entries(config)) leaves.push(...secretLeaves(value, redacted[key], childPath(path, key)));
    return leaves;
  }
  return sameJson(config, redacted) ? [] : [[path === '' ? '$' : path, config]];
}

/**
 * Keyed fingerprints (HMAC-SHA256 with the server's fingerprint key, first 128 bits in hex) of
 * secret values: equal values give equal fingerprints, so a change and a change back show, while
 * without the key nobody can test a guess of the value against one.
 */
export function fingerprintSecrets(leaves: ReadonlyArray<[string, unknown]>, key: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, value] of leaves) {
    out[path] = createHmac('sha256', key)
      .update(JSON.stringify([path, value]))
      .digest('hex')
      .slice(0, 32);
  }
  return out;
}
