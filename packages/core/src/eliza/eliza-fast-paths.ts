import { EXCEPTION_FILTERS_METADATA, GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA } from '@nestjs/common/constants.js';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import type { ApiKeyRing } from '../auth/api-key-ring.js';
import { ApiKeyGuard, authorize } from '../auth/api-key.guard.js';
import { type Permission, PERMISSION_METADATA } from '../auth/permissions.js';
import { ElizaController } from './eliza.controller.js';

const ELIZA_ROUTE = '/api/connectors';

export interface ElizaFastPathOptions {
  /** The controller Nest made (app.get(ElizaController)): the fast paths call its methods. */
  controller: ElizaController;
  keys: ApiKeyRing;
}

interface FastPath {
  method: 'GET' | 'POST';
  /** The controller method it answers for. */
  handler: keyof ElizaController;
  /** The earliest hook where it can: the GET needs nothing parsed, the POST its bounded, parsed body. */
  hook: 'onRequest' | 'preHandler';
  /** Calls the controller method with what Nest would have given it. */
  call: (controller: ElizaController, request: FastifyRequest, reply: FastifyReply) => unknown;
}

const FAST_PATHS: readonly FastPath[] = [
  { method: 'GET', handler: 'list', hook: 'onRequest', call: (controller, request, reply) => controller.list(request, reply) },
  { method: 'POST', handler: 'put', hook: 'preHandler', call: (controller, request, reply) => controller.put(request.body, request, reply) },
];

/**
 * The permission a controller method declares, after checking that the fast path does everything Nest
 * would do before calling it: the API key guard (applied here by `authorize`, its one rule) and
 * nothing else. A guard, interceptor, pipe or filter added to the controller or the method later
 * stops boot here, rather than applying to one way in only.
 */
function declaredPermission(name: keyof ElizaController): Permission | undefined {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- read for its Nest metadata, never called
  const method = ElizaController.prototype[name];
  const guards = [...enhancers(GUARDS_METADATA, ElizaController), ...enhancers(GUARDS_METADATA, method)];
  const others = [INTERCEPTORS_METADATA, PIPES_METADATA, EXCEPTION_FILTERS_METADATA].flatMap((key) => [
    ...enhancers(key, ElizaController),
    ...enhancers(key, method),
  ]);
  if (guards.some((guard) => guard !== ApiKeyGuard) || others.length > 0) {
    throw new Error(
      `ElizaController.${name} has Nest enhancers its fast path (eliza-fast-paths.ts) does not apply: apply them there too, or drop its fast path`,
    );
  }
  return Reflect.getMetadata(PERMISSION_METADATA, method) as Permission | undefined;
}

function enhancers(key: string, target: object): unknown[] {
  return (Reflect.getMetadata(key, target) as unknown[] | undefined) ?? [];
}

/**
 * Declared optimisations of ElizaController's two hottest routes, which stays their one home: route
 * hooks answer them before Nest's router, guard and handler plumbing, which cost more than the work
 * itself (bench/FINDINGS.md, cases 1 and 4):
 *
 * * `GET /api/connectors` from an onRequest hook (the answer is a cached buffer);
 * * `POST /api/connectors` from a preHandler hook, once Fastify has parsed and bounded the body.
 *
 * Each applies the guard's rule (`authorize`) with the permission the controller method declares and
 * then calls that method itself, so the checks, the store call, the bytes and headers (its one
 * writer) and the errors (thrown into Fastify's error handler, which Nest's filter serves) are the
 * controller's. The hooks are attached to those two routes when they are declared (an onRoute hook:
 * call this before the routes exist), so other requests never pass them, and route hooks run after
 * every application-wide hook of their kind (Host check, CORS, rate limits).
 */
export function registerElizaFastPaths(fastify: FastifyInstance, { controller, keys }: ElizaFastPathOptions): void {
  const hooks = new Map<string, { hook: FastPath['hook']; run: onRequestHookHandler & preHandlerHookHandler }>();
  for (const { method, handler, hook, call } of FAST_PATHS) {
    const permission = declaredPermission(handler);
    // A callback hook: `done` is called only with an error; an answer written by the controller
    // hijacks the reply, which ends the request there.
    const run = ((request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
      try {
        authorize(keys, request, permission);
        const pending = call(controller, request, reply);
        if (pending instanceof Promise) pending.catch(done);
      } catch (error) {
        done(error as Error);
      }
    }) as onRequestHookHandler & preHandlerHookHandler;
    hooks.set(method, { hook, run });
  }
  const attached = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    if (route.url !== ELIZA_ROUTE) return;
    for (const method of ([] as string[]).concat(route.method)) {
      const fast = hooks.get(method);
      if (!fast) continue;
      if (fast.hook === 'onRequest') route.onRequest = [...hooksOf(route.onRequest), fast.run];
      else route.preHandler = [...hooksOf(route.preHandler), fast.run];
      attached.add(method);
    }
  });
  // Routes declared before the onRoute hook would silently lose the fast paths (and much of the
  // Eliza GET's speed): refuse to start instead.
  fastify.addHook('onReady', (done) => {
    const missing = [...hooks.keys()].filter((method) => !attached.has(method));
    done(
      missing.length
        ? new Error(`Eliza fast paths not attached to ${missing.join(', ')} ${ELIZA_ROUTE}: call registerElizaFastPaths before the routes are declared`)
        : undefined,
    );
  });
}

function hooksOf<Hook>(declared: Hook | Hook[] | undefined): Hook[] {
  return declared === undefined ? [] : ([] as Hook[]).concat(declared);
}
