import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, RouterModule } from '@nestjs/core';
import { ApiKeyGuard } from './auth/api-key.guard.js';
import { ApiKeyRing } from './auth/api-key-ring.js';
import { CatalogController } from './catalog/catalog.controller.js';
import { ConnectorService } from './connectors/connector.service.js';
import { ElizaController } from './eliza/eliza.controller.js';
import { ElizaViewService } from './eliza/eliza-view.service.js';
import { HealthController } from './health/health.controller.js';
import { SurfaceErrorFilter } from './http/error-filter.js';
import { prefixSurfaceResolver } from './http/surface.js';
import { IlertController } from './ilert/ilert.controller.js';
import { IlertViewService } from './ilert/ilert-view.service.js';
import type { ConnectorRegistry } from './registry/connector-registry.js';

export interface SwitchboardOptions {
  registry: ConnectorRegistry;
  keys: ApiKeyRing;
  /** Where the ilert surface is mounted, e.g. `/ilert` (its routes are then `/ilert/api/connectors`). */
  ilertPrefix: string;
}

@Module({ controllers: [IlertController], providers: [IlertViewService, ApiKeyGuard] })
class IlertModule {}

/** Both API surfaces, the catalog and health, over one registry. */
@Module({})
export class SwitchboardModule {
  static forRoot(options: SwitchboardOptions): DynamicModule {
    const prefix = options.ilertPrefix.replace(/\/+$/, '');
    return {
      module: SwitchboardModule,
      global: true,
      imports: [IlertModule, RouterModule.register([{ path: prefix, module: IlertModule }])],
      controllers: [ElizaController, CatalogController, HealthController],
      providers: [
        { provide: ConnectorService, useValue: new ConnectorService(options.registry) },
        { provide: ApiKeyRing, useValue: options.keys },
        { provide: APP_FILTER, useValue: new SurfaceErrorFilter(prefixSurfaceResolver(prefix)) },
        ElizaViewService,
        ApiKeyGuard,
      ],
      exports: [ConnectorService, ApiKeyRing],
    };
  }
}
