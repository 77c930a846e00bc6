import { isUtf8 } from 'node:buffer';
import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/**
 * The one `application/json` parser: an empty body (a bodyless GET or DELETE that still says
 * Content-Type: application/json, as the Eliza app and the ilert Go client send) is no body, and
 * malformed JSON is a 400 naming the problem. `__proto__` and `constructor.prototype` keys are dropped
 * while parsing (the sanitiser strips them again, with `$include`, before anything is stored).
 *
 * Input the JSON parser would silently turn into something else is refused too, since what gets
 * stored would not be what the client sent: bytes that are not UTF-8 (decoding makes them U+FFFD)
 * and numbers too large for a double (they parse to ±Infinity, which JSON.stringify writes as null).
 */
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  const parse = fastify.getDefaultJsonParser('remove', 'remove');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    const bytes = body as Buffer;
    // A route that does not exist answers 404 whatever its body; the checks below are about what gets stored.
    const checked = !request.is404;
    if (checked && !isUtf8(bytes)) {
      done(new BadRequestException('Malformed JSON body: it is not valid UTF-8 text'), undefined);
      return;
    }
    const text = bytes.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    // The default parser answers through the callback; its type also allows a promise, never returned in this form.
    void parse(request, text, (error, value) => {
      if (error) {
        done(new BadRequestException(malformedJsonMessage(error)), undefined);
        return;
      }
      const overflow = checked && mayOverflow(text) ? nonFinitePath(value) : undefined;
      if (overflow !== undefined) done(new BadRequestException(overflowMessage(overflow)), undefined);
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

/**
 * Only a number with an exponent of three or more digits, or a run of 309+ digits, can exceed the
 * largest double (~1.8e308): without either in the text, no walk of the parsed value is needed. The
 * digit run is counted in one pass (a regex `\d{309}` would retry from every digit of a long run).
 */
function mayOverflow(text: string): boolean {
  if (LARGE_EXPONENT.test(text)) return true;
  if (text.length < LONGEST_FINITE_DIGIT_RUN + 1) return false;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    run = code >= 48 && code <= 57 ? run + 1 : 0;
    if (run > LONGEST_FINITE_DIGIT_RUN) return true;
  }
  return false;
}

const LARGE_EXPONENT = /\d[eE]\+?\d{3}/;
const LONGEST_FINITE_DIGIT_RUN = 308;

/**
 * The path (`config.port`, `params.list[2]`) of the first number in the value that is not finite, or
 * undefined. Iterative: a body may nest far deeper than the call stack allows (the depth limit is
 * checked later, on the config alone).
 */
export function nonFinitePath(value: unknown): string | undefined {
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length > 0) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) return path;
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) pending.push([item[i], `${path}[${i}]`]);
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) pending.push([entries[i][1], childPath(path, entries[i][0])]);
    }
  }
  return undefined;
}

/** `a.b`, with a key that would read ambiguously (empty, or holding `.`/`[`) quoted: `a["x.y"]`. */
function childPath(path: string, key: string): string {
  if (key === '' || /[.[\]"]/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function overflowMessage(path: string): string {
  return `Invalid JSON body: the number ${path === '' ? '' : `at ${path} `}is too large to represent (larger than about 1.8e308)`;
}
