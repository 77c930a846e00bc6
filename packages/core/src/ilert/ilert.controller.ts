import { ILERT_DEFAULT_PAGE_SIZE, ILERT_MAX_PAGE_SIZE, ILERT_REDACT_HEADER } from '@switchboard/schemas';
import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../audit/audit.controller.js';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { RequirePermission } from '../auth/permissions.js';
import { ConnectorService } from '../connectors/connector.service.js';
import { entityTagOf, preconditionOf } from '../connectors/entity-tag.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import {
  ApiErrorResponses,
  ApiKeyProtected,
  ApiStorageErrors,
  CONCURRENT_CHANGE,
  IF_MATCH_HEADER,
  OPENAPI_TAGS,
  PATH_PARAMETER_ERRORS,
  PRECONDITION_FAILED,
} from '../openapi/openapi.decorators.js';
import { schemaRef } from '../openapi/openapi-schemas.js';
import type { ConnectorRecord } from '../registry/connector-record.js';
import { bodyOf, paramsOf } from './ilert-input.js';
import { IlertViewService } from './ilert-view.service.js';

function integerParam(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new InvalidInputError(`Query parameter ${name} must be an integer from ${min} to ${max}`);
  }
  return Number(raw);
}

/** Answers are JSON text the view serialised (and caches per record): sent as they are, typed here. */
const JSON_TYPE = ['content-type', 'application/json; charset=utf-8'] as const;

const ETAG = { ETag: { description: "The connector's entity tag: send it back in If-Match to write only over this version", schema: { type: 'string' } } };
const CONNECTOR = {
  description: `The connector; params redacted unless the API key may reveal and the request has no ${ILERT_REDACT_HEADER} header`,
  schema: schemaRef('IlertConnector'),
  headers: ETAG,
};
const REDACT_HEADER = {
  name: ILERT_REDACT_HEADER,
  required: false,
  description: 'Any value: answer params redacted even to a key with the reveal permission (the web console always sends it)',
  schema: { type: 'string', examples: ['true'] },
} as const;
const ID_PARAM = { name: 'id', description: 'entity ID', schema: { type: 'string' } } as const;
const BODY = { required: true, description: 'the connector', schema: schemaRef('IlertConnectorInput') } as const;
const BAD_BODY = {
  400: 'Body is not a connector object (or malformed JSON), name or type missing, an unknown type, or a params field fails validation (named in the message)',
  413: 'Body larger than BODY_LIMIT',
  415: 'Body is not application/json',
};

/** The ilert REST API v2 connectors resource: id-based CRUD with paging. Handlers return the answer's JSON text. */
@Controller('api/connectors')
@UseGuards(ApiKeyGuard)
@ApiTags(OPENAPI_TAGS.ilert)
@ApiKeyProtected('ilert')
export class IlertController {
  constructor(
    private readonly connectors: ConnectorService,
    private readonly view: IlertViewService,
  ) {}

