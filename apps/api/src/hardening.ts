import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ApiKeyRing, ELIZA_WARNING_HEADER, ForbiddenError, presentedKey, type SurfaceResolver, surfaceErrorBody, TooManyRequestsError } from '@switchboard/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { ApiEnv } from './env.js';
import { DOCS_PATH } from './openapi.js';
import { WEB_CONSOLE_PATH } from './web-console.js';

/** Routes no limit applies to: load balancers and orchestrators probe them often, and they hold no data. */
const UNLIMITED_ROUTES: ReadonlySet<string> = new Set(['/health', '/ready']);
const MINUTE_MS = 60_000;
// Counters are kept per key id and per address in an LRU of this many entries per limiter.
const RATE_LIMIT_ENTRIES = 20_000;

/**
 * Security headers of the docs page (helmet): its CSP lets Swagger UI work from its own same-origin
 * assets (scripts are files, styles partly inline, icons data: URIs). No upgrade-insecure-requests:
 * the default listener is plain HTTP on loopback.
 */
export const DOCS_HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
    },
  },
  // A page of another site must not frame ours (CSP frame-ancestors, and this for old browsers).
  frameguard: { action: 'deny' },
  // See API_SECURITY_HEADERS: the listener is plain HTTP, where HSTS must not be sent.
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * Security headers of the web console (/ui/): helmet's document set with a CSP that allows only the
 * console's own files — no inline scripts or styles, no eval (its form validators are precompiled),
 * calls to this origin only. React sets styles through the DOM (CSSOM), which style-src does not block.
 */
export const CONSOLE_HELMET_OPTIONS: HelmetOptions = {
  ...DOCS_HELMET_OPTIONS,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      baseUri: ["'none'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      manifestSrc: ["'self'"],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
    },
  },
};

/**
 * helmet's headers for the given options (DOCS_HELMET_OPTIONS by default), computed once at boot:
 * with these options they do not depend on the request, and running helmet's middleware per request
 * cost more than half of the Eliza read throughput (bench/RESULTS.md, case 1). helmet stays the
 * source of their values.
 */
export function docsSecurityHeaders(options: HelmetOptions = DOCS_HELMET_OPTIONS): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return Object.freeze(headers);
}

/**
 * Security headers of every API answer (JSON: data and errors): the set OWASP's REST Security Cheat
 * Sheet gives for API responses, plus Cross-Origin-Resource-Policy, which stops a page of another
 * origin from loading an answer with a no-cors request (a <script src> at the loopback API of
 * keyless mode). The document-only headers helmet adds (COOP, Origin-Agent-Cluster, DNS prefetch,
 * X-Download-Options, ...) protect HTML pages; an answer nothing renders gains nothing from them, and
 * each header is per-request work (bench/FINDINGS.md, case 1). `default-src 'none'`: a JSON answer
 * opened in a browser loads nothing. No Strict-Transport-Security: Switchboard listens on plain HTTP,
 * and RFC 6797 (7.2) forbids sending it over a non-secure transport; it is a policy for a whole host
 * (and, with includeSubDomains, its subdomains), which the TLS terminator in front sets.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
});

/** Whether a URL is `path` or under it: the docs page and the web console get document headers; all else is API. */
function isUnder(url: string, path: string): boolean {
  return url.startsWith(path) && (url.length === path.length || '/?'.includes(url[path.length]!));
}

/**
 * Fastify's answer to a URL the router cannot take (invalid percent-encoding, a path parameter over
 * the length bound), in the surface's error shape and with the security headers; the URL is not echoed.
 */
export function frameworkErrorHandler(surfaces: SurfaceResolver): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
    const message =
      error.code === 'FST_ERR_BAD_URL'
        ? 'Malformed URL: a path segment is not valid percent-encoded UTF-8'
        : status === 414
          ? 'URI too long: a path segment is longer than the server accepts'
          : 'Bad request';
    void reply
      // The router's errors are answered before any hook: onSend does not run for them.
      .headers(API_SECURITY_HEADERS)
      .code(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(surfaceErrorBody(surfaces.surfaceOf(request.url), status, message)));
  };
}

/** The id of the valid API key a request presents, or undefined; memoised per request. Never the key. */
function keyIdResolver(keys: ApiKeyRing): (request: FastifyRequest) => string | undefined {
  const seen = new WeakMap<FastifyRequest, string | undefined>();
  return (request) => {
    if (seen.has(request)) return seen.get(request);
    let keyId: string | undefined;
    try {
      const key = presentedKey(request);
      keyId = key === undefined ? undefined : keys.authenticate(key)?.keyId;
    } catch {
      keyId = undefined; // malformed Authorization: the guard answers 401; only the address limit counts it
    }
    seen.set(request, keyId);
    return keyId;
  };
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * Requests per minute per API key id (requests presenting a valid key) and per client address
 * (every request, with or without a key, so key guessing is bounded too), like ilert's own limits.
 * Over either: 429 with Retry-After, in the surface's error shape (the error goes through the global
 * error filter). /health and /ready are exempt. Counters live in this process's memory.
 */
