import 'reflect-metadata';
import compress from '@fastify/compress';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type ApiKeyRing,
  AuditLog,
  ChangeHistory,
  ConnectionTestService,
  ConnectorService,
  ConnectorRegistry,
  type ConnectorStore,
  ElizaController,
  EventHub,
  FileHistoryStore,
  filesBesideConfig,
  FileTestResultStore,
  type HistoryStore,
  MemoryTestResultStore,
  PinoNestLogger,
  PostgresAuditStorage,
  PostgresHistoryStore,
  SecretKeyRing,
  PostgresTestResultStore,
  PluginCatalog,
  prefixSurfaceResolver,
  registerElizaFastPaths,
  registerJsonBodyParser,
  registerMethodNotAllowed,
  requestLogSerializer,
  SwitchboardModule,
  type TestResultStore,
} from '@switchboard/core';
import type { ConnectorPlugin } from '@switchboard/sdk';
import { type DestinationStream, pino } from 'pino';
import { loadApiKeys } from './api-keys.js';
import { type ApiEnv, isLoopbackHost } from './env.js';
import { fileStoreOptions } from './file-store-options.js';
import { registerHttpControls } from './http/controls.js';
import { frameworkErrorHandler } from './http/framework-errors.js';
import { ReadSummary, RequestLogController } from './http/request-log.js';
import { securityHeadersRule } from './http/security-headers.js';
import { setUpOpenApi } from './openapi.js';
import { createStore } from './store.js';
import { registerWebConsole } from './web-console.js';

export interface ServerOptions {
  plugins: ConnectorPlugin[];
  /** Where log lines go (tests capture them); stdout by default. */
  logDestination?: DestinationStream;
  /** Another store than the Eliza config file. */
  store?: ConnectorStore;
  /** The web console's built files (default: apps/web/dist of this workspace). */
  webConsoleDir?: string;
}

export interface Server {
  app: NestFastifyApplication;
  registry: ConnectorRegistry;
  /** Listens on env.host:env.port; resolves with the address. */
  listen(): Promise<string>;
  /** Stops taking requests, finishes those in flight, and waits until every write is durable. */
  close(): Promise<void>;
}

// Header values that could carry a credential are never logged.
const LOG_REDACT = ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'];

/**
 * Where revisions are kept: PostgreSQL's table, or a file beside the config file. The fingerprint
 * key is derived from the encryption key when one is set (every instance derives the same), else
 * the store keeps a random one. A store given by the caller (tests, CLI) keeps them beside nothing:
 * in a file only when the config path is its own.
 */
async function openHistoryStore(env: ApiEnv, derivedKey: Buffer | undefined, warn: (message: string) => void): Promise<HistoryStore> {
  const retention = env.history.retention;
  if (env.databaseUrl) return PostgresHistoryStore.open(env.databaseUrl, { retention, derivedKey, warn });
  const { revisions, revisionsKey } = filesBesideConfig(env.configPath);
  return FileHistoryStore.open(revisions, { retention, derivedKey, keyFile: revisionsKey, warn });
}

/** SWITCHBOARD_PLATFORM_URLS keyed by plugin type (an alias may name it); a name no plugin has stops boot. */
function platformOrigins(env: ApiEnv, catalog: PluginCatalog): Map<string, string> {
  const origins = new Map<string, string>();
  for (const [name, origin] of env.connectionTests.platformUrls) {
    const plugin = catalog.resolve(name);
    if (!plugin) throw new Error(`SWITCHBOARD_PLATFORM_URLS names "${name}", which is not the type of a loaded connector plugin`);
    origins.set(plugin.type, origin);
  }
  return origins;
}

