import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiKeyRing } from '@switchboard/core';
import type { ApiEnv } from '../env.js';
import { registerCors } from './cors.js';
import { requireLoopbackHost } from './host-guard.js';
import { registerRateLimits } from './rate-limits.js';
import { registerSecurityHeaders, type SecurityHeaders } from './security-headers.js';

/**
 * The HTTP-level controls, registered before the routes, in this order: security headers on every
 * answer (by `headersFor`, the rule the Eliza fast paths share), the loopback Host check of keyless
 * mode, CORS, and the rate limits. Each lives in the module named for its job.
 */
export async function registerHttpControls(
  app: NestFastifyApplication,
  env: Pick<ApiEnv, 'rateLimit' | 'corsOrigins' | 'allowPublicWithoutAuth'>,
  keys: ApiKeyRing,
  headersFor: (url: string) => SecurityHeaders,
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  registerSecurityHeaders(fastify, headersFor);
  if (!keys.enabled && !env.allowPublicWithoutAuth) requireLoopbackHost(fastify);
  await registerCors(app, env);
  await registerRateLimits(app, fastify, env, keys);
}
