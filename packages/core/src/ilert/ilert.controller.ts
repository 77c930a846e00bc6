import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res, UseGuards } from '@nestjs/common';
import { isPlainObject } from '@switchboard/sdk';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { RequirePermission } from '../auth/permissions.js';
import { ConnectorService } from '../connectors/connector.service.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { ConnectorRecord } from '../registry/connector-record.js';
import { IlertViewService } from './ilert-view.service.js';

export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 50;

function integerParam(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new InvalidInputError(`Query parameter ${name} must be an integer from ${min} to ${max}`);
  }
  return Number(raw);
}

/** ilert sends `""` for a param the user left unset: it is treated as absent. */
function paramsOf(body: Record<string, unknown>): Record<string, unknown> {
  const { params } = body;
  if (params === undefined || params === null) return {};
  if (!isPlainObject(params)) throw new InvalidInputError('params must be a JSON object');
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== ''));
}

function bodyOf(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw new InvalidInputError('Request body must be a JSON connector object');
  return body;
}

/** The ilert REST API v2 connectors resource: id-based CRUD with paging. */
@Controller('api/connectors')
@UseGuards(ApiKeyGuard)
export class IlertController {
  constructor(
    private readonly connectors: ConnectorService,
    private readonly view: IlertViewService,
  ) {}

  @Get()
  @RequirePermission('read')
  list(
    @Query('start-index') startIndex: string | undefined,
    @Query('max-results') maxResults: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const start = integerParam(startIndex, 'start-index', 0, 0, Number.MAX_SAFE_INTEGER);
    const max = integerParam(maxResults, 'max-results', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    this.send(reply, 200, this.view.list(this.connectors.registry.page(start, max), this.reveals(request)));
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('write')
  async create(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const input = bodyOf(body);
    const record = await this.connectors.create({ name: input.name, type: input.type, config: paramsOf(input) });
    this.sendRecord(reply, 201, record, request);
  }

  @Get('name/:name')
  @RequirePermission('read')
  byName(@Param('name') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const record = this.connectors.registry.getByName(name);
    if (!record) throw new NotFoundError(`No connector named "${name}"`);
    this.sendRecord(reply, 200, record, request);
  }

  @Get(':id')
  @RequirePermission('read')
  byId(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.sendRecord(reply, 200, this.find(id), request);
  }

  @Put(':id')
  @RequirePermission('write')
  async update(@Param('id') id: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const input = bodyOf(body);
    const record = await this.connectors.update(id, { name: input.name, type: input.type, config: paramsOf(input) });
    this.sendRecord(reply, 200, record, request);
  }

  @Delete(':id')
  @RequirePermission('write')
  async remove(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    if (!(await this.connectors.remove(id))) throw new NotFoundError(`No connector with id "${id}"`);
    void reply.status(204).send();
  }

  private find(id: string): ConnectorRecord {
    const record = this.connectors.registry.getById(id);
    if (!record) throw new NotFoundError(`No connector with id "${id}"`);
    return record;
  }

  private reveals(request: FastifyRequest): boolean {
    return request.principal?.permissions.has('reveal') ?? false;
  }

  private sendRecord(reply: FastifyReply, status: number, record: ConnectorRecord, request: FastifyRequest): void {
    this.send(reply, status, this.view.json(record, this.reveals(request)));
  }

  private send(reply: FastifyReply, status: number, json: string): void {
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(json);
  }
}
