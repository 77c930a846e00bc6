import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HealthResponse, ReadyResponse } from '@switchboard/schemas';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../auth/api-key.guard.js';
import { ApiKeyRing } from '../auth/api-key-ring.js';
import { ConnectorService } from '../connectors/connector.service.js';
import { ApiErrorResponses, OPENAPI_TAGS } from '../openapi/openapi.decorators.js';
import { schemaRef } from '../openapi/openapi-schemas.js';

/** Liveness and readiness for load balancers and orchestrators; no auth, no data. */
@Controller()
@ApiTags(OPENAPI_TAGS.health)
@ApiErrorResponses('eliza', { 403: 'Without API keys, a request not addressed to a loopback name (Host): the DNS-rebinding guard' })
export class HealthController {
  constructor(
    private readonly connectors: ConnectorService,
    private readonly keys: ApiKeyRing,
  ) {}

  @Get('health')
  @ApiOperation({ operationId: 'health', summary: 'Liveness', description: 'Answers while the process serves HTTP. No API key needed.' })
  @ApiOkResponse({ description: 'Alive', schema: schemaRef('HealthResponse') })
  health(): HealthResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'ready',
    summary: 'Readiness',
    description:
      'Answers 200 once the registry is loaded from its store and while the store can persist writes; 503 while it cannot ' +
      '(disk full, read-only), with the reason, until a write or a periodic probe succeeds. No API key needed; where the ' +
      "store is (the config file's path, the database) only to a caller that may read connectors.",
  })
  @ApiOkResponse({ description: 'Ready', schema: schemaRef('ReadyResponse') })
  @ApiResponse({
    status: 503,
    description: 'Not ready: the store cannot persist writes now',
    content: { 'application/json': { schema: schemaRef('ReadyResponse') } },
  })
  ready(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): ReadyResponse {
    const registry = this.connectors.registry;
    const store = registry.store;
    const readiness = store.readiness?.() ?? { ready: true };
    const where = this.mayRead(request) ? store.description : store.kind;
    const answer: ReadyResponse = { status: readiness.ready ? 'ready' : 'not ready', store: where, connectors: registry.size };
    if (!readiness.ready) {
      void reply.status(503);
      if (readiness.reason !== undefined) answer.reason = readiness.reason;
    }
    return answer;
  }

  /** The API's own read rule (a key with `read`; anyone when no keys are configured), without refusing. */
  private mayRead(request: FastifyRequest): boolean {
    try {
      authorize(this.keys, request, 'read');
      return true;
    } catch {
      return false;
    }
  }
}
