import type { FastifyInstance } from 'fastify';
import { MethodNotAllowedError } from '../errors.js';

/**
 * The methods probed for a path's `Allow` list. Not OPTIONS: with CORS on, its preflight route is a
 * wildcard that matches every path, which would turn every unknown path into a 405.
 */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * A request whose path exists with other methods (PUT /api/connectors, PATCH on an ilert id) is a
 * 405 with `Allow`, not the router's 404: it tells the client the path is right and what to use.
 * A global onRequest hook (Nest owns the not-found handler) that lets every routed request through
 * at its first check; only a request the router sent to the not-found route asks Fastify's own
 * router which methods match the path, and throws: the error goes through the host's error handler,
 * so the answer has its surface's error shape and headers (the error filter sets `Allow`).
 */
export function registerMethodNotAllowed(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (!request.is404) {
      done();
      return;
    }
    const path = request.url.split('?', 1)[0];
    const allow = METHODS.filter((method) => method !== request.method && Boolean(fastify.findRoute({ method, url: path })));
    if (allow.length === 0) {
      done();
      return;
    }
    done(new MethodNotAllowedError(request.method, allow));
  });
}
