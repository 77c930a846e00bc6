import { InvalidInputError, PreconditionFailedError } from '../errors.js';
import type { ConnectorRecord } from '../registry/connector-record.js';

/**
 * A connector's entity tag (the `ETag` of its single-connector answers): its id and version, so a
 * connector deleted and created again under the same name never matches a tag of the old one.
 * Opaque to clients; the version moves with every committed change, on every instance.
 */
export function entityTagOf(record: Pick<ConnectorRecord, 'id' | 'version'>): string {
  return `"${record.id}:${record.version}"`;
}

/** An `If-Match` precondition (RFC 9110, 13.1.1): any current connector (`*`), or one of these tags. */
export type Precondition = { kind: 'any' } | { kind: 'tags'; tags: readonly string[] };

const TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/** The `If-Match` header as a precondition; undefined when the request carries none (every ilert and Eliza client today). */
export function preconditionOf(header: string | string[] | undefined): Precondition | undefined {
  if (header === undefined) return undefined;
  const parts = ([] as string[])
    .concat(header)
    .flatMap((value) => value.split(','))
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 1 && parts[0] === '*') return { kind: 'any' };
  if (parts.length === 0 || !parts.every((part) => TAG.test(part))) {
    throw new InvalidInputError('If-Match must be * or a list of entity tags as the ETag header gave them, e.g. If-Match: "<etag>"');
  }
  return { kind: 'tags', tags: parts };
}

/**
 * Checked inside the write queue, against the connector as committed there (after catching up with
 * other instances): 412 when it does not hold. A weak tag never matches (strong comparison), and
 * no tag matches a connector that is gone.
 */
export function assertPrecondition(precondition: Precondition | undefined, current: ConnectorRecord | undefined, name: string): void {
  if (!precondition) return;
  if (!current) throw new PreconditionFailedError(`If-Match: connector "${name}" does not exist (any more)`);
  if (precondition.kind === 'any') return;
  const tag = entityTagOf(current);
  if (!precondition.tags.includes(tag)) {
    throw new PreconditionFailedError(`If-Match: connector "${name}" was changed since that entity tag; its current ETag is ${tag}: read it again and decide`);
  }
}
