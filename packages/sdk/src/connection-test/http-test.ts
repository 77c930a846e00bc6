import type { ConnectionTestResponse, ConnectionTestVerdict, HttpConnectionTest } from './declaration.js';
import { placeholdersOf } from './declaration.js';

/** A declared test's request with the config's values filled in. Holds secrets: never logged or answered. */
export interface PlannedRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type Plan = { readonly request: PlannedRequest } | { readonly invalid: string };

const DEFAULT_AUTH_FAILURE_STATUSES: readonly number[] = [401, 403];
const MAX_IDENTITY_LENGTH = 200;
// Header values may not hold CR, LF or NUL (request splitting); other controls are refused too.
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const HEADER_UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * Fills a declared test's templates from a config. What is missing or unusable is an
 * `invalid_config` message naming the field, never its value. `originOverride` replaces the
 * declared public origin (SWITCHBOARD_PLATFORM_URLS); a base URL taken from the config is kept.
 */
export function planRequest(test: HttpConnectionTest, config: Readonly<Record<string, unknown>>, originOverride?: string): Plan {
  try {
    const base = baseOf(test, config, originOverride);
    const path = fill(test.path, config, (value) => encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%40/g, '@'));
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'Switchboard-connection-test' };
    for (const [name, template] of Object.entries(test.headers ?? {})) headers[name.toLowerCase()] = fill(template, config, headerSafe);
    if (test.basicAuth) {
      const pair = `${fill(test.basicAuth.username, config, headerSafe)}:${fill(test.basicAuth.password, config, headerSafe)}`;
      headers.authorization = `Basic ${base64(pair)}`;
    }
    const method = test.method ?? 'GET';
    if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
    return { request: { method, url: new URL(`${base}${path}`), headers, ...(method === 'POST' && { body: '' }) } };
  } catch (error) {
    if (error instanceof InvalidConfig) return { invalid: error.message };
    throw error;
  }
}

/** The verdict on a declared test's answer. `platform` names the platform in messages. */
export function verdictOf(test: HttpConnectionTest, response: ConnectionTestResponse, platform: string): ConnectionTestVerdict {
  const { status, json } = response;
  if ((test.authFailureStatuses ?? DEFAULT_AUTH_FAILURE_STATUSES).includes(status)) {
    return { status: 'auth_failed', message: `${platform} refused the credentials (HTTP ${status})` };
  }
  if (status === 429) return { status: 'platform_error', message: `${platform} is limiting requests (HTTP 429); try again later` };
  if (status < 200 || status > 299) return { status: 'platform_error', message: `${platform} answered HTTP ${status}` };
  if (test.okField !== undefined) {
    if (json === undefined) return { status: 'platform_error', message: `${platform} answered HTTP ${status} without the JSON it sends` };
    if (!truthy(valueAt(json, test.okField))) {
      if (test.errorField === undefined) return { status: 'auth_failed', message: `${platform} refused the credentials` };
      const error = valueAt(json, test.errorField);
      // Only an error code is quoted (Slack's `invalid_auth`), never free text from the platform.
      const code = typeof error === 'string' && /^[a-z][a-z0-9_.]{0,63}$/.test(error) ? error : undefined;
      const because = code ? ` (${code})` : '';
      if (code && (test.authErrors ?? []).includes(code)) return { status: 'auth_failed', message: `${platform} refused the credentials${because}` };
      return { status: 'platform_error', message: `${platform} refused the request${because}` };
    }
  }
  return { status: 'ok', identity: test.identity ? identityOf(json, test.identity.path, test.identity.prefix ?? '') : null };
}

class InvalidConfig extends Error {}

function baseOf(test: HttpConnectionTest, config: Readonly<Record<string, unknown>>, originOverride: string | undefined): string {
  if (test.origin !== undefined) return originOverride ?? test.origin;
  const field = test.baseUrlField as string;
  const raw = config[field];
  if (typeof raw !== 'string' || raw.trim() === '') throw new InvalidConfig(`${field} is not set: the test needs the server's address`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new InvalidConfig(`${field} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidConfig(`${field} must be an http or https URL`);
  // Credentials, query and fragment of a base URL are not part of the API's address.
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function fill(template: string, config: Readonly<Record<string, unknown>>, encode: (value: string, field: string) => string): string {
  let out = '';
  let last = 0;
  const alternatives = placeholdersOf(template);
  let i = 0;
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    const names = alternatives[i++];
    const field = names.find((name) => present(config[name]));
    if (field === undefined) throw new InvalidConfig(`${names.join(' or ')} is not set: the test needs it`);
    out += template.slice(last, match.index) + encode(String(config[field]), field);
    last = (match.index ?? 0) + match[0].length;
  }
  return out + template.slice(last);
}

function present(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || typeof value === 'number';
}

function headerSafe(value: string, field: string): string {
  if (HEADER_UNSAFE.test(value)) throw new InvalidConfig(`${field} holds characters an HTTP header cannot carry`);
  return value;
}

/** Base64 of the UTF-8 bytes, without Node's Buffer (the sdk's main entry runs in browsers too). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function valueAt(json: unknown, path: string): unknown {
  let value: unknown = json;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function truthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
}

/** The first present value of `a|b`, prefixed; control characters dropped and the length capped. */
function identityOf(json: unknown, paths: string, prefix: string): string | null {
  for (const path of paths.split('|')) {
    const value = valueAt(json, path.trim());
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') {
      // eslint-disable-next-line no-control-regex -- control characters are what it drops
      const text = `${prefix}${String(value)}`.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
      return text.length > MAX_IDENTITY_LENGTH ? `${text.slice(0, MAX_IDENTITY_LENGTH - 1)}…` : text;
    }
  }
  return null;
}
