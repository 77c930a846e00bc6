import { isPlainObject } from '@switchboard/sdk';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/audit-log.js';
import { CATALOG_ROUTE, closestHint } from '../catalog/catalog-route.js';
import { assertPlainObject, type ConnectorService, type PutByNameOutcome } from '../connectors/connector.service.js';
import type { Precondition } from '../connectors/entity-tag.js';
import { InvalidInputError } from '../errors.js';

/** The header an Eliza POST answer carries when the name chose no plugin (the body's shape is fixed). */
export const ELIZA_WARNING_HEADER = 'x-switchboard-warning';

/** The Eliza POST body checked as the runtime checks it, then stored: `{ name, config }` replaces that name's config. */
export async function putElizaConnector(
  connectors: ConnectorService,
  body: unknown,
  actor: AuditActor,
  precondition?: Precondition,
): Promise<PutByNameOutcome & { name: string }> {
  if (!isPlainObject(body)) {
    throw new InvalidInputError('Request body must be a JSON object with "name" and "config", sent with Content-Type: application/json');
  }
  const name = connectors.normaliseName(body.name);
  const config = assertPlainObject(body.config, 'Missing connector config: "config" must be a JSON object');
  return { name, ...(await connectors.putByName(name, config, actor, precondition)) };
}

/**
 * Tells the caller of an Eliza POST, without changing the answer's `{connectors}` shape, that the
 * name chose no plugin: a warning header on the answer, and a log line when the name is new. The
 * runtime keys connectors by platform name, so "my-telegram" is not a Telegram connector to it.
 * The header holds no user input (a name may hold characters a header cannot), only type names.
 */
export function warnIfUnmatched(outcome: PutByNameOutcome & { name: string }, request: FastifyRequest, reply: FastifyReply): void {
  if (!outcome.unmatched) return;
  const hint = closestHint(outcome.unmatched.closest);
  void reply.header(
    ELIZA_WARNING_HEADER,
    `this name matches no connector plugin: its config is stored unchecked and the Eliza runtime starts no connector for it. A connector's name is its platform type (several bots of one platform go in its "accounts"); GET /${CATALOG_ROUTE} lists the types${hint}`,
  );
  if (outcome.created) {
    request.log.warn(
      { connector: outcome.name, closest: outcome.unmatched.closest },
      `connector "${outcome.name}" matches no plugin: stored without validation${hint}`,
    );
  }
}
