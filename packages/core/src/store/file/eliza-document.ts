import { createHash } from 'node:crypto';
import { isPlainObject, UNSAFE_KEYS } from '@switchboard/sdk';
import JSON5 from 'json5';
import { type ConnectorRecord, RESERVED_ENTRY_NAMES } from '../../registry/connector-record.js';
import type { TypeResolver } from '../connector-store.js';

/** The one top-level key Switchboard adds to the Eliza config file: record metadata, by connector name. */
export const METADATA_KEY = 'switchboard';
export const METADATA_FORMAT = 1;

export type Document = Record<string, unknown>;

export interface RecordMetadata {
  id: string;
  type: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  seq: number;
}

/** The file as the store understands it. */
export interface FileView {
  /** The whole document as parsed (connector values as stored, possibly sealed). */
  readonly document: Document;
  /** The map the runtime reads (`connectors`, else legacy `channels`), in file order, values as stored. */
  readonly entries: ReadonlyMap<string, unknown>;
  /** Connector records by name, configs opened (decrypted). */
  readonly records: ReadonlyMap<string, ConnectorRecord>;
  /** Reserved entries (`defaults`). */
  readonly reserved: ReadonlyMap<string, unknown>;
}

export const EMPTY_VIEW: FileView = { document: {}, entries: new Map(), records: new Map(), reserved: new Map() };

/** The text did not parse, or holds something other than an object: the file must not be overwritten. */
export class UnreadableFileError extends Error {}

/**
 * Plain JSON first: the store (and the runtime) write JSON, and JSON.parse is 10-30x faster than
 * JSON5.parse on large files (bench/FINDINGS.md, case 5); both give the same value for JSON input.
 * Only a hand-edited file (comments, trailing commas) takes the JSON5 path.
 */
function parseJson5(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON5.parse(text);
  }
}

export function parseDocument(text: string, path: string): Document {
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : parseJson5(text);
  } catch (error) {
    throw new UnreadableFileError(`${path} is not valid JSON5 (${(error as Error).message})`);
  }
  if (!isPlainObject(parsed)) throw new UnreadableFileError(`${path} must hold a JSON object at the top level`);
  return parsed;
}

export interface ViewContext {
  path: string;
  resolveType: TypeResolver;
  /** When the file was last modified: creation time of entries written by hand. */
  modifiedAt: string;
  /** Turns a stored config into the record's config (opens sealed secrets, which are bound to the name; the type says which fields are secret). */
  open(raw: Record<string, unknown>, name: string, type: string): Record<string, unknown>;
  /** What the store knew before this read: names keep their ids, unchanged records their objects. */
  prior?: FileView;
  /** New entries are numbered above this (records a commit is creating may already use lower numbers). */
  seqFloor?: number;
}

/**
 * The records, reserved entries and foreign entries of a document. Entries without metadata (written
 * by hand or by the runtime) keep the identity the store gave them before, else get an id derived
 * from their name, stable until Switchboard first writes the file. A record whose config changed
 * outside gets a new version and updatedAt.
 */
export function viewOf(document: Document, context: ViewContext): FileView {
  const entries = new Map(Object.entries(connectorMap(document, context.path)));
  const metadata = readMetadata(document[METADATA_KEY]);
  const prior = context.prior?.records ?? new Map<string, ConnectorRecord>();
  const records = new Map<string, ConnectorRecord>();
  const reserved = new Map<string, unknown>();
  const seenIds = new Set<string>();
  const adopted: [string, Record<string, unknown>][] = [];

  for (const [name, raw] of entries) {
    if (RESERVED_ENTRY_NAMES.has(name)) reserved.set(name, raw);
    else if (UNSAFE_KEYS.has(name) || !isPlainObject(raw)) continue; // foreign: kept in `entries`, never served
    else {
      const meta = metadata.get(name) ?? identityOf(prior.get(name));
      if (meta && !seenIds.has(meta.id)) {
        seenIds.add(meta.id);
        records.set(name, outsideVersion({ ...meta, name, config: context.open(raw, name, meta.type) }, prior.get(name), context.modifiedAt));
      } else adopted.push([name, raw]);
    }
  }
  let seq = Math.max(context.seqFloor ?? 0, ...[...records.values()].map((r) => r.seq), ...[...prior.values()].map((r) => r.seq));
  for (const [name, raw] of adopted) {
    const id = idFromName(name);
    if (seenIds.has(id)) continue;
    seenIds.add(id);
    const type = context.resolveType(name);
    const config = context.open(raw, name, type);
    const at = context.modifiedAt;
    records.set(name, Object.freeze({ id, type, name, config, createdAt: at, updatedAt: at, version: 1, seq: ++seq }));
  }
  return { document, entries, records, reserved };
}

