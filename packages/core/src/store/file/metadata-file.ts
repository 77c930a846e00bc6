import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isPlainObject } from '@switchboard/sdk';
import { UnreadableFileError } from './unreadable-file-error.js';

/**
 * Switchboard's own data about the connectors of an Eliza config file lives in a file beside it,
 * never in it: the runtime's schema refuses any top-level key it does not know.
 *
 * `{ "format": 2, "connectors": { "<name>": { id, type, createdAt, updatedAt, version, seq, sha256 } } }`
 *
 * Per connector, so that later data (connection-test results, revisions) is one more field of the
 * same entry. Keyed by name, like the config's `connectors` map it describes.
 */
export const METADATA_FORMAT = 2;

/** `milady.json` -> `milady.json.switchboard.json`: beside the file, named after it (as `.bak` and `.lock` are). */
export function metadataFilePath(configPath: string): string {
  return `${configPath}.switchboard.json`;
}

export interface RecordMetadata {
  id: string;
  type: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  seq: number;
}

export interface StoredMetadata extends RecordMetadata {
  /**
   * SHA-256 of the connector's entry as the config file held it when this metadata was written.
   * The config file is the truth and is written first; this tells, after a crash between the two
   * writes or an edit made while Switchboard was stopped, which entries moved on (a new version)
   * and which entry under a new name is an old one renamed (its id kept).
   */
  sha256?: string;
}

/** The fingerprint kept in `sha256`: of the entry as stored (sealed secrets stay sealed). */
export function entryHash(stored: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(stored) ?? 'undefined')
    .digest('base64url');
}

/**
 * entryHash remembered per entry object, for the span of one load: reading metadata, checking it
 * and (when it is stale) writing it each need every entry's hash. Entries as stored are never
 * changed in place (a write stores new objects), so an object's hash cannot go stale.
 */
export function entryHasher(): (stored: unknown) => string {
  const known = new WeakMap<object, string>();
  return (stored) => {
    if (typeof stored !== 'object' || stored === null) return entryHash(stored);
    let hash = known.get(stored);
    if (hash === undefined) known.set(stored, (hash = entryHash(stored)));
    return hash;
  };
}

/** One entry of either format (format 1 lived under the config's `switchboard` key, without `sha256`). */
function metadataOf(value: unknown): StoredMetadata | undefined {
  if (
    !isPlainObject(value) ||
    typeof value.id !== 'string' ||
    value.id === '' ||
    typeof value.type !== 'string' ||
    typeof value.createdAt !== 'string' ||
    typeof value.updatedAt !== 'string' ||
    !Number.isSafeInteger(value.version) ||
    !Number.isSafeInteger(value.seq)
  ) {
    return undefined;
  }
  const { id, type, createdAt, updatedAt, version, seq } = value as unknown as RecordMetadata;
  return { id, type, createdAt, updatedAt, version, seq, ...(typeof value.sha256 === 'string' ? { sha256: value.sha256 } : {}) };
}

/** The metadata of `{ connectors: { name: metadata } }` (the file, or the legacy key's value), by name; malformed entries are skipped. */
export function readMetadataMap(value: unknown): Map<string, StoredMetadata> {
  const result = new Map<string, StoredMetadata>();
  if (!isPlainObject(value) || !isPlainObject(value.connectors)) return result;
  for (const [name, entry] of Object.entries(value.connectors)) {
    const metadata = metadataOf(entry);
    if (metadata) result.set(name, metadata);
  }
  return result;
}

/**
 * The metadata file's content; a missing file is none. One that does not parse is an error: it is
 * ours alone, written atomically, so damage is someone else's doing, and guessing would give every
 * connector a new id (ilert clients and Terraform state would lose them).
 */
export async function readMetadataFile(path: string): Promise<Map<string, StoredMetadata>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new UnreadableFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UnreadableFileError(`${path} is not valid JSON (${(error as Error).message}); fix it, or delete it to give every connector a new id`);
  }
  if (!isPlainObject(parsed) || (parsed.format !== undefined && parsed.format !== METADATA_FORMAT)) {
    throw new UnreadableFileError(`${path} is not a Switchboard metadata file of format ${METADATA_FORMAT}`);
  }
  return readMetadataMap(parsed);
}

export function renderMetadataFile(entries: Iterable<[string, StoredMetadata]>): string {
  const connectors = Object.create(null) as Record<string, StoredMetadata>;
  for (const [name, metadata] of entries) connectors[name] = metadata;
  return `${JSON.stringify({ format: METADATA_FORMAT, connectors }, null, 2)}\n`;
}
