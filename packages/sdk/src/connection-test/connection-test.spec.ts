// Connection tests in the sdk: the declared request and its verdict, the network rules, and the
// guarded client and runner over real HTTP servers on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IsOptional, IsString } from 'class-validator';
import { defineConnector } from '../define-connector.js';
import { Secret } from '../secret.js';
import type { HttpConnectionTest } from './declaration.js';
import { GuardedRequestError, guardedRequest } from './guarded-client.js';
import { planRequest, verdictOf } from './http-test.js';
import { isForbiddenAddress, NetworkPolicy, unwrapAddress } from './network-policy.js';
import { runConnectionTest } from './run.js';

class TokenConfig {
  @Secret() @IsOptional() @IsString() token?: string;
  @Secret() @IsOptional() @IsString() botToken?: string;
  @IsOptional() @IsString() baseUrl?: string;
}

describe('addresses a test may not reach on its own', () => {
  it.each([
    // IPv4: the special-purpose registry less its globally reachable entries.
    ['0.0.0.0', 'this network'],
    ['0.1.2.3', 'this network'],
    ['10.1.2.3', 'private'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'link-local, cloud metadata'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.10', 'documentation TEST-NET-1'],
    ['192.88.99.1', '6to4 relay anycast (deprecated)'],
    ['192.168.0.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.51.100.7', 'documentation TEST-NET-2'],
    ['203.0.113.9', 'documentation TEST-NET-3'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    // IPv6 outside global unicast.
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback, written in full'],
    ['::7f00:1', 'IPv4-compatible 127.0.0.1'],
    ['::127.0.0.1', 'IPv4-compatible, dotted'],
    ['::8.8.8.8', 'IPv4-compatible (deprecated: refused whatever it carries)'],
    ['100::1', 'discard-only'],
    ['64:ff9b:1::a00:1', 'NAT64 local-use'],
    ['fc00::1', 'unique-local'],
    ['fd00:ec2::254', 'unique-local, cloud metadata'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local with a zone'],
    ['fec0::1', 'site-local (deprecated)'],
    ['ff02::1', 'multicast'],
    ['4000::1', 'unassigned'],
    // IPv6 special-purpose blocks inside 2000::/3.
    ['2001::1', 'Teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['2001:2::1', 'benchmarking'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    // IPv4 inside IPv6: the IPv4 address carried is judged.
    ['::ffff:127.0.0.1', 'IPv4-mapped'],
    ['::ffff:7f00:1', 'IPv4-mapped, hex'],
    ['0:0:0:0:0:FFFF:7F00:1', 'IPv4-mapped, in full'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 metadata'],
    ['64:ff9b::10.0.0.1', 'NAT64 private, dotted'],
    ['2002:7f00:1::1', '6to4 loopback'],
    ['2002:a9fe:a9fe::', '6to4 metadata'],
    ['2002:c0a8:101:1::5', '6to4 private'],
    ['not-an-address', 'not an IP address'],
  ])('%s is forbidden (%s)', (address) => expect(isForbiddenAddress(address)).toBe(true));

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '192.0.3.1',
    '198.20.0.1',
    '149.154.167.220',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s is public', (address) => expect(isForbiddenAddress(address)).toBe(false));

  it('unwraps the IPv4 address an IPv6 one carries, whatever its spelling', () => {
    expect(unwrapAddress('::ffff:7f00:1')).toEqual({ address: '127.0.0.1', family: 'ipv4' });
    expect(unwrapAddress('64:FF9B:0:0:0:0:A9FE:A9FE')).toEqual({ address: '169.254.169.254', family: 'ipv4' });
    expect(unwrapAddress('2002:c0a8:101::')).toEqual({ address: '192.168.1.1', family: 'ipv4' });
    expect(unwrapAddress('::7f00:1')).toEqual({ address: '0:0:0:0:0:0:7f00:1', family: 'ipv6' });
    expect(unwrapAddress('2606:4700::1111')).toEqual({ address: '2606:4700:0:0:0:0:0:1111', family: 'ipv6' });
  });

  it('allows forbidden addresses only as the operator says: a named origin (exact), a host, a CIDR', () => {
    const policy = NetworkPolicy.create({ allowedOrigins: ['http://127.0.0.1:8081'], allowHosts: 'chat.internal,10.0.0.0/8,fd00::/8' });
    expect(policy.trusts(new URL('http://127.0.0.1:8081/x'))).toBe(true);
    expect(policy.trusts(new URL('https://127.0.0.1:8081/x'))).toBe(false);
    expect(policy.trusts(new URL('http://127.0.0.1:8082/x'))).toBe(false);
    expect(policy.trusts(new URL('https://CHAT.internal./x'))).toBe(true);
    expect(policy.allowsAddress('10.9.9.9')).toBe(true);
    expect(policy.allowsAddress('fd12::1')).toBe(true);
    expect(policy.allowsAddress('::ffff:10.0.0.1')).toBe(true);
    expect(policy.allowsAddress('2002:a00:1::1')).toBe(true);
    expect(policy.allowsAddress('64:ff9b::c0a8:1')).toBe(false);
    // A NAT64 prefix listed as such allows what goes through it.
    expect(NetworkPolicy.create({ allowHosts: '64:ff9b::/96' }).allowsAddress('64:ff9b::c0a8:1')).toBe(true);
    expect(policy.allowsAddress('192.168.0.1')).toBe(false);
    expect(policy.allowsAddress('8.8.8.8')).toBe(true);
  });
});

describe('a declared request', () => {
  const telegram: HttpConnectionTest = {
    origin: 'https://api.telegram.org',
    path: '/bot{botToken}/getMe',
    okField: 'ok',
    identity: { path: 'result.username', prefix: '@' },
  };

  it('fills templates from the config: path segments encoded (":" kept), first of alternatives, basic auth', () => {
    const plan = planRequest(telegram, { botToken: '123:AB/C?' });
    expect('request' in plan && plan.request.url.href).toBe('https://api.telegram.org/bot123:AB%2FC%3F/getMe');
    const discord = planRequest(
      { origin: 'https://discord.com', path: '/api/v10/users/@me', headers: { Authorization: 'Bot {token|botToken}' } },
      { botToken: 'old' },
    );
    expect('request' in discord && discord.request.headers.authorization).toBe('Bot old');
    const jira = planRequest(
      { baseUrlField: 'url', path: '/rest/api/3/myself', basicAuth: { username: '{email}', password: '{password}' } },
      { url: 'https://jira.example.com/', email: 'é@x.io', password: 'p:w' },
    );
    expect('request' in jira && jira.request.headers.authorization).toBe(`Basic ${Buffer.from('é@x.io:p:w').toString('base64')}`);
    expect('request' in jira && jira.request.url.href).toBe('https://jira.example.com/rest/api/3/myself');
  });

  it('replaces a public origin, keeps a configured base URL less its credentials, query and fragment', () => {
    const plan = planRequest(telegram, { botToken: '1:x' }, 'http://127.0.0.1:8081');
    expect('request' in plan && plan.request.url.href).toBe('http://127.0.0.1:8081/bot1:x/getMe');
    const base = planRequest({ baseUrlField: 'baseUrl', path: '/api/v4/users/me' }, { baseUrl: 'https://u:p@chat.example.com/mm/?x=1#y' }, 'http://ignored');
    expect('request' in base && base.request.url.href).toBe('https://chat.example.com/mm/api/v4/users/me');
  });

  it('names what is missing or unusable, never the value', () => {
    expect(planRequest(telegram, {})).toEqual({ invalid: 'botToken is not set: the test needs it' });
    expect(planRequest({ origin: 'https://x.io', path: '/', headers: { Authorization: 'Bot {token|botToken}' } }, {})).toEqual({
      invalid: 'token or botToken is not set: the test needs it',
    });
    const injected = planRequest({ origin: 'https://x.io', path: '/', headers: { Authorization: 'Bot {token}' } }, { token: 'abc\r\nX-Evil: 1' });
    expect(injected).toEqual({ invalid: 'token holds characters an HTTP header cannot carry' });
    expect(planRequest({ baseUrlField: 'baseUrl', path: '/' }, { baseUrl: 'file:///etc/passwd' })).toEqual({ invalid: 'baseUrl must be an http or https URL' });
    expect(planRequest({ baseUrlField: 'baseUrl', path: '/' }, {})).toEqual({ invalid: "baseUrl is not set: the test needs the server's address" });
  });

  it('judges answers: statuses, an ok field, error codes that mean refused credentials, identity', () => {
    const slack: HttpConnectionTest = {
      origin: 'https://slack.com',
      path: '/api/auth.test',
      okField: 'ok',
      errorField: 'error',
      authErrors: ['invalid_auth'],
      identity: { path: 'user', prefix: '@' },
    };
    expect(verdictOf(slack, { status: 200, json: { ok: true, user: 'bot' } }, 'Slack')).toEqual({ status: 'ok', identity: '@bot' });
    expect(verdictOf(slack, { status: 200, json: { ok: false, error: 'invalid_auth' } }, 'Slack')).toEqual({
      status: 'auth_failed',
      message: 'Slack refused the credentials (invalid_auth)',
    });
    expect(verdictOf(slack, { status: 200, json: { ok: false, error: 'ratelimited' } }, 'Slack')).toEqual({
      status: 'platform_error',
      message: 'Slack refused the request (ratelimited)',
    });
    // Free text from the platform is never quoted.
    expect(verdictOf(slack, { status: 200, json: { ok: false, error: 'token xoxb-123 is bad' } }, 'Slack')).toEqual({
      status: 'platform_error',
      message: 'Slack refused the request',
    });
    expect(verdictOf(slack, { status: 200, json: undefined }, 'Slack').status).toBe('platform_error');
    expect(verdictOf(slack, { status: 403, json: {} }, 'Slack').status).toBe('auth_failed');
    expect(verdictOf(slack, { status: 429, json: {} }, 'Slack').status).toBe('platform_error');
    expect(verdictOf(telegram, { status: 200, json: { ok: true, result: { username: 'a\u0000b'.repeat(100) } } }, 'Telegram')).toMatchObject({
      identity: expect.stringMatching(/^@(ab)+a?…$/),
    });
    expect(verdictOf({ origin: 'https://x.io', path: '/', okField: 'user.id' }, { status: 200, json: { user: { id: null } } }, 'Zendesk').status).toBe(
      'auth_failed',
    );
  });

  it('is checked when the plugin is defined', () => {
    const define = (test: unknown) => () => defineConnector({ type: 'demo', displayName: 'Demo', config: TokenConfig, test: test as HttpConnectionTest });
    expect(define({ path: '/x' })).toThrow('connector "demo": test needs exactly one of origin and baseUrlField');
    expect(define({ origin: 'https://x.io/api', path: '/x' })).toThrow(/bare http\(s\) origin/);
    expect(define({ origin: 'https://x.io', path: 'x' })).toThrow(/path must start with/);
    expect(define({ origin: 'https://x.io', path: '/{not a field}' })).toThrow(/placeholder/);
    expect(define({ origin: 'https://x.io', path: '/x' })).not.toThrow();
  });
});

describe('the guarded client and the runner, over real HTTP', () => {
  interface Seen {
    path: string;
    headers: IncomingHttpHeaders;
  }
  const servers: Server[] = [];
  const seen: Record<string, Seen[]> = { a: [], b: [] };
  let a = '';
  let b = '';

  const listen = async (name: 'a' | 'b', handler: (path: string, reply: (status: number, body: string, headers?: Record<string, string>) => void) => void) => {
    const server = createServer((request, response) => {
      seen[name].push({ path: request.url ?? '', headers: request.headers });
      handler(request.url ?? '', (status, body, headers = {}) => response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    b = await listen('b', (path, reply) => reply(200, JSON.stringify({ at: 'b', path })));
    a = await listen('a', (path, reply) => {
      if (path === '/same') return reply(302, '', { location: '/final' });
      if (path === '/other') return reply(307, '', { location: `${b}/elsewhere` });
      if (path === '/loop') return reply(302, '', { location: '/loop' });
      if (path.startsWith('/big')) return reply(200, JSON.stringify({ ok: true, pad: 'x'.repeat(200_000) }));
      if (path.startsWith('/slow-body')) return void 0; // never answers
      return reply(200, JSON.stringify({ ok: true, user: 'me' }));
    });
  });

  afterAll(async () => {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  const trusted = () => NetworkPolicy.create({ allowedOrigins: [a, b] });
  const client = (policy = trusted()) => ({ policy, maxBodyBytes: 1024, maxRedirects: 3 });
  const get = (url: string, headers: Record<string, string> = {}) => ({ method: 'GET' as const, url: new URL(url), headers });
  const signal = () => AbortSignal.timeout(5000);

  it('refuses a loopback name after resolving it, without connecting', async () => {
    const before = seen.a.length;
    const port = new URL(a).port;
    await expect(guardedRequest(get(`http://localhost:${port}/`), client(NetworkPolicy.create()), signal())).rejects.toMatchObject({ kind: 'blocked' });
    for (const literal of ['::ffff:127.0.0.1', '::7f00:1', '2002:7f00:1::1', '64:ff9b::7f00:1']) {
      await expect(guardedRequest(get(`http://[${literal}]:${port}/`), client(NetworkPolicy.create()), signal())).rejects.toMatchObject({
        kind: 'blocked',
      });
    }
    expect(seen.a.length).toBe(before);
  });

  // A name resolving to several addresses, through the client's resolver seam (DNS cannot be made to answer that here).
  const resolvingTo =
    (...addresses: string[]) =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('tries each checked address of a name in turn: an address that refuses is passed over for the next', async () => {
    const port = new URL(a).port;
    // Nothing listens on [::1] at a's port (a listens on 127.0.0.1 only): the first attempt fails.
    const options = { ...client(NetworkPolicy.create({ allowHosts: '127.0.0.0/8,::1/128' })), resolveHost: resolvingTo('::1', '127.0.0.1') };
    const response = await guardedRequest(get(`http://two.test:${port}/who`), options, signal());
    expect(response.status).toBe(200);
    expect(seen.a.at(-1)).toMatchObject({ path: '/who', headers: { host: `two.test:${port}` } });
  });

  it('checks every address of a name before connecting to any, and reports a refusal by all of them', async () => {
    const port = new URL(a).port;
    const before = seen.a.length;
    const loopbackOnly = client(NetworkPolicy.create({ allowHosts: '127.0.0.0/8' }));
    await expect(
      guardedRequest(get(`http://two.test:${port}/`), { ...loopbackOnly, resolveHost: resolvingTo('127.0.0.1', '10.0.0.1') }, signal()),
    ).rejects.toMatchObject({
      kind: 'blocked',
    });
    await expect(
      guardedRequest(
        get(`http://two.test:${port}/`),
        { ...client(NetworkPolicy.create()), resolveHost: resolvingTo('93.184.215.14', '2002:a9fe:a9fe::') },
        signal(),
      ),
    ).rejects.toMatchObject({ kind: 'blocked' });
    expect(seen.a.length).toBe(before);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const both = { ...client(NetworkPolicy.create({ allowHosts: '127.0.0.0/8,::1/128' })), resolveHost: resolvingTo('::1', '127.0.0.1') };
    await expect(guardedRequest(get(`http://two.test:${closedPort}/`), both, signal())).rejects.toMatchObject({
      kind: 'unreachable',
      message: 'connection to two.test refused',
    });
  });

  it('connects to the address it checked, sending the name it was given as Host', async () => {
    const port = new URL(a).port;
    const response = await guardedRequest(get(`http://localhost:${port}/who`), client(NetworkPolicy.create({ allowHosts: '127.0.0.0/8' })), signal());
    expect(response.status).toBe(200);
    expect(seen.a.at(-1)?.headers.host).toBe(`localhost:${port}`);
  });

  it('follows redirects by hand: credentials stay on their origin, every hop is checked, a few hops at most', async () => {
    await guardedRequest(get(`${a}/same`, { authorization: 'Bearer same-origin' }), client(), signal());
    expect(seen.a.at(-1)).toMatchObject({ path: '/final', headers: { authorization: 'Bearer same-origin' } });
    const response = await guardedRequest(get(`${a}/other`, { authorization: 'Bearer cross', 'dd-api-key': 'k', 'user-agent': 'ua' }), client(), signal());
    expect(JSON.parse(response.body.toString())).toEqual({ at: 'b', path: '/elsewhere' });
    expect(seen.b.at(-1)?.headers.authorization).toBeUndefined();
    expect(seen.b.at(-1)?.headers['dd-api-key']).toBeUndefined();
    expect(seen.b.at(-1)?.headers['user-agent']).toBe('ua');
    // b is not trusted here: the redirect to it is refused before connecting.
    const before = seen.b.length;
    await expect(guardedRequest(get(`${a}/other`), client(NetworkPolicy.create({ allowedOrigins: [a] })), signal())).rejects.toMatchObject({ kind: 'blocked' });
    expect(seen.b.length).toBe(before);
    await expect(guardedRequest(get(`${a}/loop`), client(), signal())).rejects.toThrow(/redirected more than 3 times/);
  });

  it('reads a body up to the cap', async () => {
    const response = await guardedRequest(get(`${a}/big`), client(), signal());
    expect(response).toMatchObject({ status: 200, truncated: true });
    expect(response.body.length).toBe(1024);
  });

  it('runs a declared test, one timeout for all of it, and a custom one through the same client', async () => {
    const policy = trusted();
    const declared = defineConnector({
      type: 'demo',
      displayName: 'Demo',
      config: TokenConfig,
      test: { baseUrlField: 'baseUrl', path: '/me', headers: { Authorization: 'Bearer {token}' }, okField: 'ok', identity: { path: 'user', prefix: '@' } },
    });
    expect(await runConnectionTest(declared, { token: 't', baseUrl: a }, { policy, timeoutMs: 2000 })).toMatchObject({
      ok: true,
      status: 'ok',
      identity: '@me',
      message: 'Demo accepted the credentials of @me',
    });
    // The cap leaves the answer unreadable: not JSON, so no ok field.
    expect(await runConnectionTest(declared, { token: 't', baseUrl: `${a}/big` }, { policy, timeoutMs: 2000, maxBodyBytes: 100 })).toMatchObject({
      status: 'platform_error',
    });
    const slow = await runConnectionTest(declared, { token: 't', baseUrl: `${a}/slow-body` }, { policy, timeoutMs: 200 });
    expect(slow).toMatchObject({ ok: false, status: 'timeout' });
    expect(slow.durationMs).toBeGreaterThanOrEqual(190);
    expect(await runConnectionTest(declared, { token: 't', baseUrl: a }, { policy: NetworkPolicy.create(), timeoutMs: 2000 })).toMatchObject({
      status: 'blocked',
    });
    expect(await runConnectionTest(declared, { baseUrl: a }, { policy, timeoutMs: 2000 })).toMatchObject({
      status: 'invalid_config',
      message: 'Cannot test Demo: token is not set: the test needs it',
    });

    const custom = defineConnector({
      type: 'custom_demo',
      displayName: 'Custom',
      config: TokenConfig,
      test: {
        async run(config, send) {
          const first = await send({ method: 'GET', url: `${String(config.baseUrl)}/step1` });
          return first.status === 200 ? { status: 'ok', identity: 'two-step' } : { status: 'auth_failed', message: 'no' };
        },
      },
    });
    expect(await runConnectionTest(custom, { baseUrl: a }, { policy, timeoutMs: 2000 })).toMatchObject({ ok: true, identity: 'two-step' });
    expect(await runConnectionTest(custom, { baseUrl: a }, { policy: NetworkPolicy.create(), timeoutMs: 2000 })).toMatchObject({ status: 'blocked' });
    const untested = defineConnector({ type: 'untested', displayName: 'Untested', config: TokenConfig });
    expect(await runConnectionTest(untested, {}, { policy, timeoutMs: 2000 })).toMatchObject({ ok: false, status: 'not_supported' });
  });

  it('words network failures from their codes, naming the host only', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = (await guardedRequest(
      get(`http://127.0.0.1:${port}/bot123:SECRET/getMe`),
      client(NetworkPolicy.create({ allowHosts: '127.0.0.1' })),
      signal(),
    ).catch((e: unknown) => e)) as GuardedRequestError;
    expect(error).toBeInstanceOf(GuardedRequestError);
    expect(error).toMatchObject({ kind: 'unreachable', message: 'connection to 127.0.0.1 refused' });
    await expect(guardedRequest(get('http://no-such-host.invalid/'), client(), signal())).rejects.toMatchObject({
      kind: 'unreachable',
      message: 'cannot resolve no-such-host.invalid',
    });
  });
});
