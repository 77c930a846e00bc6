import { ForbiddenError } from '@switchboard/core';
import type { FastifyInstance } from 'fastify';

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/**
 * Without API keys the service trusts whoever reaches loopback. A web page the operator opens can
 * reach loopback too, through a DNS name that resolves to 127.0.0.1 (DNS rebinding); its requests
 * carry that name in Host. So keyless mode answers only requests addressed to a loopback name.
 */
export function requireLoopbackHost(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (LOOPBACK_HOST.test(request.headers.host ?? '')) done();
    else done(new ForbiddenError('Forbidden: without API keys only requests addressed to localhost or a loopback address are served'));
  });
}