export async function createServer(env: ApiEnv, options: ServerOptions): Promise<Server> {
  const keys: ApiKeyRing = await loadApiKeys(env);
  if (!keys.enabled && !isLoopbackHost(env.host) && !env.allowPublicWithoutAuth) {
    throw new Error(
      `refusing to listen on ${env.host} without API keys: set SWITCHBOARD_API_KEYS, or SWITCHBOARD_ALLOW_PUBLIC_WITHOUT_AUTH=true to accept anyone`,
    );
  }
  // The request serializer masks query values (a key or token a client put in the URL); Fastify
  // takes a logger's own serializers over its defaults.
  const logger = pino(
    { level: env.logLevel, redact: { paths: LOG_REDACT, censor: '[REDACTED]' }, serializers: { req: requestLogSerializer } },
    options.logDestination,
  );
  const catalog = new PluginCatalog(options.plugins);
  const store =
    options.store ??
    createStore(
      env,
      (message) => logger.warn(message),
      fileStoreOptions(env, catalog, { info: (message) => logger.info(message), warn: (message) => logger.warn(message) }),
    );
  const origins = platformOrigins(env, catalog);
  const registry = await ConnectorRegistry.open(store, catalog);
  // With the file store the trail is appended beside the config file and survives restarts; with
  // PostgreSQL (several instances) it is kept in the database, so every instance lists every entry.
  const sharedAudit =
    !options.store && env.databaseUrl
      ? new PostgresAuditStorage(env.databaseUrl, {
          retentionDays: env.auditRetentionDays,
          maxEntries: env.auditMaxEntries,
          warn: (message) => logger.warn(message),
        })
      : undefined;
  const audit = await AuditLog.open({
    capacity: env.auditMemoryEntries,
    file: options.store || env.databaseUrl ? undefined : filesBesideConfig(env.configPath).audit,
    retentionDays: env.auditRetentionDays,
    maxEntries: env.auditMaxEntries,
    shared: sharedAudit,
    log: (entry) => logger.info({ audit: entry }, `audit: ${entry.action} connector "${entry.connector.name}"`),
    warn: (message) => logger.warn(message),
  });
  // Last test results: beside the config file, or in PostgreSQL with the connectors (never in the config file itself).
  const testResults: TestResultStore = options.store
    ? new MemoryTestResultStore()
    : env.databaseUrl
      ? new PostgresTestResultStore(env.databaseUrl, (message) => logger.warn(message))
      : await FileTestResultStore.open(filesBesideConfig(env.configPath).testResults, (message) => logger.warn(message));

  // Revisions and the change feed: kept where the connectors are (a caller's own store keeps them in the config path's files).
  const historyStore = await openHistoryStore(env, env.encryptionKey?.derive('revision-fingerprints'), (message) => logger.warn(message));
  const history = new ChangeHistory({
    store: historyStore,
    hub: new EventHub(env.history.eventWindow, () => historyStore.newestEventId()),
    catalog,
    keys: new SecretKeyRing(env.encryptionKey, env.encryptionKeyOld ? [env.encryptionKeyOld] : []),
    warn: (message) => logger.warn(message),
  });

  // At info, successful reads are counted and summarised instead of logged one line each (README, Logs).
  const readSummary = new ReadSummary(logger, env.requestLog.summaryIntervalMs);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new RequestLogController(
      { enabled: logger.isLevelEnabled('info'), everyRequest: logger.isLevelEnabled('debug'), slowMs: env.requestLog.slowMs },
      readSummary,
    ),
    bodyLimit: env.bodyLimit,
    forceCloseConnections: 'idle',
    // Names up to MAX_NAME_LENGTH travel percent-encoded in paths (up to 9 characters per UTF-16 unit).
    routerOptions: { maxParamLength: Math.max(100, env.limits.maxNameLength * 9 + 100) },
    frameworkErrors: frameworkErrorHandler(prefixSurfaceResolver(env.ilertPrefix)),
  });
  const headersFor = securityHeadersRule();
  const app = await NestFactory.create<NestFastifyApplication>(
    SwitchboardModule.forRoot({
      registry,
      keys,
      ilertPrefix: env.ilertPrefix,
      limits: env.limits,
      audit,
      history: { history, heartbeatMs: env.history.heartbeatMs },
      connectionTests: {
        settings: { policy: env.connectionTests.policy, platformOrigins: origins, timeoutMs: env.connectionTests.timeoutMs },
        results: testResults,
        log: { info: (data, message) => logger.info(data, message), warn: (data, message) => logger.warn(data, message) },
      },
      answerHeaders: headersFor('/api/connectors'),
    }),
    adapter,
    { bodyParser: false, logger: new PinoNestLogger(logger) },
  );
  registerJsonBodyParser(app.getHttpAdapter().getInstance(), env.bodyLimit);
  await registerHttpControls(app, env, keys, headersFor);
  registerMethodNotAllowed(app.getHttpAdapter().getInstance());
  registerElizaFastPaths(app.getHttpAdapter().getInstance(), { controller: app.get(ElizaController), keys });
  await app.register(compress as never, { encodings: ['gzip', 'deflate'] });
  setUpOpenApi(app, env);
  await registerWebConsole(app, env, { dir: options.webConsoleDir, info: (message) => logger.info(message) });
  await app.init();
  const missed = await app.get(ConnectorService).recordMissedChanges();
  if (missed > 0)
    logger.info(
      { changes: missed },
      'revision history: recorded the changes it had missed (the file edited while Switchboard was stopped, or writes cut off before their revision) as edits by "file"',
    );
  const tests = app.get(ConnectionTestService);
  await tests.start();
  readSummary.start();
  // Prunes past AUDIT_RETENTION_DAYS / AUDIT_MAX_ENTRIES now and hourly.
  sharedAudit?.start();
  if (env.connectionTests.intervalMs !== undefined) tests.schedule(env.connectionTests.intervalMs);

  if (!keys.enabled) logger.warn(`no API keys configured: anyone who can reach ${env.host} may read and change connectors`);
  logger.info({ store: store.description, connectors: registry.size, plugins: catalog.plugins.length }, 'registry loaded');

  let closing: Promise<void> | undefined;
  return {
    app,
    registry,
    async listen() {
      await app.listen(env.port, env.host);
      const address = await app.getUrl();
      logger.info({ address }, 'switchboard listening');
      return address;
    },
    close() {
      closing ??= (async () => {
        logger.info('shutting down: finishing requests in flight and pending writes');
        // Connections that finish their request during shutdown turn idle keep-alives: close those
        // too, or clients holding them would keep the process alive.
        const httpServer = app.getHttpServer();
        const reaper = setInterval(() => httpServer.closeIdleConnections(), 25);
        try {
          await app.close();
        } finally {
          clearInterval(reaper);
        }
        await tests.close();
        await registry.close();
        await audit.close();
        await historyStore.close();
        readSummary.close();
        logger.info('stopped');
      })();
      return closing;
    },
  };
}
