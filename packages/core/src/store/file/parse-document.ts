import { isPlainObject } from '@switchboard/sdk';
import JSON5 from 'json5';
import { UnreadableFileError } from './unreadable-file-error.js';

export type Document = Record<string, unknown>;

/**
 * Plain JSON first: the store (and the runtime) write JSON, and JSON.parse is much faster than
 * JSON5.parse on large files (bench/FINDINGS.md); both give the same value for JSON input.
 * Only a hand-edited file (comments, trailing commas) takes the JSON5 path.
 */
function parseJson5(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON5.parse(text);
  }
}

/** The config file: an object (empty text: an empty config, as a missing file is). */
export function parseDocument(text: string, path: string): Document {
  const parsed = text.trim() === '' ? {} : parseValue(text, path);
  if (!isPlainObject(parsed)) throw new UnreadableFileError(`${path} must hold a JSON object at the top level`);
  return parsed;
}

/** Any JSON5 value, as the runtime parses an included file (which may hold an array, a string, …). */
export function parseValue(text: string, path: string): unknown {
  try {
    return parseJson5(text);
  } catch (error) {
    throw new UnreadableFileError(`${path} is not valid JSON5 (${(error as Error).message})`);
  }
}
