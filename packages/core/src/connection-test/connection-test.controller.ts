import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { ConnectionTestResult, ConnectionTestResults } from '@switchboard/schemas';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../audit/audit.controller.js';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { RequirePermission } from '../auth/permissions.js';
import { bodyOf, paramsOf } from '../ilert/ilert-input.js';
import { ApiErrorResponses, ApiKeyProtected, OPENAPI_TAGS, PATH_PARAMETER_ERRORS } from '../openapi/openapi.decorators.js';
import { schemaRef } from '../openapi/openapi-schemas.js';
import { type ConnectionTestSummary, ConnectionTestService } from './connection-test.service.js';

const RESULT = { description: 'The test ran (whatever its outcome: see `status`)', schema: schemaRef('ConnectionTestResult') };
const NAME_PARAM = { name: 'name', description: 'Connector name (URL-encoded)', schema: { type: 'string' } } as const;
const SENDS_SECRET = 'Sends the stored credentials to the platform, so it needs the `write` permission. Audited (who, which connector, outcome).';

/** Connection tests on the Eliza side of the API: by connector name, of every connector, and of an unsaved form by type. */
@Controller('api')
@UseGuards(ApiKeyGuard)
@ApiTags(OPENAPI_TAGS.tests)
@ApiKeyProtected('eliza')
export class ConnectionTestController {
  constructor(private readonly tests: ConnectionTestService) {}

  @Post('connectors/test')
  @HttpCode(200)
  @RequirePermission('write')
  @ApiOperation({
    operationId: 'testAllConnectors',
    summary: 'Test every stored connector',
    description: `A few at a time; each result is kept as the connector's last. ${SENDS_SECRET}`,
  })
  @ApiOkResponse({ description: 'How each connector fared', schema: schemaRef('ConnectionTestSummary') })
  testAll(@Req() request: FastifyRequest): Promise<ConnectionTestSummary> {
    return this.tests.testAll(actorOf(request, 'eliza'));
  }

  @Get('connectors/test')
  @RequirePermission('read')
  @ApiOperation({
    operationId: 'lastConnectorTests',
    summary: 'The last test result of every stored connector',
    description: 'By connector name; a connector not tested since its secrets last changed is absent.',
  })
  @ApiOkResponse({
    description: 'The last results',
    schema: schemaRef('ConnectionTestResults'),
  })
  async lastAll(): Promise<ConnectionTestResults> {
    return { results: await this.tests.lastResults() };
  }

  @Post('connectors/:name/test')
  @HttpCode(200)
  @RequirePermission('write')
  @ApiOperation({
    operationId: 'testConnector',
    summary: "Test a stored connector's credentials against its platform",
    description: `The result is kept as the connector's last (GET answers it) until its secrets change. ${SENDS_SECRET}`,
  })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse(RESULT)
  @ApiErrorResponses('eliza', {
    ...PATH_PARAMETER_ERRORS,
    400: `Missing or invalid connector name, or ${PATH_PARAMETER_ERRORS[400].toLowerCase()}`,
    404: 'No connector with that name',
  })
  test(@Param('name') name: string, @Req() request: FastifyRequest): Promise<ConnectionTestResult> {
    return this.tests.testByName(name, actorOf(request, 'eliza'));
  }

  @Get('connectors/:name/test')
  @RequirePermission('read')
  @ApiOperation({ operationId: 'lastConnectorTest', summary: 'The last test result of a stored connector' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ ...RESULT, description: 'The last result' })
  @ApiErrorResponses('eliza', { ...PATH_PARAMETER_ERRORS, 404: 'No connector with that name, or not tested since its secrets last changed' })
  last(@Param('name') name: string): Promise<ConnectionTestResult> {
    return this.tests.lastByName(name);
  }

