import type { FastifyRequest } from 'fastify';

/** Query parameters of this API whose values are plain numbers or words, safe to log as sent. */
const LOGGABLE_QUERY_PARAMETERS: ReadonlySet<string> = new Set(['start-index', 'max-results', 'limit']);
const REDACTED = '[REDACTED]';

/**
 * The URL as a log line may show it: the path, and the query with every value masked except those of
 * the API's own parameters. A key sent as `?api_key=` (refused, 401) or any other credential a client
 * put in a URL then never reaches the log; the names stay, so the line still says what was sent.
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
      return LOGGABLE_QUERY_PARAMETERS.has(safeDecode(name)) ? part : `${name}=${REDACTED}`;
    })
    .join('&');
  return `${url.slice(0, queryStart)}?${query}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
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
