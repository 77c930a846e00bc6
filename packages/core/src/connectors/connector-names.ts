import { CONNECTOR_NAME_DIRECTIVE_PREFIX, MAX_CONNECTOR_NAME_LENGTH, RESERVED_CONNECTOR_NAMES } from '@switchboard/schemas';
import { InvalidInputError } from '../errors.js';
import { RESERVED_ENTRY_NAMES } from '../registry/connector-record.js';

const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(RESERVED_CONNECTOR_NAMES);
/** The default bound on a name's length (MAX_NAME_LENGTH in apps/api's environment). */
export const DEFAULT_MAX_NAME_LENGTH = MAX_CONNECTOR_NAME_LENGTH;
// C0, DEL and C1: every character of Unicode's "control" category.
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks and trims a connector name as the Eliza runtime does, plus a length bound, no control
 * characters (names are keys in a file people read and edit) and no leading `$` (a directive).
 */
export function normaliseConnectorName(raw: unknown, maxLength: number = DEFAULT_MAX_NAME_LENGTH): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new InvalidInputError('Missing connector name');
  const name = raw.trim();
  if (PROTOTYPE_NAMES.has(name)) throw new InvalidInputError(`Connector name "${name}" is a reserved key`);
  if (name.length > maxLength) throw new InvalidInputError(`Connector name is longer than the limit of ${maxLength} characters (MAX_NAME_LENGTH)`);
  if (CONTROL_CHARACTERS.test(name)) throw new InvalidInputError('Connector name must not contain control characters');
  if (name.startsWith(CONNECTOR_NAME_DIRECTIVE_PREFIX)) {
    throw new InvalidInputError(
      `Connector name "${name}" starts with "${CONNECTOR_NAME_DIRECTIVE_PREFIX}": the Eliza runtime reads such keys as directives (like $include), not as connectors`,
    );
  }
  return name;
}

/** Names that hold shared settings (`defaults`) rather than a connector. */
export function isReservedEntryName(name: string): boolean {
  return RESERVED_ENTRY_NAMES.has(name);
}
