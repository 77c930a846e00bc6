/**
 * Property-based tests over real HTTP: random and adversarial names, bodies, query values and headers
 * on both surfaces. Every answer is a 2xx or a clean 4xx in its surface's error shape; after every
 * command the state served by both surfaces and written to the config file equals a simple model;
 * Object.prototype is never polluted; the process stays up. FUZZ_RUNS=<factor> and FUZZ_SEED=<n> run
 * it longer or replay a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isUtf8 } from 'node:buffer';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Agent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, inflateSync } from 'node:zlib';
import { GENERIC_CONNECTOR_TYPE, PluginCatalog } from '@switchboard/core';
import { heuristicSecretSpec } from '@switchboard/sdk';
import fc from 'fast-check';
import { realPlugins, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';
import { expectRuntimeAcceptsFile } from './support/runtime-config-check.js';

const KEY = 'fuzz-writer-key-0123456789abcdef';
const READ_ONLY_KEY = 'fuzz-reader-key-0123456789abcdef';
const MAX_CONNECTORS = 4;
const MAX_CONFIG_DEPTH = 6;
const MAX_NAME_LENGTH = 200;
const BODY_LIMIT = 65_536;
const SERVER_ENV = {
  SWITCHBOARD_API_KEYS: `fuzz:${KEY}:read,write,audit;ro:${READ_ONLY_KEY}:read`,
  RATE_LIMIT_PER_KEY: '0',
  RATE_LIMIT_PER_ADDRESS: '0',
  MAX_CONNECTORS: String(MAX_CONNECTORS),
  MAX_CONFIG_DEPTH: String(MAX_CONFIG_DEPTH),
  MAX_NAME_LENGTH: String(MAX_NAME_LENGTH),
  BODY_LIMIT: String(BODY_LIMIT),
  LOG_LEVEL: 'warn',
};
// The router's bound on a path parameter, as the server computes it from MAX_NAME_LENGTH.
const MAX_PARAM_LENGTH = MAX_NAME_LENGTH * 9 + 100;
const FACTOR = Number(process.env.FUZZ_RUNS ?? '1') || 1;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
// Per test: generous on a loaded 2-core machine, scaled with FUZZ_RUNS.
const TIMEOUT_MS = Math.round(90_000 * Math.max(1, FACTOR));
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * FACTOR)), ...(SEED !== undefined && { seed: SEED }) });

declare global {
  interface String {
    /** Node 20: lone surrogates become U+FFFD (not in the ES2023 lib). */
    toWellFormed?(): string;
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

// ---------------------------------------------------------------------------------------------
// Raw HTTP: exact paths (fetch would resolve `..` and refuse some encodings) and exact body bytes.

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: unknown;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });
let requestCount = 0;

