/**
 * Reading the query of a URL for redaction. The WHATWG URL parser is no help here: it reads a
 * bare `?<token>` as a parameter NAMED by the token, so a mask that keeps names (`name=****`) would
 * serve the token itself. The query is split by hand and each part judged.
 */

export interface QueryPart {
  /** The name as written (percent-encoding kept), or the whole part when it has no `=`. */
  readonly name: string;
  /** The value decoded; undefined for a part without `=`. */
  readonly value: string | undefined;
}

// A parameter name as APIs spell them (`token`, `api_key`, `X-Amz-Signature`, `items[0]`): a
// short word, not something encoded (whether it looks like a token is checked apart).
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_.\-[\]]{0,31}$/;

/** The query of a URL string without its `?` and fragment; undefined when there is none. */
export function rawQueryOf(url: string): string | undefined {
  const hash = url.indexOf('#');
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const mark = beforeHash.indexOf('?');
  if (mark === -1 || mark === beforeHash.length - 1) return undefined;
  return beforeHash.slice(mark + 1);
}

/** The fragment of a URL string without its `#`; undefined when there is none. */
export function rawFragmentOf(url: string): string | undefined {
  const hash = url.indexOf('#');
  return hash === -1 || hash === url.length - 1 ? undefined : url.slice(hash + 1);
}

/** The non-empty `&`-separated parts of a raw query. */
export function queryParts(query: string): QueryPart[] {
  const parts: QueryPart[] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    parts.push(eq === -1 ? { name: part, value: undefined } : { name: part.slice(0, eq), value: decoded(part.slice(eq + 1)) });
  }
  return parts;
}

/**
 * True when a query parameter name (as written, percent-encoding kept) is a plain short word that
 * does not look like a token: only such a name may be shown in a mask, a log line or an error
 * message, since a client may put the credential itself where a name goes (`?<token>=1`).
 */
export function isPlainParameterName(name: string): boolean {
  return PLAIN_NAME.test(name) && !looksLikeToken(name);
}

/** True when every part is `name=value` with a plain word as its name: only then may names be shown. */
export function hasPlainNames(parts: readonly QueryPart[]): boolean {
  return parts.every((part) => part.value !== undefined && isPlainParameterName(part.name));
}

// 16+ letters and digits in one run, both present: hex digests, base62 API keys, JWT segments.
const ALNUM_RUN = /[A-Za-z0-9]{16,}/g;
// 20+ characters of base64 / base64url with upper case, lower case and digits all present.
const BASE64_RUN = /[A-Za-z0-9+/_=-]{20,}/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * True when a string looks machine-generated like a credential, as opposed to a word, a date, a
 * number or an id made of digits only (`newsletter_2024_spring`, `2024-01-01`, a Discord channel id).
 * A UUID counts: services hand them out as capability tokens (webhook ids, signer UUIDs).
 */
export function looksLikeToken(value: string): boolean {
  if (value.length < 16) return false;
  if (UUID.test(value)) return true;
  for (const run of value.match(ALNUM_RUN) ?? []) if (/\d/.test(run) && /[A-Za-z]/.test(run)) return true;
  for (const run of value.match(BASE64_RUN) ?? []) if (/\d/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run)) return true;
  return false;
}

function decoded(text: string): string {
  try {
    // `+` is left as it is: in a token it is base64, not a space.
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
