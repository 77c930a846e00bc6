import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { RequirePermission } from '../auth/permissions.js';
import { InvalidInputError } from '../errors.js';
import { ApiErrorResponses, ApiKeyProtected } from '../openapi/openapi.decorators.js';
import { type AuditActor, type AuditEntry, AuditLog, type AuditSurface } from './audit-log.js';

const DEFAULT_LIMIT = 50;

/** The actor of a request, as the API key guard established it. */
export function actorOf(request: FastifyRequest, surface: AuditSurface): AuditActor {
  return { keyId: request.principal?.keyId ?? 'anonymous', surface };
}

/** Recent changes, newest first: who changed which connector's which fields, when, through which surface. */
@Controller('api/audit')
@UseGuards(ApiKeyGuard)
@ApiTags('Audit')
@ApiKeyProtected('eliza')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @RequirePermission('audit')
  @ApiOperation({
    operationId: 'auditListEntries',
    summary: 'Recent changes, newest first',
    description:
      'Who (API key id or `anonymous`), which connector (id, name, type), which fields (paths only, never values), when, and through which surface. Needs the `audit` permission.',
  })
  @ApiQuery({ name: 'limit', required: false, description: 'How many entries (default 50)', schema: { type: 'integer', minimum: 1, default: DEFAULT_LIMIT } })
  @ApiOkResponse({
    description: 'The entries',
    schema: {
      type: 'object',
      required: ['entries'],
      properties: {
        entries: {
          type: 'array',
          items: {
            type: 'object',
            required: ['at', 'actor', 'surface', 'action', 'connector', 'fields'],
            properties: {
              at: { type: 'string', format: 'date-time' },
              actor: { type: 'string', description: 'API key id, `anonymous`, or `system` for in-process changes' },
              surface: { type: 'string', enum: ['eliza', 'ilert', 'internal'] },
              action: { type: 'string', enum: ['create', 'update', 'delete', 'test'] },
              connector: {
                type: 'object',
                properties: { id: { type: ['string', 'null'] }, name: { type: 'string' }, type: { type: ['string', 'null'] } },
              },
              previousName: { type: 'string' },
              fields: { type: 'array', items: { type: 'string' }, description: 'Changed field paths, e.g. `accounts.main.botToken`' },
              fieldsOmitted: { type: 'integer', description: 'Changed paths left out past the cap of 100' },
              outcome: { type: 'string', description: 'For a connection test: its status (`ok`, `auth_failed`, ...)' },
              unsaved: { type: 'boolean', description: 'For a connection test: of a config sent with the request, not the stored one' },
            },
          },
        },
      },
    },
  })
  @ApiErrorResponses('eliza', { 400: 'limit is not an integer in range' })
  list(@Query('limit') limit: string | undefined): { entries: AuditEntry[] } {
    const max = this.audit.capacity;
    let count = DEFAULT_LIMIT;
    if (limit !== undefined && limit !== '') {
      if (typeof limit !== 'string' || !/^\d{1,9}$/.test(limit) || Number(limit) < 1 || Number(limit) > max) {
        throw new InvalidInputError(`Query parameter limit must be an integer from 1 to ${max}`);
      }
      count = Number(limit);
    }
    return { entries: this.audit.recent(count) };
  }
}
