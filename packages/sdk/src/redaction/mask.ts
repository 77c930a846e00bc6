import type { SecretSpec } from '../secret.js';
import { hasPlainNames, queryParts, rawQueryOf } from './url-query.js';

/** The mask a `full` rule produces; also what key-name heuristics produce. */
export const MASK = '****';
/** The marker the Eliza runtime's own redaction produces; accepted back like our masks. */
export const REDACTED_MARKER = '[REDACTED]';

const LAST4_MIN_LENGTH = 12;

/** Masks one string per its rule. Empty strings stay empty: they carry no secret. */
export function maskString(value: string, spec: SecretSpec): string {
  if (value === '') return '';
  switch (spec.rule) {
    case 'full':
      return MASK;
    case 'segments':
      return maskSegments(value, spec.separators);
    case 'url':
      return maskUrl(value);
    case 'last4':
      // Short secrets would give away a third of themselves: mask them whole.
      return value.length >= LAST4_MIN_LENGTH ? MASK + value.slice(-4) : MASK;
  }
}

/** "123456:ABC-DEF" -> "****:****": separators keep their places, every run between them is masked. */
function maskSegments(value: string, separators: string): string {
  let out = '';
  let inRun = false;
  for (const ch of value) {
    if (separators.includes(ch)) {
      out += ch;
      inRun = false;
    } else if (!inRun) {
      out += MASK;
      inRun = true;
    }
  }
  return out;
}

/**
 * Keeps scheme, host and port; masks credentials, every path segment, every query value and the
 * fragment (webhook URLs carry their token in any of these). Query names are kept only when every
 * part is `name=value` with a plain word as its name; otherwise (`?<token>`, `?a=1&<token>`) the
 * whole query is one mask, since a name may then be the token. Not a URL -> masked whole.
 */
export function maskUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return MASK;
  }
  if (!url.host) return MASK;
  const credentials = url.username || url.password ? `${MASK}${url.password ? `:${MASK}` : ''}@` : '';
  const path = url.pathname
    .split('/')
    .map((segment) => (segment === '' ? '' : MASK))
    .join('/');
  const rawQuery = rawQueryOf(url.href);
  const parts = rawQuery === undefined ? [] : queryParts(rawQuery);
  const query = parts.length === 0 ? '' : hasPlainNames(parts) ? parts.map((part) => `${part.name}=${MASK}`).join('&') : MASK;
  return `${url.protocol}//${credentials}${url.host}${path === '/' ? '' : path}${query ? `?${query}` : ''}${url.hash ? `#${MASK}` : ''}`;
}

/**
 * Masks any JSON value held by a secret field: strings by rule, numbers whole (a PIN or a numeric
 * key is a secret), containers leaf by leaf. Booleans are served as they are: one bit is never a
 * credential, and names that hold secrets also name switches (`verifySignature`, `session: true`).
 */
export function maskValue(value: unknown, spec: SecretSpec): unknown {
  if (typeof value === 'string') return maskString(value, spec);
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => maskValue(item, FULL));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = maskValue(item, FULL);
    return out;
  }
  return MASK;
}

/** True when a value sent by a client is a mask rather than a secret. */
export function isMaskShaped(value: unknown): boolean {
  return typeof value === 'string' && (value === REDACTED_MARKER || value.includes(MASK));
}

export const FULL: SecretSpec = Object.freeze({ rule: 'full', separators: '' });
export const URL_RULE: SecretSpec = Object.freeze({ rule: 'url', separators: '' });
