import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyRing } from '../auth/api-key-ring.js';
import { authorize } from '../auth/api-key.guard.js';
import { actorOf } from '../audit/audit.controller.js';
import type { ConnectorService } from '../connectors/connector.service.js';
import { putElizaConnector } from './eliza-put.js';
import { type ElizaViewService, writeElizaBody } from './eliza-view.service.js';

const ELIZA_ROUTE = '/api/connectors';

/**
 * Answers the two hottest Eliza calls from Fastify hooks, before Nest's router, guard and handler
 * plumbing, which cost more than the work itself (bench/FINDINGS.md, cases 1 and 4):
 *
 * * `GET /api/connectors` from an onRequest hook: the answer is a cached buffer;
 * * `POST /api/connectors` from a preHandler hook, once Fastify has parsed and bounded the body.
 *
 * Same rule (authorize), same checks and store call (putElizaConnector), same bytes and headers
 * (writeElizaBody) and same error shapes (errors go to the error handler Nest installs) as the
 * controller, which still serves as the documented route. Register it after the hooks every
 * request must pass (security headers, Host check, rate limits).
 */
export function registerElizaFastPaths(fastify: FastifyInstance, view: ElizaViewService, keys: ApiKeyRing, connectors: ConnectorService): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' || request.routeOptions.url !== ELIZA_ROUTE) {
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
  const put = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    authorize(keys, request, 'write');
    await putElizaConnector(connectors, request.body, actorOf(request, 'eliza'));
    writeElizaBody(view.body(), request, reply);
  };
  // A callback hook, not an async one: every other request passes it without a promise.
  fastify.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST' || request.routeOptions.url !== ELIZA_ROUTE) {
      done();
      return;
    }
    put(request, reply).catch(done);
  });
}
