import type { SecretSpec } from '../secret.js';
import { FULL, MASK, URL_RULE } from './mask.js';
import { looksLikeToken, type QueryPart, queryParts, rawFragmentOf, rawQueryOf } from './url-query.js';

// The Eliza runtime's own response-redaction patterns, as it applies them (substrings of the key,
// case-insensitive): every key it masks, we mask. Widened with names it misses (passwd,
// passphrase, cookie, *auth, *key) — over-redacting a non-secret costs a mask, missing one leaks.
const SENSITIVE_FRAGMENT = /password|passwd|passphrase|secret|api.?key|private.?key|seed.?phrase|authorization|connection.?string|credential|cookie/i;
const TOKEN_SUFFIX = /(?<!max)tokens?$/i;
const KEY_SUFFIX = /(?<!public)key$/i;
const AUTH_SUFFIX = /auth$/i;
// URLs that routinely embed a token (webhooks) or credentials (proxies).
const URL_KEY = /(?:webhook|hook).?url$|^proxy(?:.?url)?$/i;

/*
 * Short words that name a secret but are also parts of harmless words or names (`passive`,
 * `sessionPrefix`, `jwtAlgorithm`), so they are matched as whole words of the key — its
 * camelCase / snake_case / kebab-case / SCREAMING_CASE words — and only where the key names the
 * secret itself: at its end (`dbPass`, `userSession`, `webhookSignature`), or followed by words
 * that name the same value (`sessionId`, `jwtToken`, `mnemonicPhrase`, `accessKeyId`).
 */
const SECRET_WORDS: readonly (readonly string[])[] = [
  ['pass'],
  ['pwd'],
  ['passcode'],
  ['jwt'],
  ['bearer'],
  ['session'],
  ['sessid'],
  ['signature'],
  ['sig'],
  ['mnemonic'],
  ['otp'],
  ['totp'],
  ['access', 'key'],
  ['priv', 'key'],
  ['privkey'],
];
/** Words after a secret word that still name the secret value, not a setting about it. */
const VALUE_WORDS: ReadonlySet<string> = new Set(['id', 'key', 'token', 'value', 'string', 'data', 'phrase', 'words', 'pem', 'hex', 'b64', 'base64']);

/** The words of a key, lower case: `accessKeyID` -> access, key, id; `PRIVATE_KEY2` -> private, key, 2. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)|(\d)([A-Za-z])/g, (_, a: string, b: string, c: string, d: string) => (a ? `${a} ${b}` : `${c} ${d}`))
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/*
 * The same words run together in one lower- or upper-case word (`sessionid`, `ACCESSKEYID`,
 * `mnemonicphrase`), where no case change or separator splits them, and the session cookies that
 * are named that way (`JSESSIONID`, `PHPSESSID`, `ASP.NET_SessionId`): each read as its words.
 */
const COMPOUND_WORDS: ReadonlyMap<string, readonly string[]> = new Map([
  ...SECRET_WORDS.flatMap((phrase) => [
    [phrase.join(''), phrase] as const,
    ...[...VALUE_WORDS].map((value) => [`${phrase.join('')}${value}`, [...phrase, value]] as const),
  ]),
  ['jsessionid', ['session', 'id']],
  ['phpsessid', ['sessid']],
]);

function namesSecretWord(key: string): boolean {
  const words = keyWords(key).flatMap((word) => COMPOUND_WORDS.get(word) ?? [word]);
  for (const phrase of SECRET_WORDS) {
    for (let at = 0; at + phrase.length <= words.length; at++) {
      if (!phrase.every((word, i) => words[at + i] === word)) continue;
      if (words.slice(at + phrase.length).every((word) => VALUE_WORDS.has(word) || /^\d+$/.test(word))) return true;
    }
  }
  return false;
}

/**
 * Key names recur in every config the service reads, writes and serves, and judging one splits it
 * into words: each name is judged once. Bounded (emptied when full) against a client sending
 * endless new names.
 */
const judged = new Map<string, SecretSpec | null>();
const MAX_JUDGED = 4096;

/** How a field is redacted when no plugin declares it; undefined when its name looks harmless. */
export function heuristicSecretSpec(key: string): SecretSpec | undefined {
  const known = judged.get(key);
  if (known !== undefined) return known ?? undefined;
  const spec = judge(key);
  if (judged.size >= MAX_JUDGED) judged.clear();
  judged.set(key, spec ?? null);
  return spec;
}

function judge(key: string): SecretSpec | undefined {
  if (URL_KEY.test(key)) return URL_RULE;
  if (SENSITIVE_FRAGMENT.test(key) || TOKEN_SUFFIX.test(key) || KEY_SUFFIX.test(key) || AUTH_SUFFIX.test(key) || namesSecretWord(key)) {
    return FULL;
  }
  return undefined;
}

// Anything before the host ending in `@`: `user:password@`, and a user part alone (`https://<token>@host`).
const USERINFO_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]*@/i;
const URL_START = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * True for a URL that carries a credential whatever key holds it: a user part (with or without a
 * password), a token-like path segment (`/services/<token>`), or a query or fragment that carries a
 * secret — a value under a secret-sounding name (`?token=`, `#access_token=`), a token-like value
 * under any name, or a token-like part that is not `name=value` (`?<token>`, `#<token>`). Such a URL
 * is masked by the `url` rule (and sealed at rest) wherever it appears.
 */
export function isCredentialedUrl(value: string): boolean {
  if (!URL_START.test(value)) return false;
  if (USERINFO_URL.test(value)) return true;
  const tokenInPath = pathOf(value)
    .split('/')
    .some((segment) => looksLikeToken(decodedName(segment)));
  if (tokenInPath) return true;
  // A fragment is read as a query is: OAuth's implicit flow returns `#access_token=...&state=...`.
  return [rawQueryOf(value), rawFragmentOf(value)].some((query) => query !== undefined && carriesSecret(queryParts(query)));
}

function carriesSecret(parts: readonly QueryPart[]): boolean {
  return parts.some((part) => {
    const name = decodedName(part.name);
    if (looksLikeToken(name)) return true;
    if (part.value === undefined || part.value === '') return false;
    return looksLikeToken(part.value) || heuristicSecretSpec(name) !== undefined;
  });
}

/** The path of a URL string (after the authority, before `?` and `#`). */
function pathOf(url: string): string {
  const afterScheme = url.slice(url.indexOf('//') + 2);
  const end = afterScheme.search(/[?#]/);
  const beforeQuery = end === -1 ? afterScheme : afterScheme.slice(0, end);
  const slash = beforeQuery.indexOf('/');
  return slash === -1 ? '' : beforeQuery.slice(slash);
}

/** True when a URL string holds a mask: what this service serves for a credentialed URL. */
export function isMaskedUrl(value: string): boolean {
  return URL_START.test(value) && value.includes(MASK);
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