function send(base: URL, method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  requestCount++;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent,
        headers: { ...(body && { 'content-length': String(body.length) }), ...headers },
        timeout: 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          const decoded = encoding === 'gzip' ? gunzipSync(raw) : encoding === 'deflate' ? inflateSync(raw) : raw;
          const text = decoded.toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path.slice(0, 80)}`)));
    req.on('error', reject);
    req.end(body);
  });
}

const auth = (key = KEY) => ({ authorization: `Bearer ${key}` });
const jsonType = { 'content-type': 'application/json' };

function surfaceOf(path: string): 'eliza' | 'ilert' {
  return path === '/ilert' || path.startsWith('/ilert/') || path.startsWith('/ilert?') ? 'ilert' : 'eliza';
}

/** A 2xx, or a 4xx whose body is its surface's error shape; never a 5xx. */
function expectClean(answer: Answer, method: string, path: string): void {
  const where = `${method} ${path.slice(0, 120)} -> ${answer.status} ${answer.text.slice(0, 200)}`;
  if (answer.status >= 200 && answer.status < 300) return;
  if (answer.status < 400 || answer.status >= 500) throw new Error(`not a 2xx or 4xx: ${where}`);
  if (method === 'HEAD') return;
  const body = answer.json as Record<string, unknown> | undefined;
  const ok =
    surfaceOf(path) === 'ilert'
      ? typeof body === 'object' &&
        body !== null &&
        Object.keys(body).sort().join() === 'code,message,status' &&
        body.status === answer.status &&
        typeof body.message === 'string' &&
        typeof body.code === 'string'
      : typeof body === 'object' && body !== null && Object.keys(body).join() === 'error' && typeof body.error === 'string';
  if (!ok) throw new Error(`not in the ${surfaceOf(path)} error shape: ${where}`);
}

const OBJECT_PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join();
function expectNoPollution(): void {
  const probe: Record<string, unknown> = {};
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).toBe(OBJECT_PROTOTYPE_KEYS);
  for (const key in probe) throw new Error(`Object.prototype has an enumerable "${key}"`);
  expect(probe.polluted).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
}

// ---------------------------------------------------------------------------------------------
// Generated JSON as text: duplicate keys, escaped `__proto__` spellings, odd numbers, lone surrogates.

type Node =
  | { t: 'obj'; entries: [string, Node][] }
  | { t: 'arr'; items: Node[] }
  | { t: 'str'; v: string }
  | { t: 'num'; text: string }
  | { t: 'lit'; text: 'true' | 'false' | 'null' };

/** `__proto__` as the JSON parser sees it however it is spelled. */
function keyText(key: string, escape: boolean): string {
  if (escape && key === '__proto__') return '"\\u005f_proto\\u005F_"';
  if (escape && key === 'constructor') return '"\\u0063onstructor"';
  return JSON.stringify(key);
}

function serialise(node: Node, escape = false): string {
  switch (node.t) {
    case 'obj':
      return `{${node.entries.map(([k, v]) => `${keyText(k, escape)}:${serialise(v, escape)}`).join(',')}}`;
    case 'arr':
      return `[${node.items.map((item) => serialise(item, escape)).join(',')}]`;
    case 'str':
      return JSON.stringify(node.v);
    case 'num':
      return node.text;
    case 'lit':
      return node.text;
  }
}

const plugins = await realPlugins();
const catalog = new PluginCatalog(plugins);
const JIRA_FIELDS = new Set(Object.keys(plugins.find((p) => p.type === 'jira')?.jsonSchema().properties ?? {}));
const UNSAFE = ['__proto__', 'constructor', 'prototype', '$include'];

// Keys no redaction rule matches (so served configs equal stored ones) and jira does not declare.
const safeKey = (key: string) => !heuristicSecretSpec(key) && !JIRA_FIELDS.has(key);
const keyArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'alpha',
      'beta',
      'mode',
      'count',
      'enabled',
      'nested',
      'list',
      'x',
      'ключ',
      '名前',
      'emoji😀',
      'a b',
      'a.b',
      '',
      '0',
      '-1',
      'toString',
      'hasOwnProperty',
      'valueOf',
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom(...UNSAFE) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }).filter(safeKey) },
);
const stringArb = fc
  .oneof(
    { weight: 5, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', '\ud800', 'a\udfffb', '****', '[REDACTED]', '\u202e', '%2F..%00', '"', '\\') },
  )
  .filter((s) => !s.includes('://'));
const leafArb: fc.Arbitrary<Node> = fc.oneof(
  { weight: 4, arbitrary: stringArb.map((v): Node => ({ t: 'str', v })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.integer().map(String), fc.constantFrom('0', '-0', '1.5', '1e400', '-1e-400', '12345678901234567890', '0.1e1'))
      .map((text): Node => ({ t: 'num', text })),
  },
  { weight: 1, arbitrary: fc.constantFrom<'true' | 'false' | 'null'>('true', 'false', 'null').map((text): Node => ({ t: 'lit', text })) },
);
const { node: nodeArb } = fc.letrec<{ node: Node; arr: Node; obj: Node }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', maxDepth: 8 }, leafArb, tie('arr'), tie('obj')),
  arr: fc.array(tie('node'), { maxLength: 4 }).map((items): Node => ({ t: 'arr', items })),
  obj: fc.array(fc.tuple(keyArb, tie('node')), { maxLength: 5 }).map((entries): Node => ({ t: 'obj', entries })),
}));
const chain = (levels: number): Node => {
  let node: Node = { t: 'lit', text: 'true' };
  for (let i = 0; i < levels; i++) node = i % 3 === 2 ? { t: 'arr', items: [node] } : { t: 'obj', entries: [['nested', node]] };
  return node;
};
const configObjectArb: fc.Arbitrary<Node> = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.tuple(keyArb, nodeArb), { maxLength: 6 }).map((entries): Node => ({ t: 'obj', entries })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: MAX_CONFIG_DEPTH + 3 }).map(chain) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 100, max: 3000 })
      .map((n): Node => ({ t: 'obj', entries: [['list', { t: 'arr', items: Array.from({ length: n }, (_, i) => ({ t: 'num', text: String(i) })) }]] })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Node>(
      { t: 'obj', entries: [['__proto__', { t: 'obj', entries: [['polluted', { t: 'lit', text: 'true' }]] }]] },
      { t: 'obj', entries: [['constructor', { t: 'obj', entries: [['prototype', { t: 'obj', entries: [['polluted', { t: 'lit', text: 'true' }]] }]] }]] },
      { t: 'obj', entries: [['a', { t: 'obj', entries: [['__proto__', { t: 'obj', entries: [['polluted', { t: 'num', text: '1' }]] }]] }]] },
      {
        t: 'obj',
        entries: [
          ['$include', { t: 'str', v: '/etc/passwd' }],
          ['prototype', { t: 'obj', entries: [] }],
        ],
      },
      {
        t: 'obj',
        entries: [
          ['toString', { t: 'str', v: 'x' }],
          ['valueOf', { t: 'num', text: '1' }],
          ['hasOwnProperty', { t: 'lit', text: 'null' }],
        ],
      },
    ),
  },
);
/** Anything as a config: mostly objects, sometimes what is not one. */
const configArb: fc.Arbitrary<Node | undefined> = fc.oneof(
  { weight: 10, arbitrary: configObjectArb },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Node | undefined>(
      undefined,
      { t: 'lit', text: 'null' },
      { t: 'arr', items: [] },
      { t: 'str', v: 'config' },
      { t: 'num', text: '1' },
    ),
  },
);

/** Names that no plugin answers to (a plugin would validate the random configs). */
const pluginless = (name: string) => catalog.resolve(name.trim()) === undefined;
// Few names, so creations, updates, renames and deletions meet; then the hostile ones.
const COMMON_NAMES = ['alpha', 'beta', 'gamma', ' alpha ', 'defaults', '..', 'a/b', '名前', 'toString'];
const HOSTILE_NAMES = [
  '.',
  '%2F',
  '?q=1',
  '#frag',
  'ünï',
  '😀',
  'z'.repeat(MAX_NAME_LENGTH),
  'y'.repeat(MAX_NAME_LENGTH + 1),
  '\u00a0pad\u00a0',
  'tab\there',
  'nul\u0000',
  'c1\u0085',
  '__proto__',
  'constructor',
  ' prototype ',
  'lone\ud800',
  '$include',
  '   ',
  '',
];
const nameArb = fc
  .oneof(
    { weight: 10, arbitrary: fc.constantFrom(...COMMON_NAMES) },
    { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_NAMES) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: MAX_NAME_LENGTH - 3, maxLength: MAX_NAME_LENGTH + 3 }) },
  )
  .filter(pluginless);
/** A `name` field: mostly a name, sometimes not a string. */
const nameFieldArb: fc.Arbitrary<Node | undefined> = fc.oneof(
  { weight: 10, arbitrary: nameArb.map((v): Node => ({ t: 'str', v })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Node | undefined>(
      undefined,
      { t: 'num', text: '42' },
      { t: 'lit', text: 'null' },
      { t: 'arr', items: [{ t: 'str', v: 'alpha' }] },
      { t: 'obj', entries: [] },
    ),
  },
);
const JIRA_TYPES = ['jira', 'JIRA', 'Ji-ra'];
const typeFieldArb: fc.Arbitrary<Node | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...JIRA_TYPES).map((v): Node => ({ t: 'str', v })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Node | undefined>(
      undefined,
      { t: 'str', v: '' },
      { t: 'str', v: ' ' },
      { t: 'str', v: 'no-such-type' },
      { t: 'num', text: '1' },
      { t: 'lit', text: 'null' },
    ),
  },
);
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8'];

interface BodySpec {
  fields: [string, Node | undefined][];
  /** An earlier value for one field: the parser keeps the last. */
  duplicate?: [string, Node];
  extra: [string, Node][];
  escape: boolean;
  /** Replace the marker U+E000 in the text by bytes that are not UTF-8. */
  badUtf8: boolean;
  contentType: string;
}

function bodyBytes(spec: BodySpec): Buffer {
  const entries: [string, Node][] = [];
  if (spec.duplicate) entries.push(spec.duplicate);
  for (const [key, value] of spec.fields) if (value !== undefined) entries.push([key, value]);
  entries.push(...spec.extra);
  const text = serialise({ t: 'obj', entries }, spec.escape);
  const bytes = Buffer.from(text, 'utf8');
  if (!spec.badUtf8) return bytes;
  const marker = Buffer.from('\ue000', 'utf8');
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = bytes.indexOf(marker); at !== -1; at = bytes.indexOf(marker, from)) {
    parts.push(bytes.subarray(from, at), Buffer.from([0xc3, 0x28, 0xff, 0xe2, 0x82]));
    from = at + marker.length;
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

const bodySpecArb = (fields: [string, fc.Arbitrary<Node | undefined>][]): fc.Arbitrary<BodySpec> =>
  fc.record({
    fields: fc.tuple(...fields.map(([key, arb]) => arb.map((value): [string, Node | undefined] => [key, value]))),
    duplicate: fc.option(
      fc.tuple(
        fc.constantFrom(...fields.map(([key]) => key)),
        nameArb.map((v): Node => ({ t: 'str', v: `${v}\ue000` })),
      ),
      { nil: undefined },
    ),
    extra: fc.array(fc.tuple(keyArb, leafArb), { maxLength: 2 }),
    escape: fc.boolean(),
    badUtf8: fc.boolean(),
    contentType: fc.constantFrom(...CONTENT_TYPES),
  });

// ---------------------------------------------------------------------------------------------
// The model: what the README promises, restated without the server's code.

const PROTO_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function modelName(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const name = raw.trim();
  // A leading `$` is a directive to the runtime ($include), not a connector name.
  return PROTO_NAMES.has(name) || name.length > MAX_NAME_LENGTH || CONTROL.test(name) || name.startsWith('$') ? undefined : name;
}

/** The body parser drops `__proto__` keys and `constructor` keys holding a `prototype`. */
function dropPrototypeKeys(value: unknown): void {
  if (Array.isArray(value)) value.forEach(dropPrototypeKeys);
  else if (isObject(value)) {
    if (Object.hasOwn(value, '__proto__')) Reflect.deleteProperty(value, '__proto__');
    const ctor = Object.hasOwn(value, 'constructor') ? value.constructor : undefined;
    if (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype')) Reflect.deleteProperty(value, 'constructor');
    for (const key of Object.keys(value)) dropPrototypeKeys(value[key]);
  }
}

function depth(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depth));
  if (isObject(value)) return 1 + Math.max(0, ...Object.values(value).map(depth));
  return 0;
}

/** Stored configs lose `__proto__`, `constructor`, `prototype` and `$include` keys at any depth. */
function stripUnsafe(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripUnsafe);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) if (!UNSAFE.includes(key)) out[key] = stripUnsafe(value[key]);
  return out;
}

/** A null, or a number JSON text turns into one (1e400), anywhere once unsafe keys are gone: the runtime's config has none, so a 400. */
function holdsUnstorable(value: Json): boolean {
  const walk = (v: unknown): boolean =>
    v === null || (typeof v === 'number' && !Number.isFinite(v)) || (Array.isArray(v) ? v.some(walk) : isObject(v) && Object.values(v).some(walk));
  return walk(stripUnsafe(value));
}

/** As the config is served and written: through JSON text (-0 is 0). */
const asStored = (value: Json): JsonObject => JSON.parse(JSON.stringify(stripUnsafe(value))) as JsonObject;

/** The body as the server parses it, or `malformed` (bad JSON, bytes that are not UTF-8, a number that overflows: all a 400). */
function parseBody(bytes: Buffer): unknown {
  try {
    if (!isUtf8(bytes)) return MALFORMED;
    const text = bytes.toString('utf8');
    if (text.trim() === '') return undefined;
    const value: unknown = JSON.parse(text);
    dropPrototypeKeys(value);
    // After the drop: the server's parser drops those keys before its check sees them.
    if (holdsNonFinite(value)) return MALFORMED;
    return value;
  } catch {
    return MALFORMED;
  }
}

function holdsNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(holdsNonFinite);
  return value !== null && typeof value === 'object' && Object.values(value).some(holdsNonFinite);
}
const MALFORMED = Symbol('malformed');

interface ModelRecord {
  id?: string;
  name: string;
  /** Eliza-created: the name it was created with; ilert-created: the type as sent. */
  type: string;
  viaIlert: boolean;
  config: JsonObject;
}

class Model {
  records: ModelRecord[] = [];
  defaults: JsonObject | undefined;

  byName(name: string): ModelRecord | undefined {
    return this.records.find((r) => r.name === name);
  }

  elizaMap(): JsonObject {
    const map: JsonObject = {};
    if (this.defaults) map.defaults = this.defaults;
    for (const record of this.records) map[record.name] = record.config;
    return map;
  }
}

interface Real {
  base: URL;
  configPath: string;
}

type Outcome = { status: number } | { fails: true };

export const outcomeStats = new Map<string, number>();
function expectOutcome(answer: Answer, expected: Outcome, label: string): void {
  const kind = `${label.split('(')[0]} ${answer.status}`;
  outcomeStats.set(kind, (outcomeStats.get(kind) ?? 0) + 1);
  if ('status' in expected) {
    if (answer.status !== expected.status) throw new Error(`${label}: expected ${expected.status}, got ${answer.status} ${answer.text.slice(0, 300)}`);
  } else if (answer.status < 400 || answer.status >= 500) {
    throw new Error(`${label}: expected a 4xx, got ${answer.status} ${answer.text.slice(0, 300)}`);
  }
}

/** The `connectors` map of the config file ({} before the first write creates it). */
async function fileConnectors(path: string): Promise<JsonObject> {
  try {
    await readFile(path, 'utf8');
    // Every file the service wrote stays one the runtime accepts.
    return ((await expectRuntimeAcceptsFile(path)) as { connectors?: JsonObject }).connectors ?? {};
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

/** Both surfaces and the file equal the model; ids the server assigned are learnt here. */
async function verify(model: Model, real: Real): Promise<void> {
  const eliza = await send(real.base, 'GET', '/api/connectors', undefined, auth());
  expect(eliza.status).toBe(200);
  expect(eliza.json).toEqual({ connectors: model.elizaMap() });

  const listed: { id: string; type: string; name: string; params: unknown; createdAt: unknown; updatedAt: unknown }[] = [];
  for (let start = 0; ; start += 100) {
    const page = await send(real.base, 'GET', `/ilert/api/connectors?start-index=${start}&max-results=100`, undefined, auth());
    expect(page.status).toBe(200);
    listed.push(...(page.json as typeof listed));
    if ((page.json as unknown[]).length < 100) break;
  }
  expect(listed.map((c) => ({ name: c.name, type: c.type, params: c.params }))).toEqual(
    model.records.map((r) => ({ name: r.name, type: shownType(r), params: r.config })),
  );
  listed.forEach((c, i) => {
    expect(typeof c.createdAt).toBe('string');
    if (model.records[i].id === undefined) model.records[i].id = c.id;
    else expect(c.id).toBe(model.records[i].id);
  });

  expect(await fileConnectors(real.configPath)).toEqual(model.elizaMap());
  expectNoPollution();
}

const short = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 60)}…(${text.length})` : text;
};

