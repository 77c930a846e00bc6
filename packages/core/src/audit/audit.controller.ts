import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { RequirePermission } from '../auth/permissions.js';
import { InvalidInputError } from '../errors.js';
import { ApiErrorResponses, ApiKeyProtected } from '../openapi/openapi.decorators.js';
import { schemaRef } from '../openapi/openapi-schemas.js';
import { type AuditAction, type AuditActor, AuditLog, type AuditSurface } from './audit-log.js';
import { AUDIT_ACTIONS, type AuditPage, type AuditQuery, positionOf } from './audit-query.js';

const DEFAULT_LIMIT = 50;
/** A page holds at most this many entries (they are gathered in memory). */
export const MAX_AUDIT_PAGE = 1000;

type RawAuditQuery = Partial<Record<'limit' | 'cursor' | 'connector' | 'keyId' | 'action' | 'from' | 'to', unknown>>;

/** An ISO 8601 date-time (or a date), as `from`/`to` take it; undefined when absent. */
function timeParameter(raw: unknown, name: string): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new InvalidInputError(`Query parameter ${name} must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z`);
  }
  return new Date(raw).toISOString();
}

function textParameter(raw: unknown, name: string): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > 1000)
    throw new InvalidInputError(`Query parameter ${name} must be given once, as text of at most 1000 characters`);
  return raw;
}

/** The query of GET /api/audit, checked: a 400 names the parameter at fault. */
export function parseAuditQuery(raw: RawAuditQuery, max: number): AuditQuery {
  let limit = DEFAULT_LIMIT;
  if (raw.limit !== undefined && raw.limit !== '') {
    if (typeof raw.limit !== 'string' || !/^\d{1,9}$/.test(raw.limit) || Number(raw.limit) < 1 || Number(raw.limit) > max) {
      throw new InvalidInputError(`Query parameter limit must be an integer from 1 to ${max}`);
    }
    limit = Number(raw.limit);
  }
  const cursor = textParameter(raw.cursor, 'cursor');
  if (cursor !== undefined && Number.isNaN(positionOf(cursor))) throw new InvalidInputError('Query parameter cursor must be the nextCursor of a previous page');
  const action = textParameter(raw.action, 'action');
  if (action !== undefined && !AUDIT_ACTIONS.includes(action as AuditAction)) {
    throw new InvalidInputError(`Query parameter action must be one of ${AUDIT_ACTIONS.join(', ')}`);
  }
  const connector = textParameter(raw.connector, 'connector');
  const keyId = textParameter(raw.keyId, 'keyId');
  const from = timeParameter(raw.from, 'from');
  const to = timeParameter(raw.to, 'to');
  if (from !== undefined && to !== undefined && from > to) throw new InvalidInputError('Query parameter from must not be later than to');
  return {
    limit,
    ...(cursor !== undefined && { cursor }),
    ...(connector !== undefined && { connector }),
    ...(keyId !== undefined && { keyId }),
    ...(action !== undefined && { action: action as AuditAction }),
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
  };
}

/** The actor of a request, as the API key guard established it. */
export function actorOf(request: FastifyRequest, surface: AuditSurface): AuditActor {
  return { keyId: request.principal?.keyId ?? 'anonymous', surface };
}

/**
 * Changes, newest first: who changed which connector's which fields, when, through which surface;
 * filtered and paged (see parseAuditQuery). With PostgreSQL, every instance's entries.
 */
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
    summary: 'Changes, newest first, filtered and paged',
    description:
      'Who (API key id or `anonymous`), which connector (id, name, type), which fields (paths only, never values), when, and through which surface. ' +
      'With PostgreSQL, the entries of every instance. Filters combine (all must match); a page ends with `nextCursor` when more entries match: pass it as `cursor`. Needs the `audit` permission.',
  })
  @ApiQuery({ name: 'limit', required: false, description: 'Entries per page (default 50)', schema: { type: 'integer', minimum: 1, default: DEFAULT_LIMIT } })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page', schema: { type: 'string' } })
  @ApiQuery({ name: 'connector', required: false, description: 'Connector name (a rename matches its old name too)', schema: { type: 'string' } })
  @ApiQuery({
    name: 'keyId',
    required: false,
    description: 'API key id of the actor (`anonymous`, `system`, or `file` for an edit of the config file outside Switchboard)',
    schema: { type: 'string' },
  })
  @ApiQuery({ name: 'action', required: false, schema: { type: 'string', enum: [...AUDIT_ACTIONS] } })
  @ApiQuery({ name: 'from', required: false, description: 'Entries at or after this ISO 8601 time', schema: { type: 'string', format: 'date-time' } })
  @ApiQuery({ name: 'to', required: false, description: 'Entries at or before this ISO 8601 time', schema: { type: 'string', format: 'date-time' } })
  @ApiOkResponse({ description: 'The entries', schema: schemaRef('AuditPage') })
  @ApiErrorResponses('eliza', { 400: 'a query parameter is malformed (named in the message)' })
  list(@Query() query: RawAuditQuery): Promise<AuditPage> {
    return this.audit.query(parseAuditQuery(query ?? {}, MAX_AUDIT_PAGE));
  }
}
