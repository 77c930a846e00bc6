import { isPlainParameterName } from '@switchboard/sdk';
import type { FastifyRequest } from 'fastify';

/** Query parameters of this API whose values are small numbers (paging, limits): logged when they are one. */
const NUMERIC_QUERY_PARAMETERS: ReadonlySet<string> = new Set(['start-index', 'max-results', 'limit']);
// What those parameters take; anything else sent under their names may be a credential sent by mistake.
const SMALL_NUMBER = /^\d{1,9}$/;
const REDACTED = '[REDACTED]';

/**
 * The URL as a log line may show it: the path, and the query with every value masked except a plain
 * small number under one of the API's own parameters. A key sent as `?api_key=` (refused, 401) or
 * any other credential a client put in a URL then never reaches the log; plain names stay, so the
 * line still says what was sent, while a part whose name is not a plain word (it may be the
 * credential itself: `?<token>`, `?<token>=1`) is masked whole.
 */
export function urlForLog(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((part) => {
      if (part === '') return part;
      const equals = part.indexOf('=');
      if (equals === -1) return REDACTED;
      const name = part.slice(0, equals);
      if (!isPlainParameterName(name)) return REDACTED;
      return NUMERIC_QUERY_PARAMETERS.has(name) && SMALL_NUMBER.test(part.slice(equals + 1)) ? part : `${name}=${REDACTED}`;
    })
    .join('&');
  return `${url.slice(0, queryStart)}?${query}`;
}

/** Fastify's request serializer for pino (method, url, host, address, port), with the URL as urlForLog gives it. */
export function requestLogSerializer(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: urlForLog(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