/** Percent-encodes a path segment; `keepDots` leaves `.` raw so `..` reaches the router as is. */
function segment(value: string, keepDots: boolean): string {
  const bytes = Buffer.from(value.toWellFormed!(), 'utf8');
  let out = '';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_~-]/.test(ch) || (keepDots && ch === '.') ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Commands

type Cmd = fc.AsyncCommand<Model, Real>;

class ElizaPut implements Cmd {
  constructor(readonly spec: BodySpec) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const bytes = bodyBytes(this.spec);
    const body = parseBody(bytes);
    let expected: Outcome = { fails: true };
    let apply: (() => void) | undefined;
    if (body !== MALFORMED && isObject(body)) {
      const name = modelName(body.name);
      const config = body.config;
      if (name !== undefined && isObject(config)) {
        const existing = model.byName(name);
        if (name !== 'defaults' && !existing && model.records.length >= MAX_CONNECTORS) expected = { status: 409 };
        else if (depth(config) > MAX_CONFIG_DEPTH || holdsUnstorable(config)) expected = { status: 400 };
        else {
          expected = { status: 200 };
          const stored = asStored(config);
          apply = () => {
            if (name === 'defaults') model.defaults = stored;
            else if (existing) existing.config = stored;
            else model.records.push({ name, type: name, viaIlert: false, config: stored });
          };
        }
      } else expected = { status: 400 };
    } else expected = { status: 400 };
    const answer = await send(real.base, 'POST', '/api/connectors', bytes, { ...auth(), 'content-type': this.spec.contentType });
    expectClean(answer, 'POST', '/api/connectors');
    expectOutcome(answer, expected, this.toString());
    apply?.();
    if (answer.status === 200) expect(answer.json).toEqual({ connectors: model.elizaMap() });
    await verify(model, real);
  }
  toString = () => `ElizaPut(${short(bodyBytes(this.spec).toString('utf8'))})`;
}

