/**
 * How a connector proves its credentials work: one cheap "who am I" request, declared as data next
 * to the config (like an n8n credential's `test`), run by the sdk through its guarded HTTP client.
 *
 * Templates: `{field}` is the config value of that field; `{a|b}` the first of them that is set (a
 * platform field with an older name). In a path the value is percent-encoded as a path segment.
 */
export interface HttpConnectionTest {
  /** Default `GET`. */
  readonly method?: 'GET' | 'POST';
  /**
   * The platform's public API origin (`https://api.telegram.org`). SWITCHBOARD_PLATFORM_URLS may
   * replace it (self-hosted platforms, test doubles); the path stays as the platform has it.
   */
  readonly origin?: string;
  /** Instead of `origin`: the config field holding the server's base URL (self-hosted platforms); a path in it is kept. */
  readonly baseUrlField?: string;
  /** Path under the origin or base URL, starting with `/`, e.g. `/bot{botToken}/getMe`. */
  readonly path: string;
  /** Header templates, e.g. `{ Authorization: 'Bot {token|botToken}' }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** HTTP Basic authentication from two templates, e.g. `{ username: '{email}', password: '{password}' }`. */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /** Statuses meaning the platform refused the credentials. Default 401 and 403. */
  readonly authFailureStatuses?: readonly number[];
  /** A JSON field a 2xx answer must hold as a true-ish value (Slack's `ok`, Datadog's `valid`), as a dotted path. */
  readonly okField?: string;
  /**
   * Where an answer whose `okField` is false names the error (Slack's `error`), and the names that
   * mean bad credentials; other names are a platform error. Without it, a false `okField` means the
   * credentials were refused.
   */
  readonly errorField?: string;
  readonly authErrors?: readonly string[];
  /** Who the credentials belong to: a dotted JSON path (`result.username`; `a|b` for the first present) and a prefix such as `@`. */
  readonly identity?: { readonly path: string; readonly prefix?: string };
}

/** What a test request answered, as a custom test sees it (never handed to a client as such). */
export interface ConnectionTestResponse {
  readonly status: number;
  /** The body parsed as JSON, or undefined when it is not JSON (or was cut at the size cap). */
  readonly json: unknown;
}

/** One request a custom test sends through the guarded client; templates are already filled in. */
export interface ConnectionTestRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** The verdict of a custom test; the runner adds the timing and words the failures it saw itself. */
export type ConnectionTestVerdict =
  | { readonly status: 'ok'; readonly identity?: string | null; readonly message?: string }
  | { readonly status: 'auth_failed' | 'platform_error' | 'invalid_config'; readonly message: string };

/**
 * The escape hatch for a platform that one declared request cannot test (several calls, a signed
 * request). It sends through `send`, the guarded client, so the network rules hold for it too; a
 * blocked, unreachable or timed-out request ends the test before `run` resumes.
 */
export interface CustomConnectionTest {
  run(config: Readonly<Record<string, unknown>>, send: (request: ConnectionTestRequest) => Promise<ConnectionTestResponse>): Promise<ConnectionTestVerdict>;
}

export type ConnectionTestDeclaration = HttpConnectionTest | CustomConnectionTest;

export function isCustomConnectionTest(test: ConnectionTestDeclaration): test is CustomConnectionTest {
  return typeof (test as Partial<CustomConnectionTest>).run === 'function';
}

/** The outcome vocabulary of every test, on both surfaces. */
export const CONNECTION_TEST_STATUSES = [
  'ok',
  'auth_failed',
  'unreachable',
  'timeout',
  'blocked',
  'platform_error',
  'not_supported',
  'invalid_config',
] as const;
export type ConnectionTestStatus = (typeof CONNECTION_TEST_STATUSES)[number];

/** What a test answers: never a secret, a URL that may carry one, or the platform's raw body. */
export interface ConnectionTestResult {
  readonly ok: boolean;
  readonly status: ConnectionTestStatus;
  /** For a person: what happened, naming the platform host at most. */
  readonly message: string;
  /** Who the credentials belong to (`@my_bot`), when the platform says. */
  readonly identity: string | null;
  readonly checkedAt: string;
  readonly durationMs: number;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const FIELD_NAME = /^[A-Za-z_$][\w$]*$/;

/** The field alternatives of each `{a|b}` placeholder in a template. */
export function placeholdersOf(template: string): string[][] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1].split('|').map((s) => s.trim()));
}

/** Checks a declaration once, when the plugin is defined: a mistake stops boot naming the plugin. */
export function checkConnectionTest(type: string, test: ConnectionTestDeclaration): void {
  const fail = (problem: string): never => {
    throw new TypeError(`connector "${type}": test ${problem}`);
  };
  if (typeof test !== 'object' || test === null) fail('must be an object');
  if (isCustomConnectionTest(test)) return;
  if ((test.origin === undefined) === (test.baseUrlField === undefined)) fail('needs exactly one of origin and baseUrlField');
  if (test.origin !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(test.origin);
    } catch {
      fail(`origin "${test.origin}" is not a URL`);
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== test.origin)
      fail(`origin "${test.origin}" must be a bare http(s) origin (no path, no trailing slash)`);
  }
  if (test.baseUrlField !== undefined && !FIELD_NAME.test(test.baseUrlField)) fail(`baseUrlField "${test.baseUrlField}" is not a field name`);
  if (typeof test.path !== 'string' || !test.path.startsWith('/')) fail('path must start with "/"');
  if (test.method !== undefined && test.method !== 'GET' && test.method !== 'POST') fail('method must be GET or POST');
  const templates = [test.path, ...Object.values(test.headers ?? {}), ...(test.basicAuth ? [test.basicAuth.username, test.basicAuth.password] : [])];
  for (const template of templates) {
    for (const names of placeholdersOf(template)) {
      if (names.some((name) => !FIELD_NAME.test(name))) fail(`template "${template}" has a placeholder that is not field names separated by "|"`);
    }
  }
  if (test.identity && (typeof test.identity.path !== 'string' || test.identity.path === '')) fail('identity.path must be a JSON path');
}
