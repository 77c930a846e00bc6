/**
 * Small fake platform APIs for connection tests: one real HTTP server per platform on 127.0.0.1,
 * each answering its platform's "who am I" call as the platform does, driven by one table. A test
 * switches a fake's behaviour (`mode`) to a refusal, a 5xx, silence or a redirect.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeMode = 'normal' | 'server_error' | 'hang' | 'redirect_private';

/** What a platform sees and answers. `good` is the credential set it accepts. */
export interface PlatformCase {
  type: string;
  /** Where the fake's address goes: SWITCHBOARD_PLATFORM_URLS (public API), or a config field (self-hosted). */
  origin: 'platform_urls' | { field: string };
  method: 'GET' | 'POST';
  /** The path the platform serves, for the config built from `secrets`. */
  path(secrets: Secrets): string;
  /** Paths of that call with other credentials in them (a token in the path): refused as bad credentials, not 404. */
  pathShape?: RegExp;
  /** The config holding the credentials (and the fake's address when the platform is self-hosted). */
  config(secrets: Secrets, base: string): Record<string, unknown>;
  /** Fresh credentials; every value is a planted secret that must never be served or logged. */
  secrets(): Secrets;
  /** True when the request carries `secrets` where the platform expects them. */
  authorized(request: IncomingMessage, secrets: Secrets): boolean;
  /** The platform's answer to good credentials, and the identity Switchboard makes of it. */
  success: unknown;
  identity: string | null;
  /** The platform's refusal of bad credentials (default 401 with a JSON error). */
  refusal?: { status: number; body: unknown };
}

export type Secrets = Record<string, string>;

/** Every credential the fakes made (good and wrong ones): none may ever be served or logged by Switchboard. */
export const PLANTED: string[] = [];