class ElizaDelete implements Cmd {
  constructor(
    readonly name: string,
    readonly keepDots: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const encoded = segment(this.name, this.keepDots);
    const path = `/api/connectors/${encoded}`;
    let expected: Outcome;
    let apply: (() => void) | undefined;
    const name = modelName(this.name.toWellFormed!());
    if (encoded === '' || encoded.length > MAX_PARAM_LENGTH) expected = { fails: true };
    else if (name === undefined) expected = { status: 400 };
    else {
      expected = { status: 200 };
      apply = () => {
        if (name === 'defaults') model.defaults = undefined;
        else model.records = model.records.filter((r) => r.name !== name);
      };
    }
    const answer = await send(real.base, 'DELETE', path, undefined, { ...auth(), ...jsonType });
    expectClean(answer, 'DELETE', path);
    expectOutcome(answer, expected, this.toString());
    apply?.();
    await verify(model, real);
  }
  toString = () => `ElizaDelete(${short(this.name)}, keepDots=${this.keepDots})`;
}

/** ilert `params`: absent/null is {}, a non-object is refused, top-level "" values are dropped. */
function modelParams(body: JsonObject): JsonObject | undefined {
  const params = body.params;
  if (params === undefined || params === null) return {};
  if (!isObject(params)) return undefined;
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== ''));
}

