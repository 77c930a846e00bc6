import { isPlainObject } from '@switchboard/sdk';
import type { AuditActor } from '../audit/audit-log.js';
import { assertPlainObject, type ConnectorService } from '../connectors/connector.service.js';
import { InvalidInputError } from '../errors.js';

/** The Eliza POST body checked as the runtime checks it, then stored: `{ name, config }` replaces that name's config. */
export async function putElizaConnector(connectors: ConnectorService, body: unknown, actor: AuditActor): Promise<void> {
  if (!isPlainObject(body)) throw new InvalidInputError('Request body must be a JSON object with "name" and "config"');
  const name = connectors.normaliseName(body.name);
  const config = assertPlainObject(body.config, 'Missing connector config: "config" must be a JSON object');
  await connectors.putByName(name, config, actor);
}
