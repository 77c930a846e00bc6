import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, RouterModule } from '@nestjs/core';
import { DEFAULT_TEST_TIMEOUT_MS, NetworkPolicy } from '@switchboard/sdk/connection-test';
import { AuditController } from './audit/audit.controller.js';
import { AuditLog } from './audit/audit-log.js';
import { ApiKeyGuard } from './auth/api-key.guard.js';
import { ApiKeyRing } from './auth/api-key-ring.js';
import { WhoAmIController } from './auth/whoami.controller.js';
import { CatalogController } from './catalog/catalog.controller.js';
import { ConnectionTestController, IlertConnectionTestController } from './connection-test/connection-test.controller.js';
import { ConnectionTestService, type ConnectionTestServiceOptions } from './connection-test/connection-test.service.js';
import { ConnectorService } from './connectors/connector.service.js';
import type { ConnectorLimits } from './connectors/limits.js';
import { ElizaController } from './eliza/eliza.controller.js';
import { type AnswerHeaders, ELIZA_ANSWER_HEADERS, ElizaViewService } from './eliza/eliza-view.service.js';
import { HealthController } from './health/health.controller.js';
import type { ChangeHistory } from './history/change-history.js';
import { ChangeFeedSettings, EventsController } from './history/events.controller.js';
import { RevisionsController } from './history/revisions.controller.js';
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
  /** MAX_NAME_LENGTH, MAX_CONFIG_DEPTH, MAX_CONNECTORS; defaults for those not given. */
  limits?: Partial<ConnectorLimits>;
  /** The audit trail (GET /api/audit); an in-memory one when not given. */
  audit?: AuditLog;
  /**
   * How connection tests run and where their results are kept; when not given, under the default
   * network rules and time limit with results in memory. The host calls the service's start() after init.
   */
  connectionTests?: ConnectionTestServiceOptions;
  /**
   * Revisions and the change feed (GET /api/events, /api/connectors/:name/revisions); those routes
   * are mounted only with it. `heartbeatMs`: EVENTS_HEARTBEAT_MS.
   */
  history?: { history: ChangeHistory; heartbeatMs?: number };
  /**
   * The security headers the host adds to every API answer (in an onSend hook). The Eliza answers
   * are written past onSend (one writer for the controller and its fast paths), so they add these
   * themselves; none when not given.
   */
  answerHeaders?: AnswerHeaders;
}

@Module({ controllers: [IlertController, IlertConnectionTestController], providers: [IlertViewService, ApiKeyGuard] })
class IlertModule {}

/** Both API surfaces, the catalog and health, over one registry. */
@Module({})
export class SwitchboardModule {
  static forRoot(options: SwitchboardOptions): DynamicModule {
    const prefix = options.ilertPrefix.replace(/\/+$/, '');
    const audit = options.audit ?? AuditLog.inMemory();
    const connectors = new ConnectorService(options.registry, { limits: options.limits, audit, history: options.history?.history });
    options.history?.history.listen(options.registry.store);
    const historyControllers = options.history ? [RevisionsController, EventsController] : [];
    const tests = new ConnectionTestService(
      connectors,
      options.connectionTests ?? { settings: { policy: NetworkPolicy.create(), timeoutMs: DEFAULT_TEST_TIMEOUT_MS } },
    );
    return {
      module: SwitchboardModule,
      global: true,
      imports: [IlertModule, RouterModule.register([{ path: prefix, module: IlertModule }])],
      controllers: [ElizaController, ConnectionTestController, CatalogController, HealthController, AuditController, WhoAmIController, ...historyControllers],
      providers: [
        { provide: ConnectorService, useValue: connectors },
        { provide: ConnectionTestService, useValue: tests },
        { provide: AuditLog, useValue: audit },
        { provide: ApiKeyRing, useValue: options.keys },
        { provide: APP_FILTER, useValue: new SurfaceErrorFilter(prefixSurfaceResolver(prefix)) },
        { provide: ChangeFeedSettings, useValue: new ChangeFeedSettings(options.history?.heartbeatMs) },
        { provide: ELIZA_ANSWER_HEADERS, useValue: options.answerHeaders ?? {} },
        ElizaViewService,
        ApiKeyGuard,
      ],
      exports: [ConnectorService, ConnectionTestService, ApiKeyRing],
    };
  }
}
