import { Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags, type SchemaObject } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../audit/audit.controller.js';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { RequirePermission } from '../auth/permissions.js';
import { ConnectorService } from '../connectors/connector.service.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { ApiErrorResponses, ApiKeyProtected, ApiStorageErrors, CONCURRENT_CHANGE, OPENAPI_TAGS, PATH_PARAMETER_ERRORS } from '../openapi/openapi.decorators.js';
import { CipherError } from '../store/sealing/secret-cipher.js';
import type { ChangeHistory } from './change-history.js';
import type { RevisionEntry, StoredRevision } from './history-store.js';

const NAME_PARAM = { name: 'name', description: 'Connector name (URL-encoded)', schema: { type: 'string' } } as const;

const REVISION_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['revision', 'at', 'action', 'connector', 'keyId', 'fields', 'fingerprints'],
  properties: {
    revision: { type: 'integer', description: 'Unique and increasing across the store (and its instances); the change event id too' },
    at: { type: 'string', format: 'date-time' },
    action: { type: 'string', enum: ['create', 'update', 'delete'] },
    connector: { type: 'object', properties: { id: { type: ['string', 'null'] }, name: { type: 'string' }, type: { type: ['string', 'null'] } } },
    keyId: { type: 'string', description: 'API key id, `anonymous`, `system`, or `file` (the config file edited outside Switchboard)' },
    fields: { type: 'array', items: { type: 'string' }, description: 'Changed field paths (names only)' },
    fieldsOmitted: { type: 'integer' },
    fingerprints: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Secret field path -> keyed fingerprint (HMAC-SHA256) of its value in this revision: equal fingerprints, equal values. Never the value.',
    },
    restoredFrom: { type: 'integer', description: 'The revision this change restored' },
  },
};

/** A revision as the API shows it: without its config. */
function entryOf({ config: _config, ...entry }: StoredRevision): RevisionEntry {
  return entry;
}

/** Revision history of a connector and restore of an earlier revision (Eliza surface, by name). */
@Controller('api/connectors')
@UseGuards(ApiKeyGuard)
@ApiTags(OPENAPI_TAGS.history)
@ApiKeyProtected('eliza')
export class RevisionsController {
  private readonly history: ChangeHistory;

  constructor(private readonly connectors: ConnectorService) {
    if (!connectors.history) throw new Error('RevisionsController needs a ConnectorService with history');
    this.history = connectors.history;
  }

  @Get(':name/revisions')
  @RequirePermission('read')
  @ApiOperation({
    operationId: 'listRevisions',
    summary: "A connector's revisions, newest first",
    description:
      'Every change (create, update, delete, restore; through either surface or by editing the config file) keeps a revision: who, when, which fields, and a keyed fingerprint of each secret value. The newest REVISION_RETENTION (default 20) per name are kept; a deleted connector keeps its revisions.',
  })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({
    description: 'The revisions',
    schema: { type: 'object', required: ['revisions'], properties: { revisions: { type: 'array', items: REVISION_SCHEMA } } },
  })
  @ApiErrorResponses('eliza', {
    ...PATH_PARAMETER_ERRORS,
    400: 'Missing or invalid connector name, or a malformed URL',
    404: 'No revision kept under that name',
  })
  async list(@Param('name') rawName: string): Promise<{ revisions: RevisionEntry[] }> {
    const name = this.connectors.normaliseName(rawName);
    const revisions = await this.history.store.list(name);
    if (revisions.length === 0) throw new NotFoundError(`No revision kept for a connector named "${name}"`);
    return { revisions: revisions.map(entryOf) };
  }

  @Post(':name/revisions/:rev/restore')
  @HttpCode(200)
  @RequirePermission('write')
  @ApiOperation({
    operationId: 'restoreRevision',
    summary: 'Put back the config an earlier revision kept',
    description:
      'Checked and written like a save (same 400s); a connector deleted since is created again with its type. Makes a new revision naming the one restored, audited with it. Secrets are restored too (never shown).',
  })
  @ApiParam(NAME_PARAM)
  @ApiParam({ name: 'rev', description: 'Revision number', schema: { type: 'integer' } })
  @ApiOkResponse({ description: 'Restored: the new revision', schema: REVISION_SCHEMA })
  @ApiStorageErrors('eliza')
  @ApiErrorResponses('eliza', {
    ...PATH_PARAMETER_ERRORS,
    400: 'Malformed URL, invalid name or revision number, a deletion (restore the revision before it), or a config the plugin now refuses',
    404: 'No such revision under that name',
    409: `The revision holds values encrypted with a key that is not configured, or ${CONCURRENT_CHANGE}`,
  })
  async restore(@Param('name') rawName: string, @Param('rev') rawRevision: string, @Req() request: FastifyRequest): Promise<RevisionEntry> {
    const name = this.connectors.normaliseName(rawName);
    if (!/^\d{1,15}$/.test(rawRevision)) throw new InvalidInputError(`Revision must be a positive integer (got "${rawRevision.slice(0, 40)}")`);
    const kept = await this.history.store.get(name, Number(rawRevision));
    if (!kept) throw new NotFoundError(`No revision ${rawRevision} kept for a connector named "${name}"`);
    let config: Record<string, unknown> | undefined;
    try {
      config = this.history.configOf(kept);
    } catch (error) {
      if (error instanceof CipherError) throw new ConflictError(`Revision ${kept.revision} of "${name}" cannot be opened: ${error.message}`);
      throw error;
    }
    if (!config) throw new InvalidInputError(`Revision ${kept.revision} of "${name}" is a deletion: restore the revision before it`);
    const revision = await this.connectors.restore(name, { revision: kept.revision, type: kept.connector.type, config }, actorOf(request, 'eliza'));
    // Its own revision: with several instances the newest under the name may already be another's.
    const made = revision === undefined ? undefined : await this.history.store.get(name, revision);
    return entryOf(made ?? (await this.history.store.list(name))[0]);
  }
}
