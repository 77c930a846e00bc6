import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isPlainObject } from '@switchboard/sdk';
import { parseValue } from './parse-document.js';
import { UnreadableFileError } from './unreadable-file-error.js';

/** The Eliza config file's include directive (specs/eliza-runtime-behaviour.md, "The config file"). */
export const INCLUDE_KEY = '$include';
/** The runtime's limit on nested includes. */
export const MAX_INCLUDE_DEPTH = 10;

/** One included file's content, and where in the resolved document it was merged. */
export interface IncludedPart {
  /** Absolute path of the included file. */
  readonly file: string;
  /** Path (keys) of the object in the resolved document that held the directive. */
  readonly at: readonly string[];
  /** Its content, its own includes resolved. */
  readonly value: unknown;
}

export interface ResolvedDocument {
  /** The document as the runtime loads it: every directive replaced by what it includes. */
  readonly value: Record<string, unknown>;
  /** Every file included, at any depth (none: the document has no directive). */
  readonly parts: readonly IncludedPart[];
}

/** True when a directive is anywhere in the value: only then does resolving cost file reads. */
export function holdsInclude(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsInclude);
  if (!isPlainObject(value)) return false;
  return Object.hasOwn(value, INCLUDE_KEY) || Object.values(value).some(holdsInclude);
}

/**
 * Resolves `$include` as the runtime does: at the top level and at any depth; the value a path or
 * an array of paths (`[]`: nothing, an empty object), relative to the including file; included
 * values deep-merged in order, then the directive's sibling keys merged over them (siblings win;
 * arrays are concatenated, included items first); a directive alone stands for what it includes,
 * whatever its type, but sibling keys need an object to merge into; at most MAX_INCLUDE_DEPTH
 * levels; a cycle is an error. Any problem (a missing or unreadable file, bad JSON5, a cycle,
 * siblings beside a non-object) is an UnreadableFileError naming the file: the runtime would not
 * load such a config either.
 */
export async function resolveIncludes(
  document: Record<string, unknown>,
  path: string,
  read: (file: string) => Promise<string> = (file) => readFile(file, 'utf8'),
): Promise<ResolvedDocument> {
  if (!holdsInclude(document)) return { value: document, parts: [] };
  const parts: IncludedPart[] = [];
  const value = await resolveValue(document, { file: resolve(path), chain: [resolve(path)], at: [], parts, read });
  if (!isPlainObject(value)) throw new UnreadableFileError(`${path}: its top-level ${INCLUDE_KEY} brings in ${kindOf(value)}, not an object`);
  return { value, parts };
}

interface Walk {
  /** The file whose content is being walked (relative paths are resolved against its folder). */
  file: string;
  /** The files being included, outermost first: a path already in it is a cycle. */
  chain: readonly string[];
  at: readonly string[];
  parts: IncludedPart[];
  read: (file: string) => Promise<string>;
}

async function resolveValue(value: unknown, walk: Walk): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((item, i) => resolveValue(item, { ...walk, at: [...walk.at, String(i)] })));
  if (!isPlainObject(value)) return value;
  const siblings: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== INCLUDE_KEY) setOwn(siblings, key, await resolveValue(item, { ...walk, at: [...walk.at, key] }));
  }
  if (!Object.hasOwn(value, INCLUDE_KEY)) return siblings;
  const directive = value[INCLUDE_KEY];
  let included: unknown;
  if (typeof directive === 'string') included = await includeFile(targetOf(directive, walk), walk);
  else {
    // An array's files merge into an empty object in order, as the runtime folds them: `[]` is `{}`.
    included = {};
    for (const target of arrayTargets(directive, walk)) included = deepMerge(included, await includeFile(target, walk));
  }
  const siblingKeys = Object.keys(siblings);
  if (siblingKeys.length === 0) return included;
  if (!isPlainObject(included)) {
    throw new UnreadableFileError(
      `${walk.file}: ${locationOf(walk.at)} ${INCLUDE_KEY} brings in ${kindOf(included)}, which the keys beside it (${siblingKeys.join(', ')}) cannot be merged into: the runtime refuses that`,
    );
  }
  return deepMerge(included, siblings);
}

function targetOf(path: unknown, walk: Walk): string {
  if (typeof path !== 'string' || path.trim() === '') throw directiveError(walk);
  return resolve(dirname(walk.file), path);
}

function arrayTargets(directive: unknown, walk: Walk): string[] {
  if (!Array.isArray(directive)) throw directiveError(walk);
  return directive.map((path) => targetOf(path, walk));
}

function directiveError(walk: Walk): UnreadableFileError {
  return new UnreadableFileError(`${walk.file}: ${locationOf(walk.at)} ${INCLUDE_KEY} must be a path or an array of paths`);
}

async function includeFile(target: string, walk: Walk): Promise<unknown> {
  if (walk.chain.includes(target)) {
    throw new UnreadableFileError(`${INCLUDE_KEY} cycle: ${[...walk.chain, target].join(' -> ')}`);
  }
  if (walk.chain.length > MAX_INCLUDE_DEPTH) {
    throw new UnreadableFileError(`${walk.file}: ${INCLUDE_KEY} of ${target} nests deeper than ${MAX_INCLUDE_DEPTH} levels`);
  }
  let text: string;
  try {
    text = await walk.read(target);
  } catch (error) {
    throw new UnreadableFileError(
      `${walk.file} includes ${target}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const content = parseValue(text, target);
  const value = await resolveValue(content, { ...walk, file: target, chain: [...walk.chain, target] });
  walk.parts.push({ file: target, at: walk.at, value });
  return value;
}

/** `over` merged into `base` as the runtime merges: objects key by key, arrays concatenated (`base` first), anything else replaced by `over`. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(over)) return [...(base as unknown[]), ...(over as unknown[])];
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(base)) setOwn(out, key, item);
  for (const [key, item] of Object.entries(over)) setOwn(out, key, Object.hasOwn(out, key) ? deepMerge(out[key], item) : item);
  return out;
}

/**
 * The included files that give (some of) the value at `path` of the resolved document: a file
 * included at or above it that holds something there, or one included inside it.
 */
export function filesProviding(parts: readonly IncludedPart[], path: readonly string[]): string[] {
  const files = new Set<string>();
  for (const part of parts) {
    const above = part.at.length <= path.length && part.at.every((key, i) => key === path[i]);
    const inside = part.at.length > path.length && path.every((key, i) => key === part.at[i]);
    if (inside || (above && holdsPath(part.value, path.slice(part.at.length)))) files.add(part.file);
  }
  return [...files];
}

function holdsPath(value: unknown, path: readonly string[]): boolean {
  let current = value;
  for (const key of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return false;
    current = current[key];
  }
  return true;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : `a ${typeof value}`;
}

function locationOf(at: readonly string[]): string {
  return at.length === 0 ? 'the top-level' : `"${at.join('.')}":`;
}

/** Plain assignment would treat a `__proto__` key as the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
