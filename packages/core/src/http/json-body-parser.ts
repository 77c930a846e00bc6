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
      if (error) done(new BadRequestException(`Malformed JSON body: ${error.message}`), undefined);
      else done(null, value);
    });
  });
}
