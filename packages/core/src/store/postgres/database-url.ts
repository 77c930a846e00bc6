/**
 * Connection URLs carry passwords; everything this store says (description, boot errors) goes
 * through here so a password never reaches a log line or a terminal.
 */

const MASK = '****';

/** The URL with its password masked, for logs; a string that is not a URL is not echoed at all. */
export function redactDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(a connection string that is not a URL)';
  }
  if (parsed.password) parsed.password = MASK;
  // Query parameters may hold a password too (?password=...): their values are masked as well.
  for (const key of [...parsed.searchParams.keys()]) if (/pass|secret|key/i.test(key)) parsed.searchParams.set(key, MASK);
  return parsed.toString();
}

/** Removes the password of `url` (raw and percent-decoded) and the URL itself from a message. */
export function scrubDatabaseUrl(message: string, url: string): string {
  const secrets = new Set<string>([url]);
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      secrets.add(parsed.password);
      secrets.add(safeDecode(parsed.password));
    }
    for (const [key, value] of parsed.searchParams) if (/pass|secret|key/i.test(key) && value) secrets.add(value);
  } catch {
    // Not a URL: only the whole string is scrubbed.
  }
  let scrubbed = message;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) scrubbed = scrubbed.split(secret).join(secret === url ? redactDatabaseUrl(url) : MASK);
  }
  return scrubbed;
}

/**
 * A one-line reason for a failure. Node's AggregateError (IPv4 and IPv6 both refused) has no message
 * of its own; its parts do. Duck-typed, since errors from node built-ins may come from another realm.
 */
export function reasonOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { errors, message, code, name } = error as { errors?: unknown; message?: unknown; code?: unknown; name?: unknown };
  if (Array.isArray(errors) && errors.length > 0) return [...new Set(errors.map((inner: unknown) => reasonOf(inner)))].join('; ');
  const line = typeof message === 'string' ? message.split('\n')[0] : '';
  return line || (typeof code === 'string' ? code : typeof name === 'string' ? name : 'unknown error');
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
