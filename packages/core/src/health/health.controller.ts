import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConnectorService } from '../connectors/connector.service.js';
import { OPENAPI_TAGS } from '../openapi/openapi.decorators.js';
import { schemaRef } from '../openapi/openapi-schemas.js';

/** Liveness and readiness for load balancers and orchestrators; no auth, no data. */
@Controller()
@ApiTags(OPENAPI_TAGS.health)
export class HealthController {
  constructor(private readonly connectors: ConnectorService) {}

  @Get('health')
  @ApiOperation({ operationId: 'health', summary: 'Liveness', description: 'Answers while the process serves HTTP. No API key needed.' })
  @ApiOkResponse({ description: 'Alive', schema: schemaRef('HealthResponse') })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ operationId: 'ready', summary: 'Readiness', description: 'Answers once the registry is loaded from its store. No API key needed.' })
  @ApiOkResponse({ description: 'Ready', schema: schemaRef('ReadyResponse') })
  ready(): { status: 'ready'; store: string; connectors: number } {
    const registry = this.connectors.registry;
    return { status: 'ready', store: registry.store.description, connectors: registry.size };
  }
}