const isTypeSpelling = (type: unknown, wanted: string) =>
  typeof type === 'string' && type.trim() !== '' && type.toLowerCase().replace(/[^a-z0-9]/g, '') === wanted;
const isJiraType = (type: unknown) => isTypeSpelling(type, 'jira');
/** The ilert surface shows a connector whose name chose no plugin (every Eliza-made one here) with the generic type. */
const shownType = (record: { type: string; viaIlert: boolean }) => (record.viaIlert ? record.type : GENERIC_CONNECTOR_TYPE);

function expectIlertView(answer: Answer, record: ModelRecord): void {
  const view = answer.json as Record<string, unknown>;
  expect(view).toEqual({
    id: record.id ?? expect.any(String),
    type: shownType(record),
    name: record.name,
    params: record.config,
    createdAt: expect.any(String),
    updatedAt: expect.any(String),
  });
}

class IlertCreate implements Cmd {
  constructor(readonly spec: BodySpec) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const bytes = bodyBytes(this.spec);
    const body = parseBody(bytes);
    let expected: Outcome = { status: 400 };
    let created: ModelRecord | undefined;
    if (body !== MALFORMED && isObject(body)) {
      const params = modelParams(body);
      const name = modelName(body.name);
      if (params && name !== undefined && name !== 'defaults' && isJiraType(body.type)) {
        if (model.byName(name) || model.records.length >= MAX_CONNECTORS) expected = { status: 409 };
        else if (depth(params) > MAX_CONFIG_DEPTH || holdsUnstorable(params)) expected = { status: 400 };
        else {
          expected = { status: 201 };
          created = { name, type: body.type as string, viaIlert: true, config: asStored(params) };
        }
      }
    }
    const path = '/ilert/api/connectors';
    const answer = await send(real.base, 'POST', path, bytes, { ...auth(), 'content-type': this.spec.contentType, 'accept-encoding': 'gzip' });
    expectClean(answer, 'POST', path);
    expectOutcome(answer, expected, this.toString());
    if (created) {
      expectIlertView(answer, created);
      created.id = (answer.json as { id: string }).id;
      model.records.push(created);
    }
    await verify(model, real);
  }
  toString = () => `IlertCreate(${short(bodyBytes(this.spec).toString('utf8'))})`;
}

/** An existing record (by position) or an id nobody has. */
type Target = { index: number } | { id: string };
const targetArb: fc.Arbitrary<Target> = fc.oneof(
  { weight: 4, arbitrary: fc.nat({ max: 20 }).map((index) => ({ index })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.constantFrom('', 'name', '..', '00000000-0000-0000-0000-000000000000', '%'), fc.string({ unit: 'binary', maxLength: 12 }))
      .map((id) => ({ id })),
  },
);
function resolveTarget(model: Model, target: Target): { id: string; record?: ModelRecord } {
  if ('id' in target) return { id: target.id, record: model.records.find((r) => r.id === target.id) };
  if (model.records.length === 0) return { id: 'no-records-yet' };
  const record = model.records[target.index % model.records.length];
  return { id: record.id as string, record };
}

class IlertUpdate implements Cmd {
  constructor(
    readonly target: Target,
    readonly spec: BodySpec,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const { id, record } = resolveTarget(model, this.target);
    const encoded = segment(id, false);
    const path = `/ilert/api/connectors/${encoded}`;
    const bytes = bodyBytes(this.spec);
    const body = parseBody(bytes);
    let expected: Outcome = { status: 400 };
    let apply: (() => void) | undefined;
    // The empty id reaches the `:id` route, which answers 404 — after the body parser, which refuses a malformed body first.
    if (encoded === '') expected = { status: body === MALFORMED ? 400 : 404 };
    else if (body !== MALFORMED && isObject(body)) {
      const params = modelParams(body);
      const rawName = body.name;
      const name = rawName === undefined || rawName === null ? undefined : modelName(rawName);
      const nameOk = rawName === undefined || rawName === null || (name !== undefined && name !== 'defaults');
      if (params && nameOk) {
        if (!record) expected = { status: 404 };
        else {
          const type = body.type;
          const typeChanges = type !== undefined && type !== null && type !== record.type;
          if (typeChanges && !(record.viaIlert ? isJiraType(type) : isTypeSpelling(type, GENERIC_CONNECTOR_TYPE))) expected = { status: 400 };
          else if (name !== undefined && name !== record.name && model.byName(name)) expected = { status: 409 };
          else if (depth(params) > MAX_CONFIG_DEPTH || holdsUnstorable(params)) expected = { status: 400 };
          else {
            expected = { status: 200 };
            apply = () => {
              record.name = name ?? record.name;
              record.config = asStored(params);
            };
          }
        }
      }
    }
    const answer = await send(real.base, 'PUT', path, bytes, { ...auth(), 'content-type': this.spec.contentType });
    expectClean(answer, 'PUT', path);
    expectOutcome(answer, expected, this.toString());
    apply?.();
    if (apply && record) expectIlertView(answer, record);
    await verify(model, real);
  }
  toString = () => `IlertUpdate(${short(this.target)}, ${short(bodyBytes(this.spec).toString('utf8'))})`;
}

class IlertDelete implements Cmd {
  constructor(readonly target: Target) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const { id, record } = resolveTarget(model, this.target);
    const path = `/ilert/api/connectors/${segment(id, false)}`;
    const answer = await send(real.base, 'DELETE', path, undefined, { ...auth(), ...jsonType, 'content-length': '0' });
    expectClean(answer, 'DELETE', path);
    expectOutcome(answer, { status: record ? 204 : 404 }, this.toString());
    if (record) {
      expect(answer.text).toBe('');
      model.records = model.records.filter((r) => r !== record);
    }
    await verify(model, real);
  }
  toString = () => `IlertDelete(${short(this.target)})`;
}

