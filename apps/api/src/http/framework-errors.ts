import { type SurfaceResolver, surfaceErrorBody } from '@switchboard/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { API_SECURITY_HEADERS } from './security-headers.js';

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
