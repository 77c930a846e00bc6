import { createHash } from 'node:crypto';
import { isPlainObject, UNSAFE_KEYS } from '@switchboard/sdk';
import { type ConnectorRecord, RESERVED_ENTRY_NAMES } from '../../registry/connector-record.js';
import type { TypeResolver } from '../connector-store.js';
import { filesProviding, type ResolvedDocument } from './include-resolver.js';
import { entryHash, readMetadataMap, type RecordMetadata, type StoredMetadata } from './metadata-file.js';
import type { Document } from './parse-document.js';
import { UnreadableFileError } from './unreadable-file-error.js';

export { UnreadableFileError };
export type { Document } from './parse-document.js';
export { parseDocument } from './parse-document.js';

/**
 * Where Switchboard kept its record metadata inside the config file before it moved to the
 * metadata file (format 1): read once to migrate, never written (the runtime refuses the key).
 */
export const LEGACY_METADATA_KEY = 'switchboard';

/** The key of the file that a write puts the connector map under. */
export type MapKey = 'connectors' | 'channels';

/** The file as the store understands it. */
export interface FileView {
  /** The whole document as parsed (connector values as stored, possibly sealed). */
  readonly document: Document;
  /**
   * The connector map as this file itself holds it (`connectors`, else legacy `channels`), in file
   * order, values as stored, `$include` directives unresolved: what a write lays its changes over.
   */
  readonly entries: ReadonlyMap<string, unknown>;
  /** The map the runtime loads: `entries` with every `$include` resolved (the same map when there is none). */
  readonly loaded: ReadonlyMap<string, unknown>;
  /**
   * Names the runtime loads wholly or partly from included files, with those files. Switchboard
   * never writes included files nor inlines their content: a write or delete of such a name is
   * refused (409), naming the files.
   */
  readonly included: ReadonlyMap<string, readonly string[]>;
  /**
   * Where a write puts `entries`: `connectors`, unless the runtime reads the legacy `channels` map
   * and included files give part of it. A `connectors` key would then hide those included entries
   * from the runtime, so the write goes into this file's `channels`, which the runtime merges with them.
   */
  readonly mapKey: MapKey;
  /** Connector records by name, configs opened (decrypted). */
  readonly records: ReadonlyMap<string, ConnectorRecord>;
  /** Reserved entries (`defaults`). */
  readonly reserved: ReadonlyMap<string, unknown>;
}

export const EMPTY_VIEW: FileView = {
  document: {},
  entries: new Map(),
  loaded: new Map(),
  included: new Map(),
  mapKey: 'connectors',
  records: new Map(),
  reserved: new Map(),
};

/** The parts of a view that follow from the document alone. */
export type ConnectorMaps = Pick<FileView, 'entries' | 'loaded' | 'included' | 'mapKey'>;

export interface ViewContext {
  path: string;
  resolveType: TypeResolver;
  /** When the file was last modified: creation time of entries written by hand. */
  modifiedAt: string;
  /** Turns a stored config into the record's config (opens sealed secrets, which are bound to the name; the type says which fields are secret). */
  open(raw: Record<string, unknown>, name: string, type: string): Record<string, unknown>;
  /** The same for a reserved entry (`defaults`): its sealed values opened. */
  openReserved(raw: unknown, name: string): unknown;
  /** What the store knew before this read: names keep their ids, unchanged records their objects. */
  prior?: FileView;
  /**
   * Metadata read from the metadata file (at load), for names `prior` does not know. An entry whose
   * content no longer matches its `sha256` was edited since: a new version. An entry without
   * metadata whose content matches that of a vanished name is that connector, renamed.
   */
  metadata?: ReadonlyMap<string, StoredMetadata>;
  /** The document with its `$include` directives resolved (none: it has none). */
  resolved?: ResolvedDocument;
  /** New entries are numbered above this (records a commit is creating may already use lower numbers). */
  seqFloor?: number;
  /** How an entry's hash is taken (default entryHash; a load passes one that remembers it for its later checks). */
  hash?: (stored: unknown) => string;
}

/**
 * The records, reserved entries and foreign entries of a document, as the runtime loads it (its
 * `$include` directives resolved). An entry keeps the identity the store gave it before, else the
 * one its metadata records (or, found by content hash, that of the name it was renamed from), else
 * gets an id derived from its name (written to the metadata file at load, so stable from then on).
 * A record whose config changed outside gets a new version and updatedAt.
 */
