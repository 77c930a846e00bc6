import { Controller, Get } from '@nestjs/common';
import { ConnectorService } from '../connectors/connector.service.js';

/** Liveness and readiness for load balancers and orchestrators; no auth, no data. */
@Controller()
export class HealthController {
  constructor(private readonly connectors: ConnectorService) {}

  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  ready(): { status: 'ready'; store: string; connectors: number } {
    const registry = this.connectors.registry;
    return { status: 'ready', store: registry.store.description, connectors: registry.size };
  }
}
