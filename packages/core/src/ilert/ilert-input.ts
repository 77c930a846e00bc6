import { isPlainObject } from '@switchboard/sdk';
import { InvalidInputError } from '../errors.js';

/** The body of an ilert connector write or test: a JSON object. */
export function bodyOf(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw new InvalidInputError('Request body must be a JSON connector object, sent with Content-Type: application/json');
  return body;
}

/** ilert sends `""` for a param the user left unset: it is treated as absent. */
export function paramsOf(body: Record<string, unknown>): Record<string, unknown> {
  const { params } = body;
  if (params === undefined || params === null) return {};
  if (!isPlainObject(params)) throw new InvalidInputError('params must be a JSON object');
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== ''));
}
