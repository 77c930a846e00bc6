import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../audit/audit.controller.js';
import { RequirePermission } from '../auth/permissions.js';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { ConnectorService } from '../connectors/connector.service.js';
import { preconditionOf } from '../connectors/entity-tag.js';
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
import { ELIZA_WARNING_HEADER, putElizaConnector, warnIfUnmatched } from './eliza-put.js';
import { type AnswerHeaders, ELIZA_ANSWER_HEADERS, type ElizaBody, elizaBodyWriter, ElizaViewService } from './eliza-view.service.js';

const CONNECTORS_MAP = { description: 'Every configured connector by name, secrets redacted', schema: schemaRef('ElizaConnectorsResponse') };

/**
 * The Eliza agent runtime's connectors API: a name-keyed map, always redacted. This controller is the
 * one home of its routes. GET and POST are also declared fast paths (eliza-fast-paths.ts): route
 * hooks that apply this controller's guard rule with the permission declared here and then call the
 * same method, before Nest's router plumbing; boot fails if a method gains an enhancer they do not apply.
 *
 * Raw replies (`@Res()`) here only: every answer is the precomputed (possibly gzipped) map buffer,
 * written by one writer for both ways in, which must bypass Fastify's send on the fast path.
 */
@Controller('api/connectors')
@UseGuards(ApiKeyGuard)
@ApiTags(OPENAPI_TAGS.eliza)
@ApiKeyProtected('eliza')
export class ElizaController {
  private readonly write: (body: ElizaBody, request: FastifyRequest, reply: FastifyReply) => void;

  constructor(
    private readonly connectors: ConnectorService,
    private readonly view: ElizaViewService,
    @Inject(ELIZA_ANSWER_HEADERS) answerHeaders: AnswerHeaders,
  ) {
    this.write = elizaBodyWriter(answerHeaders);
  }

  @Get()
  @RequirePermission('read')
  @ApiOperation({ operationId: 'elizaListConnectors', summary: 'List all configured connectors', description: 'Secrets are redacted.' })
  @ApiOkResponse(CONNECTORS_MAP)
  list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.send(request, reply);
  }

  @Post()
  @HttpCode(200)
  @RequirePermission('write')
  @ApiStorageErrors('eliza')
  @ApiOperation({
    operationId: 'elizaPutConnector',
    summary: 'Add or update a connector',
    description:
      'Stores `config` under `name` (replacing what was there) and answers the whole redacted map. A redacted value sent back unchanged keeps the stored secret.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ required: true, schema: schemaRef('ElizaPutConnectorRequest') })
  @ApiOkResponse({
    ...CONNECTORS_MAP,
    headers: {
      [ELIZA_WARNING_HEADER]: {
        description:
          'Present when the name matches no connector plugin: the config was stored unchecked and the runtime starts no connector for it; names the closest types',
        schema: { type: 'string' },
      },
    },
  })
  @ApiErrorResponses('eliza', {
    400: 'Missing or reserved name, missing config object, malformed JSON, or a config field that fails validation (named in the message)',
    409:
      'A new name while the registry holds MAX_CONNECTORS connectors (LIMIT_EXCEEDED); the connector comes (wholly or partly) ' +
      `from a file the config file includes ($include): change it there; or ${CONCURRENT_CHANGE}`,
    412: PRECONDITION_FAILED,
    413: 'Body larger than BODY_LIMIT',
    415: 'Body is not application/json',
  })
  async put(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const precondition = preconditionOf(request.headers['if-match']);
    warnIfUnmatched(await putElizaConnector(this.connectors, body, actorOf(request, 'eliza'), precondition), request, reply);
    this.send(request, reply);
  }

  @Delete(':name')
  @RequirePermission('write')
  @ApiStorageErrors('eliza')
  @ApiOperation({
    operationId: 'elizaDeleteConnector',
    summary: 'Remove a connector',
    description: 'Also removes it from the legacy `channels` key. Removing an absent name succeeds too.',
  })
  @ApiParam({ name: 'name', description: 'Connector name (URL-encoded)', schema: { type: 'string' } })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse(CONNECTORS_MAP)
  @ApiErrorResponses('eliza', {
    ...PATH_PARAMETER_ERRORS,
    400: `Missing or invalid connector name, or ${PATH_PARAMETER_ERRORS[400].toLowerCase()}`,
    409: `The connector comes (wholly or partly) from a file the config file includes ($include): change it there; or ${CONCURRENT_CHANGE}`,
    412: PRECONDITION_FAILED,
  })
  async remove(@Param('name') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.connectors.removeByName(name, actorOf(request, 'eliza'), preconditionOf(request.headers['if-match']));
    this.send(request, reply);
  }

  private send(request: FastifyRequest, reply: FastifyReply): void {
    this.write(this.view.body(), request, reply);
  }
}
