import type { FastifyInstance } from 'fastify';
import type { ApiKeyRing } from '../auth/api-key-ring.js';
import { authorize } from '../auth/api-key.guard.js';
import { type ElizaViewService, writeElizaBody } from './eliza-view.service.js';

/**
 * Answers `GET /api/connectors` from an onRequest hook, before Nest's router, guard and handler
 * plumbing: that per-request machinery, not the answer (a cached buffer), was most of the cost of
 * the hottest read (bench/FINDINGS.md, case 1). Same rule (authorize), same bytes and headers
 * (writeElizaBody) and same error shapes as the controller, which still serves as the documented
 * route. Register it after the hooks every request must pass (security headers, Host check, rate
 * limits).
 */
export function registerElizaFastRead(fastify: FastifyInstance, view: ElizaViewService, keys: ApiKeyRing): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' || request.routeOptions.url !== '/api/connectors') {
      done();
      return;
    }
    try {
      authorize(keys, request, 'read');
    } catch (error) {
      done(error as Error);
      return;
    }
    writeElizaBody(view.body(), request, reply);
  });
}