  @Get()
  @RequirePermission('read')
  @ApiOperation({ operationId: 'ilertListConnectors', summary: 'Get connectors.', description: 'One page, in creation order.' })
  @ApiQuery({
    name: 'start-index',
    required: false,
    description: 'an integer specifying the starting point (beginning with 0) when paging through a list of entities',
    schema: { type: 'integer', format: 'int32', minimum: 0, default: 0 },
  })
  @ApiQuery({
    name: 'max-results',
    required: false,
    description: 'the maximum number of results when paging through a list of entities.',
    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: ILERT_MAX_PAGE_SIZE, default: ILERT_DEFAULT_PAGE_SIZE },
  })
  @ApiHeader(REDACT_HEADER)
  @ApiOkResponse({ description: 'The connectors', schema: { type: 'array', items: schemaRef('IlertConnector') } })
  @ApiErrorResponses('ilert', { 400: 'start-index or max-results is not an integer in range' })
  @Header(...JSON_TYPE)
  list(@Query('start-index') startIndex: string | undefined, @Query('max-results') maxResults: string | undefined, @Req() request: FastifyRequest): string {
    const start = integerParam(startIndex, 'start-index', 0, 0, Number.MAX_SAFE_INTEGER);
    const max = integerParam(maxResults, 'max-results', ILERT_DEFAULT_PAGE_SIZE, 1, ILERT_MAX_PAGE_SIZE);
    return this.view.list(this.connectors.registry.page(start, max), this.reveals(request));
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('write')
  @ApiStorageErrors('ilert')
  @ApiOperation({ operationId: 'ilertCreateConnector', summary: 'Create a new connector.' })
  @ApiBody(BODY)
  @ApiHeader(REDACT_HEADER)
  @ApiCreatedResponse({ ...CONNECTOR, description: 'The newly created connector' })
  @ApiErrorResponses('ilert', { ...BAD_BODY, 409: 'A connector with that name exists, or the registry holds MAX_CONNECTORS connectors (LIMIT_EXCEEDED)' })
  @Header(...JSON_TYPE)
  async create(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const input = bodyOf(body);
    const record = await this.connectors.create({ name: input.name, type: input.type, config: paramsOf(input) }, actorOf(request, 'ilert'));
    return this.json(record, request, reply);
  }

  @Get('name/:name')
  @RequirePermission('read')
  @ApiOperation({ operationId: 'ilertGetConnectorByName', summary: 'Get a specific connector by its name.' })
  @ApiParam({ name: 'name', description: 'connector name (URL-encoded)', schema: { type: 'string' } })
  @ApiHeader(REDACT_HEADER)
  @ApiOkResponse(CONNECTOR)
  @ApiErrorResponses('ilert', { ...PATH_PARAMETER_ERRORS, 404: 'No connector with that name' })
  @Header(...JSON_TYPE)
  async byName(@Param('name') name: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const record = await this.connectors.find({ name });
    if (!record) throw new NotFoundError(`No connector named "${name}"`);
    return this.json(record, request, reply);
  }

  @Get(':id')
  @RequirePermission('read')
  @ApiOperation({ operationId: 'ilertGetConnector', summary: 'Get a specific connector.' })
  @ApiParam(ID_PARAM)
  @ApiHeader(REDACT_HEADER)
  @ApiOkResponse({ ...CONNECTOR, description: 'The requested connector' })
  @ApiErrorResponses('ilert', { ...PATH_PARAMETER_ERRORS, 404: 'No connector with that id' })
  @Header(...JSON_TYPE)
  async byId(@Param('id') id: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const record = await this.connectors.find({ id });
    if (!record) throw new NotFoundError(`No connector with id "${id}"`);
    return this.json(record, request, reply);
  }

  @Put(':id')
  @RequirePermission('write')
  @ApiStorageErrors('ilert')
  @ApiOperation({
    operationId: 'ilertUpdateConnector',
    summary: 'Update the specific connector. (note: type cannot be changed)',
    description: 'Redacted params sent back unchanged keep the stored secrets.',
  })
  @ApiParam(ID_PARAM)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiHeader(REDACT_HEADER)
  @ApiBody(BODY)
  @ApiOkResponse({ ...CONNECTOR, description: 'The updated connector' })
  @ApiErrorResponses('ilert', {
    ...PATH_PARAMETER_ERRORS,
    ...BAD_BODY,
    400: `${BAD_BODY[400]}, the type would change, or ${PATH_PARAMETER_ERRORS[400].toLowerCase()}`,
    404: 'No connector with that id',
    409: `Another connector has that name, the connector comes from a file the config file includes ($include), or ${CONCURRENT_CHANGE}`,
    412: PRECONDITION_FAILED,
  })
  @Header(...JSON_TYPE)
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const input = bodyOf(body);
    const precondition = preconditionOf(request.headers['if-match']);
    const record = await this.connectors.update(id, { name: input.name, type: input.type, config: paramsOf(input) }, actorOf(request, 'ilert'), precondition);
    return this.json(record, request, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('write')
  @ApiStorageErrors('ilert')
  @ApiOperation({ operationId: 'ilertDeleteConnector', summary: 'Remove a specific connector.' })
  @ApiParam(ID_PARAM)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'Empty body delete response' })
  @ApiErrorResponses('ilert', {
    ...PATH_PARAMETER_ERRORS,
    404: 'No connector with that id',
    409: `The connector comes (wholly or partly) from a file the config file includes ($include): change it there; or ${CONCURRENT_CHANGE}`,
    412: PRECONDITION_FAILED,
  })
  async remove(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    const precondition = preconditionOf(request.headers['if-match']);
    if (!(await this.connectors.remove(id, actorOf(request, 'ilert'), precondition))) throw new NotFoundError(`No connector with id "${id}"`);
  }

  /** In clear only to a key that may reveal and did not ask for redacted answers (the web console always asks). */
  private reveals(request: FastifyRequest): boolean {
    return (request.principal?.permissions.has('reveal') ?? false) && request.headers[ILERT_REDACT_HEADER] === undefined;
  }

  /** A single connector's answer, with its entity tag. */
  private json(record: ConnectorRecord, request: FastifyRequest, reply: FastifyReply): string {
    void reply.header('etag', entityTagOf(record));
    return this.view.json(record, this.reveals(request));
  }
}