function identityOf(record: ConnectorRecord | undefined): RecordMetadata | undefined {
  if (!record) return undefined;
  const { id, type, createdAt, updatedAt, version, seq } = record;
  return { id, type, createdAt, updatedAt, version, seq };
}

/** The prior object when nothing changed (so changes are found by identity); else a new version if the config moved. */
function outsideVersion(read: ConnectorRecord, prior: ConnectorRecord | undefined, modifiedAt: string): ConnectorRecord {
  if (!prior || prior.id !== read.id) return Object.freeze(read);
  if (sameJson(prior.config, read.config)) {
    // Unchanged. An outside edit seen earlier may have moved our version past the file's metadata
    // (which the editor did not touch): never let a re-read take it back.
    if (prior.version >= read.version && prior.type === read.type && prior.seq === read.seq) return prior;
    return Object.freeze({ ...read, version: Math.max(read.version, prior.version) });
  }
  if (read.version > prior.version) return Object.freeze(read);
  return Object.freeze({ ...read, version: prior.version + 1, updatedAt: modifiedAt });
}

export function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** True when two views hold the same records and reserved entries (what the registry serves). */
export function sameConnectors(a: FileView, b: FileView): boolean {
  if (a.records.size !== b.records.size || a.reserved.size !== b.reserved.size) return false;
  for (const [name, record] of a.records) if (b.records.get(name) !== record) return false;
  for (const [name, value] of a.reserved) if (!b.reserved.has(name) || !sameJson(value, b.reserved.get(name))) return false;
  return true;
}

/** The key of the map the runtime reads: `connectors` if present (even `{}`), else the legacy `channels`. */
export function connectorMapKey(document: Document): 'connectors' | 'channels' {
  return document.connectors === undefined ? 'channels' : 'connectors';
}

/** The map the runtime reads (see connectorMapKey). */
function connectorMap(document: Document, path: string): Record<string, unknown> {
  const { connectors, channels } = document;
  if (connectorMapKey(document) === 'channels') return isPlainObject(channels) ? channels : {};
  if (!isPlainObject(connectors)) throw new UnreadableFileError(`${path}: "connectors" must be an object`);
  return connectors;
}

function readMetadata(value: unknown): Map<string, RecordMetadata> {
  const result = new Map<string, RecordMetadata>();
  if (!isPlainObject(value) || !isPlainObject(value.connectors)) return result;
  for (const [name, meta] of Object.entries(value.connectors)) {
    if (
      isPlainObject(meta) &&
      typeof meta.id === 'string' &&
      meta.id !== '' &&
      typeof meta.type === 'string' &&
      typeof meta.createdAt === 'string' &&
      typeof meta.updatedAt === 'string' &&
      Number.isSafeInteger(meta.version) &&
      Number.isSafeInteger(meta.seq)
    ) {
      const { id, type, createdAt, updatedAt, version, seq } = meta as unknown as RecordMetadata;
      result.set(name, { id, type, createdAt, updatedAt, version, seq });
    }
  }
  return result;
}

/**
 * The document to write: the one read with `connectors` and the metadata replaced in place (or
 * appended), the legacy `channels` map without `removedNames`, every other key untouched.
 */
export function renderDocument(
  document: Document,
  entries: ReadonlyMap<string, unknown>,
  records: Iterable<ConnectorRecord>,
  removedNames: ReadonlySet<string>,
): Document {
  const connectors = nullObject(entries);
  const metadata: Record<string, RecordMetadata> = Object.create(null);
  for (const record of records) metadata[record.name] = identityOf(record)!;
  const { channels } = document;
  return replaceKeys(document, {
    connectors,
    [METADATA_KEY]: { format: METADATA_FORMAT, connectors: metadata },
    // The runtime deletes from the legacy map too; entries it kept are already in `connectors`.
    ...(isPlainObject(channels) ? { channels: nullObject(new Map(Object.entries(channels).filter(([name]) => !removedNames.has(name)))) } : {}),
  });
}

function nullObject(entries: ReadonlyMap<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [name, value] of entries) out[name] = value;
  return out;
}

/** A copy of the document with some keys replaced in place (or appended), all others untouched. */
function replaceKeys(document: Document, replacements: Record<string, unknown>): Document {
  const next: Document = Object.create(null);
  for (const key of Object.keys(document)) next[key] = Object.hasOwn(replacements, key) ? replacements[key] : document[key];
  for (const key of Object.keys(replacements)) if (!Object.hasOwn(next, key)) next[key] = replacements[key];
  return next;
}

export function serialise(document: Document): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A UUID-shaped id derived from the name (version nibble 8: custom), stable across restarts. */
export function idFromName(name: string): string {
  const hex = createHash('sha256').update(`switchboard-connector:${name}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