/** Reads: by id, by name (exact, as decoded from the path), and a page with any start-index/max-results. */
class IlertRead implements Cmd {
  constructor(
    readonly target: Target,
    readonly name: string,
    readonly query: [string, string][],
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const { id, record } = resolveTarget(model, this.target);
    const byIdPath = `/ilert/api/connectors/${segment(id, false)}`;
    const byId = await send(real.base, 'GET', byIdPath, undefined, auth(READ_ONLY_KEY));
    expectClean(byId, 'GET', byIdPath);
    expectOutcome(byId, { status: record ? 200 : 404 }, `${this.toString()} by id`);
    if (record) expectIlertView(byId, record);

    const encoded = segment(this.name, true);
    const byNamePath = `/ilert/api/connectors/name/${encoded}`;
    const byName = await send(real.base, 'GET', byNamePath, undefined, auth(READ_ONLY_KEY));
    expectClean(byName, 'GET', byNamePath);
    const named = model.records.find((r) => r.name === this.name.toWellFormed!());
    if (encoded.length <= MAX_PARAM_LENGTH) expectOutcome(byName, named ? { status: 200 } : { status: 404 }, `${this.toString()} by name`);
    if (named && byName.status === 200) expectIlertView(byName, named);

    const listPath = `/ilert/api/connectors?${this.query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
    const page = await send(real.base, 'GET', listPath, undefined, auth(READ_ONLY_KEY));
    expectClean(page, 'GET', listPath);
    const param = (name: string, fallback: number, min: number, max: number): number | undefined => {
      const values = this.query.filter(([k]) => k === name).map(([, v]) => v);
      if (values.length === 0 || (values.length === 1 && values[0] === '')) return fallback;
      if (values.length > 1 || !/^\d+$/.test(values[0]) || Number(values[0]) < min || Number(values[0]) > max) return undefined;
      return Number(values[0]);
    };
    const start = param('start-index', 0, 0, Number.MAX_SAFE_INTEGER);
    const max = param('max-results', 50, 1, 100);
    if (start === undefined || max === undefined) expectOutcome(page, { status: 400 }, `${this.toString()} page`);
    else {
      expectOutcome(page, { status: 200 }, `${this.toString()} page`);
      expect((page.json as { name: string }[]).map((c) => c.name)).toEqual(model.records.slice(start, start + max).map((r) => r.name));
    }
  }
  toString = () => `IlertRead(${short(this.target)}, ${short(this.name)}, ${short(this.query)})`;
}

const queryValueArb = fc.oneof(
  fc.nat({ max: 12 }).map(String),
  fc.constantFrom('', '-1', 'abc', '1e3', '0x10', '99999999999999999999', ' 5', '5 ', '１', '101', '100', '1.0', '0', '\u0000', '%', '[]'),
);
const queryArb = fc.array(fc.tuple(fc.constantFrom('start-index', 'max-results', 'junk'), queryValueArb), { maxLength: 3 });

// Requests that must change nothing: wrong key or permission, bad content type, bad or oversize
// bodies, odd methods and paths, odd headers.
interface Junk {
  method: string;
  path: string;
  body?: Buffer;
  headers: Record<string, string>;
}
const junkPathArb = fc.oneof(
  fc.constantFrom(
    '/api/connectors',
    '/api/connectors/alpha',
    '/api/connectors/',
    '/api//connectors',
    '/api/connectors/..%2F..%2Fetc',
    '/ilert/api/connectors',
    '/ilert/api/connectors/alpha',
    '/ilert/api/connectors/name/alpha',
    '/ilert',
    '/ilert/',
    '/ilert/api',
    '/ilert?x=1',
    '/api/audit?limit=abc',
    '/api/audit?limit=0',
    '/api/connector-types',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/api/connectors?__proto__[polluted]=1',
    '/ilert/api/connectors?constructor[prototype][polluted]=1&start-index=1',
  ),
  fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.map((p) => segment(p, true)).join('/')}`),
  fc
    .array(fc.string({ unit: 'binary', maxLength: 6 }), { minLength: 1, maxLength: 3 })
    .map((parts) => `/ilert/api/connectors/${parts.map((p) => segment(p, false)).join('/')}`),
);
const headerValueArb = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const junkHeadersArb = fc.dictionary(
  fc.constantFrom(
    'x-forwarded-for',
    'x-real-ip',
    'accept',
    'accept-encoding',
    'accept-language',
    'x-request-id',
    'origin',
    'referer',
    'user-agent',
    'x-http-method-override',
    'cookie',
    'x-junk',
  ),
  headerValueArb,
  { maxKeys: 4 },
);
const badAuthArb = fc.oneof(
  fc.constant<Record<string, string>>({}),
  headerValueArb.map((v) => ({ authorization: `Bearer ${v}` })),
  headerValueArb.map((v) => ({ authorization: v })),
  headerValueArb.map((v) => ({ authorization: `Basic ${Buffer.from(`user@org:${v}`).toString('base64')}` })),
  headerValueArb.filter((v) => v !== '').map((v) => ({ 'x-api-key': v })),
  fc.constant({ authorization: `Bearer ${KEY}x` }),
  fc.constant({ authorization: `Bearer  ${KEY} extra` }),
);
const writeBodyArb: fc.Arbitrary<{ body: Buffer; contentType?: string }> = fc.oneof(
  fc
    .constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/json-patch+json',
      'application/jsonx',
    )
    .map((contentType) => ({ body: Buffer.from('name=alpha&config=1'), contentType })),
  fc.constant({ body: Buffer.from('{"name":"alpha","config":{}}') }),
  fc.string({ unit: 'binary', maxLength: 30 }).map((s) => ({ body: Buffer.from(`{"name": ${s}`), contentType: 'application/json' })),
  fc.constant({ body: Buffer.from(`{"name":"alpha","config":{"x":"${'a'.repeat(BODY_LIMIT)}"}}`), contentType: 'application/json' }),
  fc.constant({ body: Buffer.from(`{"config":${'['.repeat(50_000)}${']'.repeat(50_000)}}`), contentType: 'application/json' }),
  fc.constant({ body: Buffer.from(`[${'1,'.repeat(20_000)}1]`), contentType: 'application/json' }),
  fc.constant({ body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), contentType: 'application/json' }),
  fc.constant({ body: Buffer.from('{"type":"jira","params":{"a":1}}'), contentType: 'application/json' }),
  fc.constant({ body: Buffer.from('"just a string"'), contentType: 'application/json' }),
  fc.constant({ body: Buffer.from('null'), contentType: 'application/json' }),
);
const junkArb: fc.Arbitrary<Junk> = fc.oneof(
  // Reads with any key, path and headers (GET, HEAD, OPTIONS change nothing).
  fc.record({
    method: fc.constantFrom('GET', 'HEAD', 'OPTIONS'),
    path: junkPathArb,
    body: fc.constant(undefined),
    headers: fc.tuple(fc.oneof(badAuthArb, fc.constant(auth())), junkHeadersArb).map(([a, h]) => ({ ...h, ...a })),
  }),
  // Writes without a valid key, or with the read-only key.
  fc.record({
    method: fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH'),
    path: junkPathArb,
    body: fc.option(fc.constant(Buffer.from('{"name":"alpha","config":{},"type":"jira"}')), { nil: undefined }),
    headers: fc.tuple(fc.oneof(badAuthArb, fc.constant(auth(READ_ONLY_KEY))), junkHeadersArb).map(([a, h]) => ({ ...jsonType, ...h, ...a })),
  }),
  // Writes with the key but a body that cannot be taken.
  fc
    .tuple(
      fc.constantFrom(['POST', '/api/connectors'], ['POST', '/ilert/api/connectors'], ['PUT', '/ilert/api/connectors/00000000-0000-0000-0000-000000000000']),
      writeBodyArb,
      junkHeadersArb,
    )
    .map(([[method, path], { body, contentType }, headers]): Junk => ({
      method,
      path,
      body,
      headers: { ...headers, ...auth(), ...(contentType && { 'content-type': contentType }) },
    })),
);

