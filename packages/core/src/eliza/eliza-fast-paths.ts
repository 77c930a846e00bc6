import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import type { ApiKeyRing } from '../auth/api-key-ring.js';
import { authorize } from '../auth/api-key.guard.js';
import { actorOf } from '../audit/audit.controller.js';
import type { ConnectorService } from '../connectors/connector.service.js';
import { putElizaConnector, warnIfUnmatched } from './eliza-put.js';
import { type AnswerHeaders, elizaBodyWriter, type ElizaViewService } from './eliza-view.service.js';

const ELIZA_ROUTE = '/api/connectors';

export interface ElizaFastPathOptions {
  view: ElizaViewService;
  keys: ApiKeyRing;
  connectors: ConnectorService;
  /**
   * The headers the host adds to every answer in an onSend hook (its security headers). The fast
   * paths write their answers past onSend, so they add these themselves; their errors go through
   * the error handler and Fastify's send, where the host's hook adds them.
   */
  answerHeaders: AnswerHeaders;
}

/**
 * Answers the two hottest Eliza calls from Fastify hooks, before Nest's router, guard and handler
 * plumbing, which cost more than the work itself (bench/FINDINGS.md, cases 1 and 4):
 *
 * * `GET /api/connectors` from an onRequest hook: the answer is a cached buffer;
 * * `POST /api/connectors` from a preHandler hook, once Fastify has parsed and bounded the body.
 *
 * Same rule (authorize), same checks and store call (putElizaConnector), same bytes and headers
 * (elizaBodyWriter, given the host's answer headers) and same error shapes (errors go to the error
 * handler Nest installs) as the controller, which still serves as the documented route. The hooks
 * are attached to those two routes when they are declared (an onRoute hook: call this before the
 * routes exist), so other requests never pass them, and route hooks run after every
 * application-wide hook of their kind (Host check, CORS, rate limits).
 */
export function registerElizaFastPaths(fastify: FastifyInstance, { view, keys, connectors, answerHeaders }: ElizaFastPathOptions): void {
  const writeElizaBody = elizaBodyWriter(answerHeaders);
  const answerGet: onRequestHookHandler = (request, reply, done) => {
    try {
      authorize(keys, request, 'read');
    } catch (error) {
      done(error as Error);
      return;
    }
    writeElizaBody(view.body(), request, reply);
  };
  const put = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    authorize(keys, request, 'write');
    warnIfUnmatched(await putElizaConnector(connectors, request.body, actorOf(request, 'eliza')), request, reply);
    writeElizaBody(view.body(), request, reply);
  };
  // A callback hook: `done` is called only with an error; an answer written by `put` hijacks the
  // reply, which ends the request there.
  const answerPost: preHandlerHookHandler = (request, reply, done) => {
    put(request, reply).catch(done);
  };
  const attached = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    if (route.url !== ELIZA_ROUTE) return;
    const methods = ([] as string[]).concat(route.method);
    if (methods.includes('GET')) route.onRequest = [...hooksOf(route.onRequest), answerGet];
    if (methods.includes('POST')) route.preHandler = [...hooksOf(route.preHandler), answerPost];
    for (const method of methods) attached.add(method);
  });
  // Routes declared before the onRoute hook would silently lose the fast paths (and half the
  // Eliza GET's throughput): refuse to start instead.
  fastify.addHook('onReady', (done) => {
    const missing = ['GET', 'POST'].filter((method) => !attached.has(method));
    done(missing.length ? new Error(`Eliza fast paths not attached to ${missing.join(', ')} ${ELIZA_ROUTE}: call registerElizaFastPaths before the routes are declared`) : undefined);
  });
}

function hooksOf<Hook>(declared: Hook | Hook[] | undefined): Hook[] {
  return declared === undefined ? [] : ([] as Hook[]).concat(declared);
}