export function viewOf(document: Document, context: ViewContext): FileView {
  const maps = connectorMapsOf(document, context.resolved, context.path);
  const { loaded } = maps;
  // The metadata file first; the legacy key of a file not yet migrated fills in names it lacks.
  const metadata = new Map(context.metadata);
  for (const [name, meta] of readMetadataMap(document[LEGACY_METADATA_KEY])) if (!metadata.has(name)) metadata.set(name, meta);
  const hash = context.hash ?? entryHash;
  const byHash = unclaimedByHash(metadata, loaded);
  const prior = context.prior?.records ?? new Map<string, ConnectorRecord>();
  const records = new Map<string, ConnectorRecord>();
  const reserved = new Map<string, unknown>();
  const seenIds = new Set<string>();
  const adopted: [string, Record<string, unknown>][] = [];

  for (const [name, value] of loaded) {
    const kind = entryKind(name, value);
    if (kind === 'reserved') reserved.set(name, context.openReserved(value, name));
    else if (kind === 'record') {
      const raw = value as Record<string, unknown>;
      const priorMeta = identityOf(prior.get(name));
      const meta = priorMeta ?? metadataFor(metadata.get(name), raw, context.modifiedAt, hash) ?? (byHash.size > 0 ? byHash.get(hash(raw)) : undefined);
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
  return { document, ...maps, records, reserved };
}

/**
 * The maps of a document whose resolved form is `resolved` (its `$include` directives resolved;
 * none: it has none): what the file holds, what the runtime loads, which names included files give,
 * and where a write goes.
 */
export function connectorMapsOf(document: Document, resolved: ResolvedDocument | undefined, path: string): ConnectorMaps {
  const withIncludes = resolved?.parts.length ? resolved : undefined;
  const entries = new Map(Object.entries(literalMap(document, withIncludes?.value ?? document, path)));
  if (!withIncludes) return { entries, loaded: entries, included: new Map(), mapKey: 'connectors' };
  const readKey = connectorMapKey(withIncludes.value);
  const loaded = new Map(Object.entries(connectorMap(withIncludes.value, path)));
  const included = new Map<string, readonly string[]>();
  for (const name of loaded.keys()) {
    const files = filesProviding(withIncludes.parts, [readKey, name]);
    if (files.length > 0) included.set(name, files);
  }
  const mapKey = readKey === 'channels' && filesProviding(withIncludes.parts, ['channels']).length > 0 ? 'channels' : 'connectors';
  return { entries, loaded, included, mapKey };
}

/** How an entry of the runtime's map is served: a connector, a reserved entry (`defaults`), or foreign (kept in the file, never served). */
export function entryKind(name: string, raw: unknown): 'record' | 'reserved' | 'foreign' {
  if (RESERVED_ENTRY_NAMES.has(name)) return 'reserved';
  return UNSAFE_KEYS.has(name) || !isPlainObject(raw) ? 'foreign' : 'record';
}

/** Stored metadata as it applies to the entry now: a new version when the entry changed since it was written. */
function metadataFor(stored: StoredMetadata | undefined, raw: unknown, modifiedAt: string, hash: (stored: unknown) => string): RecordMetadata | undefined {
  if (!stored) return undefined;
  const { sha256, ...meta } = stored;
  if (sha256 === undefined || sha256 === hash(raw)) return meta;
  return { ...meta, version: meta.version + 1, updatedAt: modifiedAt };
}

/** Metadata of names the file no longer holds, by the content they had: a renamed entry is found by it. */
function unclaimedByHash(metadata: ReadonlyMap<string, StoredMetadata>, entries: ReadonlyMap<string, unknown>): Map<string, RecordMetadata> {
  const byHash = new Map<string, RecordMetadata>();
  const ambiguous = new Set<string>();
  for (const [name, { sha256, ...meta }] of metadata) {
    if (entries.has(name) || sha256 === undefined) continue;
    if (byHash.has(sha256)) ambiguous.add(sha256);
    byHash.set(sha256, meta);
  }
  for (const hash of ambiguous) byHash.delete(hash);
  return byHash;
}

export function identityOf(record: ConnectorRecord | undefined): RecordMetadata | undefined {
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

/**
 * The connector map the file itself holds, for a document whose resolved form is `effective`: `{}`
 * when only an included file gives `connectors` (a write then adds the key, which the runtime merges
 * over the included one).
 */
function literalMap(document: Document, effective: Document, path: string): Record<string, unknown> {
  if (document.connectors === undefined && effective.connectors !== undefined) return {};
  return connectorMap(document, path);
}

/** The map the runtime reads (see connectorMapKey). */
function connectorMap(document: Document, path: string): Record<string, unknown> {
  const { connectors, channels } = document;
  if (connectorMapKey(document) === 'channels') return isPlainObject(channels) ? channels : {};
  if (!isPlainObject(connectors)) throw new UnreadableFileError(`${path}: "connectors" must be an object`);
  return connectors;
}

/**
 * The document to write: the one read with the map under `mapKey` replaced in place (or appended),
 * the legacy metadata key gone, every other key untouched. Written to `connectors`, the legacy
 * `channels` map stays, without `removedNames`.
 */
export function renderDocument(document: Document, entries: ReadonlyMap<string, unknown>, removedNames: ReadonlySet<string>, mapKey: MapKey): Document {
  const { [LEGACY_METADATA_KEY]: _legacy, ...rest } = document;
  if (mapKey === 'channels') return replaceKeys(rest, { channels: nullObject(entries) });
  const connectors = nullObject(entries);
  const { channels } = document;
  return replaceKeys(rest, {
    connectors,
    // The runtime deletes from the legacy map too; entries it kept are already in `connectors`.
    ...(isPlainObject(channels) ? { channels: nullObject(new Map(Object.entries(channels).filter(([name]) => !removedNames.has(name)))) } : {}),
  });
}

function nullObject(entries: ReadonlyMap<string, unknown>): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of entries) out[name] = value;
  return out;
}

/** A copy of the document with some keys replaced in place (or appended), all others untouched. */
function replaceKeys(document: Document, replacements: Record<string, unknown>): Document {
  const next = Object.create(null) as Document;
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