class JunkRequest implements Cmd {
  constructor(readonly junk: Junk) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const { method, path, body, headers } = this.junk;
    const answer = await send(real.base, method, path, body, headers);
    expectClean(answer, method, path);
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') expect(answer.status).toBeGreaterThanOrEqual(400);
    await verify(model, real);
  }
  toString = () =>
    `Junk(${this.junk.method} ${short(this.junk.path)} ${short(this.junk.headers)} ${this.junk.body ? short(this.junk.body.toString('utf8')) : ''})`;
}

const elizaPutArb = bodySpecArb([
  ['name', nameFieldArb],
  ['config', configArb],
]).map((spec): Cmd => new ElizaPut(spec));
const ilertCreateArb = bodySpecArb([
  ['name', nameFieldArb],
  ['type', typeFieldArb],
  ['params', configArb],
]).map((spec): Cmd => new IlertCreate(spec));
const ilertUpdateArb = fc
  .tuple(
    targetArb,
    bodySpecArb([
      ['name', fc.option(nameFieldArb, { nil: undefined, freq: 3 })],
      ['type', fc.option(typeFieldArb, { nil: undefined, freq: 2 })],
      ['params', configArb],
    ]),
  )
  .map(([target, spec]): Cmd => new IlertUpdate(target, spec));
// Writes listed twice: sequences then fill the registry up to MAX_CONNECTORS often enough.
const commandsArb = fc.commands<Model, Real, false>(
  [
    elizaPutArb,
    elizaPutArb,
    ilertCreateArb,
    ilertCreateArb,
    ilertUpdateArb,
    ilertUpdateArb,
    fc.tuple(nameArb, fc.boolean()).map(([name, keepDots]): Cmd => new ElizaDelete(name, keepDots)),
    targetArb.map((target): Cmd => new IlertDelete(target)),
    fc.tuple(targetArb, nameArb, queryArb).map(([target, name, query]): Cmd => new IlertRead(target, name, query)),
    junkArb.map((junk): Cmd => new JunkRequest(junk)),
  ],
  { maxCommands: 40, size: 'large' },
);

/** Empties the registry through the API (the model of each run starts empty). */
async function reset(real: Real): Promise<void> {
  for (;;) {
    const page = await send(real.base, 'GET', '/ilert/api/connectors?max-results=100', undefined, auth());
    const ids = (page.json as { id: string }[]).map((c) => c.id);
    if (ids.length === 0) break;
    for (const id of ids) expect((await send(real.base, 'DELETE', `/ilert/api/connectors/${id}`, undefined, auth())).status).toBe(204);
  }
  expect((await send(real.base, 'DELETE', '/api/connectors/defaults', undefined, auth())).status).toBe(200);
}

