import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isPlainObject, UNSAFE_KEYS } from '@switchboard/sdk';
import JSON5 from 'json5';
import { StoreUnavailableError } from '../../errors.js';
import { type ConnectorRecord, RESERVED_ENTRY_NAMES } from '../../registry/connector-record.js';
import type { Transaction } from '../../registry/transaction.js';
import type { ConnectorStore, StoreSnapshot, TypeResolver } from '../connector-store.js';
import { writeFileAtomic } from './atomic-write.js';

/** The one top-level key Switchboard adds to the Eliza config file: record metadata, by connector name. */
export const METADATA_KEY = 'switchboard';
const METADATA_FORMAT = 1;

interface RecordMetadata {
  id: string;
  type: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  seq: number;
}

type Document = Record<string, unknown>;

/**
 * The embedded default store: the Eliza runtime's own config file. `connectors` stays exactly
 * `name -> config`, readable by the runtime unchanged; ids, types and timestamps live under
 * `switchboard`; every other key of the file is kept as it was read.
 */
export class ElizaFileStore implements ConnectorStore {
  private document: Document = {};
  /** Entries of the map that are not connector configs (non-objects, unsafe names): kept, not served. */
  private foreign: [string, unknown][] = [];

  constructor(readonly path: string) {}

  get description(): string {
    return `Eliza config file ${this.path}`;
  }

  async load(resolveType: TypeResolver): Promise<StoreSnapshot> {
    const { document, modifiedAt } = await this.read();
    this.document = document;
    const source = connectorMap(document, this.path);
    const metadata = readMetadata(document[METADATA_KEY]);
    const records: ConnectorRecord[] = [];
    const reserved = new Map<string, unknown>();
    const seenIds = new Set<string>();
    const adopted: [string, Record<string, unknown>][] = [];
    this.foreign = [];

    for (const [name, config] of Object.entries(source)) {
      if (RESERVED_ENTRY_NAMES.has(name)) reserved.set(name, config);
      else if (UNSAFE_KEYS.has(name) || !isPlainObject(config)) this.foreign.push([name, config]);
      else {
        const meta = metadata.get(name);
        if (meta && !seenIds.has(meta.id)) {
          seenIds.add(meta.id);
          records.push({ ...meta, name, config });
        } else adopted.push([name, config]);
      }
    }
    // Entries written by hand or by the runtime: ids derived from the name stay stable until saved.
    let seq = records.reduce((max, r) => Math.max(max, r.seq), 0);
    for (const [name, config] of adopted) {
      const id = idFromName(name);
      if (seenIds.has(id)) continue;
      seenIds.add(id);
      records.push({ id, type: resolveType(name), name, config, createdAt: modifiedAt, updatedAt: modifiedAt, version: 1, seq: ++seq });
    }
    return { records, reserved };
  }

  async commit(tx: Transaction): Promise<void> {
    const connectors: Record<string, unknown> = Object.create(null);
    const metadata: Record<string, RecordMetadata> = Object.create(null);
    for (const [name, value] of tx.reservedAfter()) connectors[name] = value;
    for (const record of tx.recordsAfter()) {
      connectors[record.name] = record.config;
      const { id, type, createdAt, updatedAt, version, seq } = record;
      metadata[record.name] = { id, type, createdAt, updatedAt, version, seq };
    }
    for (const [name, value] of this.foreign) if (!(name in connectors)) connectors[name] = value;

    const removedNames = new Set(tx.removals.map((r) => r.name));
    const next = replaceKeys(this.document, {
      connectors,
      [METADATA_KEY]: { format: METADATA_FORMAT, connectors: metadata },
      // The runtime deletes from the legacy map too; entries it kept are already in `connectors`.
      ...(isPlainObject(this.document.channels) ? { channels: without(this.document.channels, removedNames) } : {}),
    });
    await writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`);
    this.document = next;
  }

  async close(): Promise<void> {}

  private async read(): Promise<{ document: Document; modifiedAt: string }> {
    let text: string;
    let modifiedAt: string;
    try {
      [text, modifiedAt] = await Promise.all([readFile(this.path, 'utf8'), stat(this.path).then((s) => s.mtime.toISOString())]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { document: {}, modifiedAt: new Date().toISOString() };
      throw new StoreUnavailableError(`cannot read ${this.path}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = text.trim() === '' ? {} : JSON5.parse(text);
    } catch (error) {
      throw new StoreUnavailableError(`${this.path} is not valid JSON5 (${(error as Error).message}); fix or move it, it was left untouched`);
    }
    if (!isPlainObject(parsed)) throw new StoreUnavailableError(`${this.path} must hold a JSON object at the top level; it was left untouched`);
    return { document: parsed, modifiedAt };
  }
}

/** The map the runtime reads: `connectors` if present (even `{}`), else the legacy `channels`. */
function connectorMap(document: Document, path: string): Record<string, unknown> {
  const { connectors, channels } = document;
  if (connectors === undefined) return isPlainObject(channels) ? channels : {};
  if (!isPlainObject(connectors)) throw new StoreUnavailableError(`${path}: "connectors" must be an object; the file was left untouched`);
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

/** A copy of the document with some keys replaced in place (or appended), all others untouched. */
function replaceKeys(document: Document, replacements: Record<string, unknown>): Document {
  const next: Document = Object.create(null);
  for (const key of Object.keys(document)) next[key] = key in replacements ? replacements[key] : document[key];
  for (const key of Object.keys(replacements)) if (!(key in next)) next[key] = replacements[key];
  return next;
}

function without(map: Record<string, unknown>, names: ReadonlySet<string>): Record<string, unknown> {
  const next: Record<string, unknown> = Object.create(null);
  for (const [name, value] of Object.entries(map)) if (!names.has(name)) next[name] = value;
  return next;
}

/** A UUID-shaped id derived from the name (version nibble 8: custom), stable across restarts. */
export function idFromName(name: string): string {
  const hex = createHash('sha256').update(`switchboard-connector:${name}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