async function registerRateLimits(app: NestFastifyApplication, fastify: FastifyInstance, env: Pick<ApiEnv, 'rateLimit'>, keys: ApiKeyRing): Promise<void> {
  const { perKey, perAddress } = env.rateLimit;
  if (perKey === 0 && perAddress === 0) return;
  // Not global: it only provides the limiters; the one hook below applies both.
  await app.register(rateLimit as never, { global: false, cache: RATE_LIMIT_ENTRIES });
  const keyIdOf = keyIdResolver(keys);
  const limiters: { name: 'key' | 'address'; check: Limiter }[] = [];
  if (perKey > 0 && keys.enabled) {
    limiters.push({
      name: 'key',
      check: fastify.createRateLimit({
        max: perKey,
        timeWindow: MINUTE_MS,
        keyGenerator: (request) => `key:${keyIdOf(request) ?? ''}`,
        allowList: (request) => keyIdOf(request) === undefined,
      }),
    });
  }
  if (perAddress > 0) limiters.push({ name: 'address', check: fastify.createRateLimit({ max: perAddress, timeWindow: MINUTE_MS }) });

  // One warning per limited key or address and window, so a flood does not flood the log too.
  const warnedUntil = new Map<string, number>();
  const warnOnce = (request: FastifyRequest, counter: string, ttlSeconds: number, fields: Record<string, unknown>) => {
    const now = Date.now();
    if ((warnedUntil.get(counter) ?? 0) > now) return;
    if (warnedUntil.size >= RATE_LIMIT_ENTRIES) warnedUntil.clear();
    warnedUntil.set(counter, now + ttlSeconds * 1000);
    request.log.warn(fields, 'rate limit exceeded');
  };

  fastify.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== undefined && UNLIMITED_ROUTES.has(request.routeOptions.url)) return;
    let tightest: { max: number; remaining: number; reset: number } | undefined;
    for (const limiter of limiters) {
      const result = await limiter.check(request);
      if (result.isAllowed) continue;
      if (result.isExceeded) {
        void reply.header('x-ratelimit-limit', result.max).header('x-ratelimit-remaining', 0).header('x-ratelimit-reset', result.ttlInSeconds);
        void reply.header('retry-after', result.ttlInSeconds);
        const keyId = limiter.name === 'key' ? keyIdOf(request) : undefined;
        warnOnce(request, `${limiter.name}:${result.key}`, result.ttlInSeconds, limiter.name === 'key' ? { limiter: 'key', keyId } : { limiter: 'address', address: request.ip });
        throw new TooManyRequestsError(
          keyId !== undefined
            ? `Too many requests for API key "${keyId}": at most ${result.max} a minute; retry in ${result.ttlInSeconds} s`
            : `Too many requests from this address: at most ${result.max} a minute; retry in ${result.ttlInSeconds} s`,
          result.ttlInSeconds,
        );
      }
      if (!tightest || result.remaining < tightest.remaining) tightest = { max: result.max, remaining: result.remaining, reset: result.ttlInSeconds };
    }
    if (tightest) void reply.header('x-ratelimit-limit', tightest.max).header('x-ratelimit-remaining', tightest.remaining).header('x-ratelimit-reset', tightest.reset);
  });
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/**
 * Without API keys the service trusts whoever reaches loopback. A web page the operator opens can
 * reach loopback too, through a DNS name that resolves to 127.0.0.1 (DNS rebinding); its requests
 * carry that name in Host. So keyless mode answers only requests addressed to a loopback name.
 */
function requireLoopbackHost(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (LOOPBACK_HOST.test(request.headers.host ?? '')) done();
    else done(new ForbiddenError('Forbidden: without API keys only requests addressed to localhost or a loopback address are served'));
  });
}

/**
 * The HTTP-level controls, registered before the routes: security headers on every answer sent
 * through Fastify (the Eliza fast paths add API_SECURITY_HEADERS to theirs), the
 * loopback Host check of keyless mode, CORS only for the origins in CORS_ORIGINS (off when none),
 * and the rate limits.
 */
export async function registerHardening(
  app: NestFastifyApplication,
  env: Pick<ApiEnv, 'rateLimit' | 'corsOrigins' | 'allowPublicWithoutAuth'>,
  keys: ApiKeyRing,
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const docsHeaders = docsSecurityHeaders();
  const consoleHeaders = docsSecurityHeaders(CONSOLE_HELMET_OPTIONS);
  // onSend, not onRequest: it reaches every answer sent through Fastify, whichever hook or handler
  // gave it, and it keeps a header a route set itself. The Eliza fast paths write past onSend and
  // add API_SECURITY_HEADERS themselves (server.ts), under the same rule; setting them here in
  // onRequest, where those paths would find them, cost their GET ~4% more instructions.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const headers = isUnder(request.url, DOCS_PATH) ? docsHeaders : isUnder(request.url, WEB_CONSOLE_PATH) ? consoleHeaders : API_SECURITY_HEADERS;
    for (const name in headers) if (!reply.hasHeader(name)) void reply.header(name, headers[name]);
    done(null, payload);
  });
  if (!keys.enabled && !env.allowPublicWithoutAuth) requireLoopbackHost(fastify);
  if (env.corsOrigins.length > 0) {
    await app.register(cors as never, {
      origin: env.corsOrigins.includes('*') ? '*' : env.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      // The Eliza app sends its per-install id with every call: without it, every preflight fails.
      allowedHeaders: ['authorization', 'content-type', 'x-api-key', 'x-milady-client-id'],
      exposedHeaders: ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'allow', ELIZA_WARNING_HEADER],
      // Keys travel in headers, never in cookies: no credentialed requests.
      credentials: false,
      maxAge: 600,
    });
  }
  await registerRateLimits(app, fastify, env, keys);
}