function plant(platform: PlatformCase): Secrets {
  const secrets = platform.secrets();
  PLANTED.push(...Object.values(secrets));
  return secrets;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const token = (prefix = '') => `${prefix}PLANTED${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const lowerAlnum = (length: number) => Array.from(randomBytes(length), (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const header = (request: IncomingMessage, name: string) => request.headers[name.toLowerCase()];

/** Every platform with a declared test: how its API is called and what it answers. */
export const PLATFORMS: readonly PlatformCase[] = [
  {
    type: 'telegram',
    origin: 'platform_urls',
    method: 'GET',
    secrets: () => ({ botToken: `424242:${token()}` }),
    path: (s) => `/bot${s.botToken}/getMe`,
    pathShape: /^\/bot[^/]+\/getMe$/,
    config: (s) => ({ botToken: s.botToken, dmPolicy: 'pairing' }),
    authorized: () => true, // the token is in the path
    success: { ok: true, result: { id: 424242, is_bot: true, first_name: 'Switchboard', username: 'switchboard_test_bot' } },
    identity: '@switchboard_test_bot',
    refusal: { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } },
  },
  {
    type: 'discord',
    origin: 'platform_urls',
    method: 'GET',
    secrets: () => ({ token: token() }),
    path: () => '/api/v10/users/@me',
    config: (s) => ({ token: s.token }),
    authorized: (request, s) => header(request, 'authorization') === `Bot ${s.token}`,
    success: { id: '80351110224678912', username: 'switchboard-bot', bot: true },
    identity: '@switchboard-bot',
    refusal: { status: 401, body: { message: '401: Unauthorized', code: 0 } },
  },
  {
    type: 'slack',
    origin: 'platform_urls',
    method: 'POST',
    secrets: () => ({ botToken: token('xoxb-') }),
    path: () => '/api/auth.test',
    config: (s) => ({ botToken: s.botToken, mode: 'socket' }),
    authorized: (request, s) => header(request, 'authorization') === `Bearer ${s.botToken}`,
    success: { ok: true, url: 'https://example.slack.com/', team: 'Example', user: 'switchboard', team_id: 'T1', user_id: 'U1', bot_id: 'B1' },
    identity: '@switchboard',
    // Slack refuses with HTTP 200 and ok:false.
    refusal: { status: 200, body: { ok: false, error: 'invalid_auth' } },
  },
  {
    type: 'mattermost',
    origin: { field: 'baseUrl' },
    method: 'GET',
    secrets: () => ({ botToken: lowerAlnum(26) }),
    path: () => '/api/v4/users/me',
    config: (s, base) => ({ botToken: s.botToken, baseUrl: base }),
    authorized: (request, s) => header(request, 'authorization') === `Bearer ${s.botToken}`,
    success: { id: 'u1', username: 'switchboard-bot', is_bot: true },
    identity: '@switchboard-bot',
  },
  {
    type: 'matrix',
    origin: { field: 'homeserver' },
    method: 'GET',
    secrets: () => ({ accessToken: token('syt_') }),
    path: () => '/_matrix/client/v3/account/whoami',
    config: (s, base) => ({ accessToken: s.accessToken, homeserver: base }),
    authorized: (request, s) => header(request, 'authorization') === `Bearer ${s.accessToken}`,
    success: { user_id: '@agent:example.org', device_id: 'DEV' },
    identity: '@agent:example.org',
    refusal: { status: 401, body: { errcode: 'M_UNKNOWN_TOKEN', error: 'Invalid access token' } },
  },
  {
    type: 'jira',
    origin: { field: 'url' },
    method: 'GET',
    secrets: () => ({ password: token() }),
    path: () => '/rest/api/3/myself',
    config: (s, base) => ({ url: base, email: 'ops@example.com', password: s.password }),
    authorized: (request, s) => header(request, 'authorization') === basic('ops@example.com', s.password),
    success: { accountId: 'a1', emailAddress: 'ops@example.com', displayName: 'Ops' },
    identity: 'ops@example.com',
  },
  {
    type: 'github',
    origin: 'platform_urls',
    method: 'GET',
    secrets: () => ({ apiToken: token('ghp_') }),
    path: () => '/user',
    config: (s) => ({ apiToken: s.apiToken, owner: 'example' }),
    // GitHub refuses requests without a User-Agent.
    authorized: (request, s) => header(request, 'authorization') === `Bearer ${s.apiToken}` && typeof header(request, 'user-agent') === 'string',
    success: { login: 'octo-switchboard', id: 1 },
    identity: '@octo-switchboard',
    refusal: { status: 401, body: { message: 'Bad credentials' } },
  },
  {
    type: 'datadog',
    origin: 'platform_urls',
    method: 'GET',
    secrets: () => ({ apiKey: hex(16) }),
    path: () => '/api/v1/validate',
    config: (s) => ({ apiKey: s.apiKey }),
    authorized: (request, s) => header(request, 'dd-api-key') === s.apiKey,
    success: { valid: true },
    identity: null,
    refusal: { status: 403, body: { errors: ['Forbidden'] } },
  },
  {
    type: 'zendesk',
    origin: { field: 'url' },
    method: 'GET',
    secrets: () => ({ apiKey: token() }),
    path: () => '/api/v2/users/me.json',
    config: (s, base) => ({ url: base, email: 'agent@example.com', apiKey: s.apiKey }),
    authorized: (request, s) => header(request, 'authorization') === basic('agent@example.com/token', s.apiKey),
    success: { user: { id: 35436, name: 'Agent', email: 'agent@example.com' } },
    identity: 'agent@example.com',
  },
  {
    type: 'twilio',
    origin: 'platform_urls',
    method: 'GET',
    secrets: () => ({ accountSid: `AC${hex(16)}`, authToken: hex(16) }),
    path: (s) => `/2010-04-01/Accounts/${s.accountSid}.json`,
    pathShape: /^\/2010-04-01\/Accounts\/[^/]+\.json$/,
    config: (s) => ({ accountSid: s.accountSid, authToken: s.authToken }),
    authorized: (request, s) => header(request, 'authorization') === basic(s.accountSid, s.authToken),
    success: { sid: 'ACxxxx', friendly_name: 'Switchboard test account', status: 'active' },
    identity: 'Switchboard test account',
    refusal: { status: 401, body: { code: 20003, message: 'Authenticate', status: 401 } },
  },
];

export interface FakePlatform {
  readonly platform: PlatformCase;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The credentials this fake accepts (planted secrets). */
  readonly secrets: Secrets;
  mode: FakeMode;
  /** Requests it received: method and path only (the path may hold a secret: never served by Switchboard). */
  readonly requests: { method: string; path: string }[];
  close(): Promise<void>;
}

/** Where a redirect of `redirect_private` points: a cloud metadata address. */
export const PRIVATE_REDIRECT_TARGET = 'http://169.254.169.254/latest/meta-data/';

/** Starts a fake of one platform on 127.0.0.1 (port 0). */
export async function startFakePlatform(platform: PlatformCase): Promise<FakePlatform> {
  const secrets = plant(platform);
  const hanging = new Set<ServerResponse>();
  const fake = { platform, secrets, mode: 'normal' as FakeMode, requests: [] as { method: string; path: string }[], url: '', close: async () => undefined };
  const server: Server = createServer((request, response) => {
    request.resume();
    fake.requests.push({ method: request.method ?? '', path: request.url ?? '' });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    switch (fake.mode) {
      case 'hang':
        hanging.add(response);
        return;
      case 'server_error':
        return send(503, { error: 'maintenance', echo: [request.headers.authorization ?? null, request.url] });
      case 'redirect_private':
        return send(302, {}, { location: PRIVATE_REDIRECT_TARGET });
      case 'normal':
        break;
    }
    if (request.method !== platform.method) return send(405, { error: 'method not allowed' });
    const path = request.url ?? '';
    if (path !== platform.path(secrets) && !platform.pathShape?.test(path)) return send(404, { error: 'not found' });
    if (path !== platform.path(secrets) || !platform.authorized(request, secrets)) {
      // The platform's refusal quotes the credential back: Switchboard must not pass it on.
      const refusal = platform.refusal ?? { status: 401, body: { message: 'Unauthorized' } };
      return send(refusal.status, { ...(refusal.body as object), echo: [request.headers.authorization ?? null, request.url] });
    }
    return send(200, platform.success);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}

/** One fake per platform of the table. */
export async function startFakePlatforms(platforms: readonly PlatformCase[] = PLATFORMS): Promise<FakePlatform[]> {
  return Promise.all(platforms.map(startFakePlatform));
}

/** SWITCHBOARD_PLATFORM_URLS naming every fake (self-hosted ones too: that makes their origin allowed). */
export function platformUrlsOf(fakes: readonly FakePlatform[]): string {
  return fakes.map((fake) => `${fake.platform.type}=${fake.url}`).join(',');
}

/** The config that points at `fake` with its good credentials, or with wrong ones of the same shape. */
export function configFor(fake: FakePlatform, credentials: 'good' | 'wrong' = 'good'): Record<string, unknown> {
  const secrets = credentials === 'good' ? fake.secrets : plant(fake.platform);
  return fake.platform.config(secrets, fake.url);
}

/** What must never appear in an answer, a log line or a file: each planted secret, and its part a `last4` mask does not show. */
export function plantedNeedles(): string[] {
  return PLANTED.flatMap((value) => [value, value.slice(0, -4)]);
}
