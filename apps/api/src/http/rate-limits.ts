import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ApiKeyRing, presentedKey, TooManyRequestsError } from '@switchboard/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiEnv } from '../env.js';

/** Routes no limit applies to: load balancers and orchestrators probe them often, and they hold no data. */
const UNLIMITED_ROUTES: ReadonlySet<string> = new Set(['/health', '/ready']);
const MINUTE_MS = 60_000;
// Counters are kept per key id and per address in an LRU of this many entries per limiter.
const RATE_LIMIT_ENTRIES = 20_000;

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
export async function registerRateLimits(
  app: NestFastifyApplication,
  fastify: FastifyInstance,
  env: Pick<ApiEnv, 'rateLimit'>,
  keys: ApiKeyRing,
): Promise<void> {
  const { perKey, perAddress } = env.rateLimit;
  if (perKey === 0 && perAddress === 0) return;
  // Not global: it only provides the limiters; the one hook below applies both.
  await app.register(rateLimit, { global: false, cache: RATE_LIMIT_ENTRIES });
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
        warnOnce(
          request,
          `${limiter.name}:${result.key}`,
          result.ttlInSeconds,
          limiter.name === 'key' ? { limiter: 'key', keyId } : { limiter: 'address', address: request.ip },
        );
        throw new TooManyRequestsError(
          keyId !== undefined
            ? `Too many requests for API key "${keyId}": at most ${result.max} a minute; retry in ${result.ttlInSeconds} s`
            : `Too many requests from this address: at most ${result.max} a minute; retry in ${result.ttlInSeconds} s`,
          result.ttlInSeconds,
        );
      }
      if (!tightest || result.remaining < tightest.remaining) tightest = { max: result.max, remaining: result.remaining, reset: result.ttlInSeconds };
    }
    if (tightest)
      void reply.header('x-ratelimit-limit', tightest.max).header('x-ratelimit-remaining', tightest.remaining).header('x-ratelimit-reset', tightest.reset);
  });
}
