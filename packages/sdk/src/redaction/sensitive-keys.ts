import type { SecretSpec } from '../secret.js';
import { FULL, URL_RULE } from './mask.js';

// The Eliza runtime's own response-redaction patterns, widened with names it misses
// (passphrase, cookie, auth, *key) — over-redacting a non-secret costs a mask, missing one leaks.
const SENSITIVE_FRAGMENT =
  /password|passwd|passphrase|secret|api.?key|private.?key|seed.?phrase|authorization|connection.?string|credential|cookie/i;
const TOKEN_SUFFIX = /(?<!max)tokens?$/i;
const KEY_SUFFIX = /(?<!public)key$/i;
const AUTH_SUFFIX = /auth$/i;
// URLs that routinely embed a token (webhooks) or credentials (proxies).
const URL_KEY = /(?:webhook|hook).?url$|^proxy(?:.?url)?$/i;
// A URL with user:password@ in it is a credential whatever its key is called.
const CREDENTIALED_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]*:[^/?#@\s]*@/i;

/** How a field is redacted when no plugin declares it; undefined when its name looks harmless. */
export function heuristicSecretSpec(key: string): SecretSpec | undefined {
  if (URL_KEY.test(key)) return URL_RULE;
  if (SENSITIVE_FRAGMENT.test(key) || TOKEN_SUFFIX.test(key) || KEY_SUFFIX.test(key) || AUTH_SUFFIX.test(key)) {
    return FULL;
  }
  return undefined;
}

export function isCredentialedUrl(value: string): boolean {
  return CREDENTIALED_URL.test(value);
}
