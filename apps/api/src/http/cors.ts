import cors from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ELIZA_WARNING_HEADER, ILERT_REDACT_HEADER } from '@switchboard/core';
import type { ApiEnv } from '../env.js';

/** CORS only for the origins in CORS_ORIGINS (off when none), never with credentials. */
export async function registerCors(app: NestFastifyApplication, env: Pick<ApiEnv, 'corsOrigins'>): Promise<void> {
  if (env.corsOrigins.length === 0) return;
  await app.register(cors, {
    origin: env.corsOrigins.includes('*') ? '*' : env.corsOrigins,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    // The Eliza app sends its per-install id with every call: without it, every preflight fails.
    // If-Match / ETag: a browser client can use the optimistic precondition as any other client can;
    // and ask the ilert surface for redacted answers whatever its key may (ILERT_REDACT_HEADER).
    allowedHeaders: ['authorization', 'content-type', 'x-api-key', 'x-milady-client-id', 'if-match', ILERT_REDACT_HEADER],
    exposedHeaders: ['etag', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'allow', ELIZA_WARNING_HEADER],
    // Keys travel in headers, never in cookies: no credentialed requests.
    credentials: false,
    maxAge: 600,
  });
}
