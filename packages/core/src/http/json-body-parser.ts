import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/**
 * The one `application/json` parser: an empty body (a bodyless GET or DELETE that still says
 * Content-Type: application/json, as the Eliza app and the ilert Go client send) is no body, and
 * malformed JSON is a 400 naming the problem. `__proto__` and `constructor.prototype` keys are dropped
 * while parsing (the sanitiser strips them again, with `$include`, before anything is stored).
 */
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  const parse = fastify.getDefaultJsonParser('remove', 'remove');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parse(request, text, (error, value) => {
      if (error) done(new BadRequestException(malformedJsonMessage(error)), undefined);
      else done(null, value);
    });
  });
}

/**
 * The parser's own messages quote the body ("Unexpected token 'P', \"{"password": P...\" is not
 * valid JSON"), which may hold a secret: only the position, and fixed words, go back.
 */
export function malformedJsonMessage(error: Error): string {
  const position = /at position (\d+)/.exec(error.message)?.[1];
  if (position !== undefined) return `Malformed JSON body (at position ${position})`;
  if (/end of JSON input/i.test(error.message)) return 'Malformed JSON body (it ends too early)';
  return 'Malformed JSON body';
}
