import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../audit/audit.controller.js';
import { RequirePermission } from '../auth/permissions.js';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { ConnectorService } from '../connectors/connector.service.js';
import { ApiErrorResponses, ApiKeyProtected, OPENAPI_TAGS } from '../openapi/openapi.decorators.js';
import { schemaRef } from '../openapi/openapi-schemas.js';
import { putElizaConnector } from './eliza-put.js';
import { ElizaViewService, sendElizaBody } from './eliza-view.service.js';

const CONNECTORS_MAP = { description: 'Every configured connector by name, secrets redacted', schema: schemaRef('ElizaConnectorsResponse') };

/**
 * The Eliza agent runtime's connectors API: a name-keyed map, always redacted. GET and POST are
 * answered before this controller by the fast paths (eliza-fast-paths.ts), which share its rule, checks
 * and answer; the methods here document them and serve any request the hooks let through.
 */
@Controller('api/connectors')
@UseGuards(ApiKeyGuard)
@ApiTags(OPENAPI_TAGS.eliza)
@ApiKeyProtected('eliza')
export class ElizaController {
  constructor(
    private readonly connectors: ConnectorService,
    private readonly view: ElizaViewService,
  ) {}

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
  @ApiOperation({
    operationId: 'elizaPutConnector',
    summary: 'Add or update a connector',
    description:
      'Stores `config` under `name` (replacing what was there) and answers the whole redacted map. A redacted value sent back unchanged keeps the stored secret.',
  })
  @ApiBody({ required: true, schema: schemaRef('ElizaPutConnectorRequest') })
  @ApiOkResponse(CONNECTORS_MAP)
  @ApiErrorResponses('eliza', {
    400: 'Missing or reserved name, missing config object, or a config field that fails validation (named in the message)',
    413: 'Body larger than BODY_LIMIT',
    415: 'Body is not application/json',
    409: 'The connector comes (wholly or partly) from a file the config file includes ($include): change it there',
  })
  async put(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await putElizaConnector(this.connectors, body, actorOf(request, 'eliza'));
    this.send(request, reply);
  }

  @Delete(':name')
  @RequirePermission('write')
  @ApiOperation({
    operationId: 'elizaDeleteConnector',
    summary: 'Remove a connector',
    description: 'Also removes it from the legacy `channels` key. Removing an absent name succeeds too.',
  })
  @ApiParam({ name: 'name', description: 'Connector name (URL-encoded)', schema: { type: 'string' } })
  @ApiOkResponse(CONNECTORS_MAP)
  @ApiErrorResponses('eliza', { 400: 'Missing or invalid connector name', 409: 'The connector comes (wholly or partly) from a file the config file includes ($include): change it there' })
  async remove(@Param('name') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.connectors.removeByName(name, actorOf(request, 'eliza'));
    this.send(request, reply);
  }

  private send(request: FastifyRequest, reply: FastifyReply): void {
    sendElizaBody(this.view.body(), request, reply);
  }
}