  @Post('connector-types/:type/test')
  @HttpCode(200)
  @RequirePermission('write')
  @ApiOperation({
    operationId: 'testUnsavedConfig',
    summary: 'Test a config before saving it',
    description:
      'Masked values (`****`, `[REDACTED]`, or the mask served) are filled from the stored connector `name`, so an edited form can be tested without typing its secrets again. Checked as a save would be (same 400s). The result is not kept. ' +
      SENDS_SECRET,
  })
  @ApiParam({ name: 'type', description: 'Connector type or alias', schema: { type: 'string' } })
  @ApiBody({
    required: true,
    schema: {
      type: 'object',
      required: ['config'],
      properties: {
        config: { type: 'object', description: 'The config as the form holds it' },
        name: { type: 'string', description: 'A stored connector of this type whose secrets fill masked values' },
      },
    },
  })
  @ApiOkResponse(RESULT)
  @ApiErrorResponses('eliza', {
    ...PATH_PARAMETER_ERRORS,
    400: `Body without a config object, a config the plugin refuses (field named), a mask with no stored secret to fill it, or ${PATH_PARAMETER_ERRORS[400].toLowerCase()}`,
    404: 'No such connector type, or no connector with that name',
    413: 'Body larger than BODY_LIMIT',
    415: 'Body is not application/json',
  })
  testUnsaved(@Param('type') type: string, @Body() body: unknown, @Req() request: FastifyRequest): Promise<ConnectionTestResult> {
    return this.tests.testUnsaved(type, body, actorOf(request, 'eliza'));
  }
}

/** The ilert surface's tests: a stored connector by id, and an unsaved connector body; errors in the ilert shape. */
@Controller('api/connectors')
@UseGuards(ApiKeyGuard)
@ApiTags(OPENAPI_TAGS.ilert)
@ApiKeyProtected('ilert')
export class IlertConnectionTestController {
  constructor(private readonly tests: ConnectionTestService) {}

  // A static segment: the router prefers it to `:id`, and no other POST has two segments here.
  @Post('test')
  @HttpCode(200)
  @RequirePermission('write')
  @ApiOperation({
    operationId: 'ilertTestUnsavedConnector',
    summary: 'Test a connector before saving it.',
    description:
      'The body is the connector as a create or update takes it (`type`, `params`; `name`, `createdAt`, `updatedAt` ignored). Masked params are filled from the stored connector `id` when given, so an edited connector can be tested without typing its secrets again. Checked as a save would be (same 400s). The result is not kept. ' +
      SENDS_SECRET,
  })
  @ApiBody({
    required: true,
    description: 'the connector, as the form holds it',
    schema: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { type: 'string', minLength: 1, description: 'Connector type', examples: ['jira'] },
        params: { type: ['object', 'null'], description: 'The connector config; a param sent as "" counts as absent' },
        id: { type: 'string', description: 'A stored connector of this type whose secrets fill masked params' },
        name: { type: 'string', description: 'Ignored' },
      },
      additionalProperties: true,
    },
  })
  @ApiOkResponse(RESULT)
  @ApiErrorResponses('ilert', {
    400: 'Body is not a connector object (or malformed JSON), type missing or unknown, a params field fails validation (named in the message), the connector `id` is of another type, or a mask with no stored secret to fill it',
    404: 'No connector with that id',
    413: 'Body larger than BODY_LIMIT',
    415: 'Body is not application/json',
  })
  testUnsaved(@Body() body: unknown, @Req() request: FastifyRequest): Promise<ConnectionTestResult> {
    const input = bodyOf(body);
    return this.tests.testUnsavedById({ type: input.type, params: paramsOf(input), id: input.id }, actorOf(request, 'ilert'));
  }

  @Post(':id/test')
  @HttpCode(200)
  @RequirePermission('write')
  @ApiOperation({
    operationId: 'ilertTestConnector',
    summary: "Test a connector's credentials against its platform.",
    description: `The result is kept as the connector's last until its secrets change. ${SENDS_SECRET}`,
  })
  @ApiParam({ name: 'id', description: 'entity ID', schema: { type: 'string' } })
  @ApiOkResponse(RESULT)
  @ApiErrorResponses('ilert', { ...PATH_PARAMETER_ERRORS, 404: 'No connector with that id' })
  test(@Param('id') id: string, @Req() request: FastifyRequest): Promise<ConnectionTestResult> {
    return this.tests.testById(id, actorOf(request, 'ilert'));
  }
}
