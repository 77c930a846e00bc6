import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../auth/permissions.js';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { isPlainObject } from '@switchboard/sdk';
import { normaliseConnectorName } from '../connectors/connector-names.js';
import { assertPlainObject, ConnectorService } from '../connectors/connector.service.js';
import { InvalidInputError } from '../errors.js';
import { ElizaViewService } from './eliza-view.service.js';

/** The Eliza agent runtime's connectors API: a name-keyed map, always redacted. */
@Controller('api/connectors')
@UseGuards(ApiKeyGuard)
export class ElizaController {
  constructor(
    private readonly connectors: ConnectorService,
    private readonly view: ElizaViewService,
  ) {}

  @Get()
  @RequirePermission('read')
  list(@Res() reply: FastifyReply): void {
    this.send(reply);
  }

  @Post()
  @HttpCode(200)
  @RequirePermission('write')
  async put(@Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    if (!isPlainObject(body)) throw new InvalidInputError('Request body must be a JSON object with "name" and "config"');
    const name = normaliseConnectorName(body.name);
    const config = assertPlainObject(body.config, 'Missing connector config: "config" must be a JSON object');
    await this.connectors.putByName(name, config);
    this.send(reply);
  }

  @Delete(':name')
  @RequirePermission('write')
  async remove(@Param('name') name: string, @Res() reply: FastifyReply): Promise<void> {
    await this.connectors.removeByName(name);
    this.send(reply);
  }

  private send(reply: FastifyReply): void {
    void reply.status(200).header('content-type', 'application/json; charset=utf-8').send(this.view.body());
  }
}