describe('fuzzing both surfaces over real HTTP (fast-check)', () => {
  let dir: string;
  let app: TestServer;
  let real: Real;

  beforeAll(async () => {
    dir = await tempDir();
    app = await startServer({ configPath: join(dir, 'state', 'milady.json'), env: SERVER_ENV });
    real = { base: new URL(app.url), configPath: app.configPath };
  });

  afterAll(async () => {
    await app?.stop();
    agent.destroy();
    await removeDir(dir);
  });

  it(
    'keeps both surfaces and the config file equal to a model under random command sequences',
    async () => {
      await fc.assert(
        fc.asyncProperty(commandsArb, async (commands) => {
          await reset(real);
          const model = new Model();
          await verify(model, real);
          await fc.asyncModelRun(() => ({ model, real }), commands);
        }),
        runs(45),
      );
    },
    TIMEOUT_MS,
  );

  it(
    'answers any single request, with any key, body or header, with a 2xx or a clean 4xx',
    async () => {
      const anyRequest = fc.oneof(
        junkArb,
        fc.record({
          method: fc.constantFrom('POST', 'PUT', 'DELETE', 'GET'),
          path: junkPathArb,
          body: fc.option(
            bodySpecArb([
              ['name', nameFieldArb],
              ['config', configArb],
              ['type', typeFieldArb],
              ['params', configArb],
            ]).map(bodyBytes),
            { nil: undefined },
          ),
          headers: fc
            .tuple(fc.oneof(fc.constant(auth()), badAuthArb), junkHeadersArb, fc.constantFrom(...CONTENT_TYPES, 'text/plain', 'application/JSON'))
            .map(([a, h, type]) => ({ ...h, ...a, 'content-type': type })),
        }),
      );
      await fc.assert(
        fc.asyncProperty(anyRequest, async ({ method, path, body, headers }) => {
          const answer = await send(real.base, method, path, body, headers);
          expectClean(answer, method, path);
          expectNoPollution();
        }),
        runs(1500),
      );
      // Whatever happened, the surfaces and the file still agree with each other.
      const eliza = (await send(real.base, 'GET', '/api/connectors', undefined, auth())).json as { connectors: JsonObject };
      expect(await fileConnectors(real.configPath)).toEqual(eliza.connectors);
      const ilert = (await send(real.base, 'GET', '/ilert/api/connectors?max-results=100', undefined, auth())).json as { name: string }[];
      expect(ilert.map((c) => c.name).sort()).toEqual(
        Object.keys(eliza.connectors)
          .filter((n) => n !== 'defaults')
          .sort(),
      );
    },
    TIMEOUT_MS,
  );

  it('stayed up, logged no server error, and served thousands of requests', async () => {
    expect((await send(real.base, 'GET', '/health')).status).toBe(200);
    if (process.env.FUZZ_STATS)
      console.log(
        `${requestCount} requests\n` +
          [...outcomeStats]
            .sort()
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n'),
      );
    const errors = app.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(errors).toEqual([]);
    expect(requestCount).toBeGreaterThan(3000 * Math.min(1, FACTOR));
    expectNoPollution();
  });
});

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Bytes that are not valid HTTP, straight to the socket; resolves with whatever comes back. */
function rawExchange(port: number, bytes: Buffer | string, closeEarly = false): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => resolve(received));
    socket.on('close', () => resolve(received));
    socket.setTimeout(3000, () => socket.destroy());
    socket.write(bytes, () => {
      if (closeEarly) socket.destroy();
      else socket.end();
    });
  });
}

describe('the built service as a process under malformed HTTP', () => {
  let child: ChildProcess | undefined;
  let dir: string;

  afterAll(async () => {
    child?.kill('SIGKILL');
    await removeDir(dir);
  });

  it(
    'answers malformed requests at the HTTP layer and keeps serving',
    async () => {
      dir = await tempDir();
      child = spawn(process.execPath, [MAIN], {
        env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent-home', ELIZA_CONFIG_PATH: join(dir, 'milady.json'), PORT: '0', RATE_LIMIT_PER_ADDRESS: '0' },
        stdio: 'pipe',
      });
      const out: string[] = [];
      child.stdout?.on('data', (chunk: Buffer) => out.push(chunk.toString()));
      let address: string | undefined;
      for (let i = 0; i < 200 && !address; i++) {
        const line = out
          .join('')
          .split('\n')
          .find((l) => l.includes('"switchboard listening"'));
        if (line) address = (JSON.parse(line) as { address: string }).address;
        else await new Promise((r) => setTimeout(r, 50));
      }
      expect(address).toBeDefined();
      const base = new URL(address as string);
      const port = Number(base.port);

      const garbage: (Buffer | string)[] = [
        'GARBAGE\r\n\r\n',
        'GET / HTTP/9.9\r\n\r\n',
        'GET /api/connectors HTTP/1.1\r\nHost: x\r\nBad Header Name: x\r\n\r\n',
        `GET /api/connectors HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        'POST /api/connectors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nnot-hex\r\n0\r\n\r\n',
        'POST /api/connectors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{"a":1}',
        'POST /api/connectors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":',
        'POST /ilert/api/connectors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 12\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
        Buffer.from([0x47, 0x45, 0x54, 0x20, 0x2f, 0xff, 0xfe, 0x00, 0x20, 0x48, 0x54, 0x54, 0x50, 0x2f, 0x31, 0x2e, 0x31, 0x0d, 0x0a, 0x0d, 0x0a]),
        'GET /api/connectors/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n',
        `GET /${'a/'.repeat(5000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      ];
      for (const bytes of garbage) {
        const answer = await rawExchange(port, bytes);
        const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
        if (status !== undefined) expect(Number(status)).toBeLessThan(500);
      }
      for (let i = 0; i < 20; i++) await rawExchange(port, 'POST /api/connectors HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"na', true);

      // Random requests through a real client on top.
      await fc.assert(
        fc.asyncProperty(junkArb, async ({ method, path, body, headers }) => {
          const answer = await send(base, method, path, body, headers);
          expectClean(answer, method, path);
        }),
        runs(150),
      );
      expect(child.exitCode).toBeNull();
      expect((await send(base, 'GET', '/health')).status).toBe(200);
      expect((await send(base, 'POST', '/api/connectors', Buffer.from('{"name":"after","config":{"ok":true}}'), jsonType)).status).toBe(200);
    },
    TIMEOUT_MS,
  );
});
