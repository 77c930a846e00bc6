import { heuristicSecretSpec } from '@switchboard/sdk';

/**
 * The name of the first query parameter that looks like it carries a credential (`api_key`,
 * `token`, `key`, `access_token`, `auth`, ...: the key-name heuristics that redact configs), or
 * undefined. None of the API's own parameters (`start-index`, `max-results`, `limit`) is one.
 */
export function credentialQueryParameter(query: unknown): string | undefined {
  if (query === null || typeof query !== 'object') return undefined;
  for (const name of Object.keys(query)) if (isCredentialName(name)) return name;
  return undefined;
}

export function isCredentialName(name: string): boolean {
  return heuristicSecretSpec(name) !== undefined || BARE_CREDENTIAL_NAMES.has(name.toLowerCase());
}

// Names used for keys in URLs that the config heuristics leave alone (a config field called `sig`
// or `code` is usually no secret; in a query string it usually is one).
const BARE_CREDENTIAL_NAMES: ReadonlySet<string> = new Set(['sig', 'signature', 'code', 'jwt', 'bearer', 'session', 'sid', 'pass', 'pwd']);
