import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ElizaError, IlertError } from '@switchboard/schemas';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MethodNotAllowedError, SwitchboardError, TooManyRequestsError } from '../errors.js';
import { urlForLog } from './log-url.js';
import type { Surface, SurfaceResolver } from './surface.js';

interface ErrorAnswer {
  status: number;
  message: string;
  code: string;
}

export const ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  414: 'URI_TOO_LONG',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
  507: 'INSUFFICIENT_STORAGE',
};
const CODES = ERROR_CODES;

/** Fastify's 415 says only "Unsupported Media Type": this one says what to send instead. */
export const UNSUPPORTED_MEDIA_TYPE_MESSAGE = 'Unsupported Media Type: send the body as JSON, with the header Content-Type: application/json';

/** An error answer in a surface's shape: Eliza `{"error"}`, ilert `{"status", "message", "code"}`. */
export function surfaceErrorBody(surface: Surface, status: number, message: string, code = ERROR_CODES[status] ?? `HTTP_${status}`): IlertError | ElizaError {
  return surface === 'ilert' ? { status, message, code } : { error: message };
}

/**
 * Every error leaves in the shape of its surface: Eliza `{"error": "..."}`, ilert
 * `{"status", "message", "code"}`. Client errors keep their message; anything unexpected is logged
 * (message only) and answered as a bare 500 so no internal detail, let alone a secret, leaks.
 */
@Catch()
export class SurfaceErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly surfaces: SurfaceResolver) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const answer = this.answerFor(exception);
    if (answer.status >= 500) this.logger.error(`${request.method} ${urlForLog(request.url)} failed: ${describe(exception)}`);
    const body = surfaceErrorBody(this.surfaces.surfaceOf(request.url), answer.status, answer.message, answer.code);
    if (exception instanceof MethodNotAllowedError) void reply.header('allow', exception.allow.join(', '));
    if (exception instanceof TooManyRequestsError) void reply.header('retry-after', String(exception.retryAfterSeconds));
    else if (answer.status === 429 && exception instanceof HttpException) {
      const retryAfter = (exception.getResponse() as { retryAfter?: number }).retryAfter;
      if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    }
    void reply.status(answer.status).send(body);
  }

  private answerFor(exception: unknown): ErrorAnswer {
    const answer = this.plainAnswerFor(exception);
    return answer.status === 415 ? { ...answer, message: UNSUPPORTED_MEDIA_TYPE_MESSAGE } : answer;
  }

  private plainAnswerFor(exception: unknown): ErrorAnswer {
    if (exception instanceof SwitchboardError) return { status: exception.status, message: exception.message, code: exception.code };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, message: httpExceptionMessage(exception), code: CODES[status] ?? `HTTP_${status}` };
    }
    // Fastify's own errors (body too large, unsupported media type, ...) carry a 4xx statusCode.
    const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return { status: statusCode, message: (exception as Error).message, code: CODES[statusCode] ?? `HTTP_${statusCode}` };
    }
    return { status: 500, message: 'Internal server error', code: 'INTERNAL_ERROR' };
  }
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

function describe(exception: unknown): string {
  return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
}
