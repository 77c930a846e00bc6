import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The connector map the Eliza runtime loads from a config file: its `$include` directives resolved
 * as the runtime's loader resolves them (specs/eliza-runtime-behaviour.md; arrays concatenated,
 * sibling keys need an object to merge into), then `connectors`, else the legacy `channels`. Written
 * apart from Switchboard's resolver, so that tests compare the two. Reads plain JSON only.
 */
export async function runtimeConnectorMap(path: string): Promise<Json> {
  const config = await resolveValue(JSON.parse(await readFile(path, 'utf8')), path, 0);
  if (!isObject(config)) throw new Error(`${path} does not resolve to an object`);
  const map = config.connectors ?? config.channels ?? {};
  if (!isObject(map)) throw new Error(`${path}: the connector map is not an object`);
  return map;
}

function merge(base: unknown, over: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(over)) return [...base, ...over];
  if (!isObject(base) || !isObject(over)) return over;
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = key in out ? merge(out[key], value) : value;
  return out;
}

async function resolveValue(value: unknown, file: string, depth: number): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((item) => resolveValue(item, file, depth)));
  if (!isObject(value)) return value;
  const rest: Json = {};
  for (const [key, item] of Object.entries(value)) if (key !== '$include') rest[key] = await resolveValue(item, file, depth);
  if (!('$include' in value)) return rest;
  const load = async (relative: unknown) => {
    if (typeof relative !== 'string') throw new Error(`${file}: a $include path is not a string`);
    if (depth >= 10) throw new Error(`${file}: $include nests deeper than 10 levels`);
    const target = resolve(dirname(file), relative);
    return resolveValue(JSON.parse(await readFile(target, 'utf8')), target, depth + 1);
  };
  const directive = value.$include;
  let included: unknown = {};
  if (Array.isArray(directive)) for (const item of directive) included = merge(included, await load(item));
  else included = await load(directive);
  if (Object.keys(rest).length === 0) return included;
  if (!isObject(included)) throw new Error(`${file}: keys beside a $include need included content that is an object`);
  return merge(included, rest);
}
