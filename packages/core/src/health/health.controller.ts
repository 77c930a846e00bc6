import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { authorize } from '../auth/api-key.guard.js';
import { ApiKeyRing } from '../auth/api-key-ring.js';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'ready',
    summary: 'Readiness',
    description:
      'Answers once the registry is loaded from its store. No API key needed; where the store is (the config file\'s path, the database) only to a caller that may read connectors.',
  })
  @ApiOkResponse({ description: 'Ready', schema: schemaRef('ReadyResponse') })
  ready(@Req() request: FastifyRequest): { status: 'ready'; store: string; connectors: number } {
    const { store, size } = this.connectors.registry;
    return { status: 'ready', store: this.mayRead(request) ? store.description : store.kind, connectors: size };
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
