export * from './errors.js';
export { type ConnectorRecord, RESERVED_ENTRY_NAMES } from './registry/connector-record.js';
export { ConnectorRegistry } from './registry/connector-registry.js';
export { PluginCatalog } from './registry/plugin-catalog.js';
export { Transaction } from './registry/transaction.js';
export type { CommittedMeanwhile, ConnectorStore, ExternalChange, StoreReadiness, StoreSnapshot, TypeResolver } from './store/connector-store.js';
export {
  ConfigFileUnavailableError,
  ElizaFileStore,
  type ElizaFileStoreOptions,
  metadataFilePath,
  type StoreLog,
  idFromName,
} from './store/file/eliza-file-store.js';
export { resolveElizaConfigPath, type PathEnv } from './store/file/eliza-config-path.js';
export { backupPath, writeFileAtomic } from './store/file/atomic-write.js';
export { atomicallyWrittenFiles, filesBesideConfig, type FilesBesideConfig } from './store/file/files-beside-config.js';
export { CipherError, SecretCipher, SecretKeyRing } from './store/sealing/secret-cipher.js';
export { restoreBackup, type BackupRestoreOptions, type BackupRestoreResult } from './store/file/restore-backup.js';
export { rotateEncryptionKey, type RotationResult } from './store/file/rotate-key.js';
export { RecordSealer, type SealingOptions } from './store/sealing/record-sealer.js';
export { PostgresStore, type PostgresStoreOptions } from './store/postgres/postgres-store.js';
export { copyConnectors, type CopyResult, TargetNotEmptyError } from './store/copy-connectors.js';
export { ConnectorService, type ConnectorServiceOptions, type PutByNameOutcome } from './connectors/connector.service.js';
export { CATALOG_ROUTE, GENERIC_CONNECTOR_TYPE } from './catalog/catalog-route.js';
export { ELIZA_WARNING_HEADER } from './eliza/eliza-put.js';
// Declared by @switchboard/schemas (the console sends it); the service's CORS setup allows it.
export { ILERT_REDACT_HEADER } from '@switchboard/schemas';
export { DEFAULT_MAX_NAME_LENGTH, normaliseConnectorName } from './connectors/connector-names.js';
export { type ConnectorLimits, DEFAULT_LIMITS, nestsDeeperThan } from './connectors/limits.js';
export {
  type AuditAction,
  type AuditActor,
  type AuditEntry,
  AuditLog,
  type AuditLogOptions,
  type AuditSurface,
  DEFAULT_AUDIT_CAPACITY,
  INTERNAL_ACTOR,
} from './audit/audit-log.js';
export { changedFieldPaths, type ChangedPaths } from './audit/changed-paths.js';
export { AUDIT_ACTIONS, type AuditPage, type AuditQuery, type SharedAuditStorage } from './audit/audit-query.js';
export { PostgresAuditStorage, type PostgresAuditOptions } from './audit/postgres-audit-storage.js';
export { presentedKey } from './auth/api-key.guard.js';
export { ApiKeyRing, parseApiKeys, type ApiKeyEntry } from './auth/api-key-ring.js';
export type { Permission, Principal } from './auth/permissions.js';
export type { WhoAmIResponse } from './auth/whoami.controller.js';
export { registerJsonBodyParser } from './http/json-body-parser.js';
export { registerMethodNotAllowed } from './http/method-not-allowed.js';
export { requestLogSerializer, urlForLog } from './http/log-url.js';
export { surfaceErrorBody } from './http/error-filter.js';
export { prefixSurfaceResolver, type Surface, type SurfaceResolver } from './http/surface.js';
export { PinoNestLogger } from './http/pino-nest-logger.js';
export { SwitchboardModule, type SwitchboardOptions } from './switchboard.module.js';
export { catalogEntry } from './catalog/catalog.controller.js';
export { createOpenApiDocument, type OpenApiOptions } from './openapi/openapi-document.js';
export { API_KEY_SCHEME, BEARER_SCHEME, OPENAPI_TAGS } from './openapi/openapi.decorators.js';
export { OPENAPI_SCHEMAS, type OpenApiSchemaName } from './openapi/openapi-schemas.js';
export { type AnswerHeaders, ELIZA_ANSWER_HEADERS, ElizaViewService } from './eliza/eliza-view.service.js';
export { type ElizaFastPathOptions, registerElizaFastPaths } from './eliza/eliza-fast-paths.js';
export { ElizaController } from './eliza/eliza.controller.js';
export {
  ConnectionTestService,
  type ConnectionTestLog,
  type ConnectionTestServiceOptions,
  type ConnectionTestSummary,
  type ConnectorTestLine,
} from './connection-test/connection-test.service.js';
export { isKeptTestResult, type KeptTestResult, MemoryTestResultStore, type TestResultStore } from './connection-test/test-result-store.js';
export { FileTestResultStore } from './connection-test/file-test-result-store.js';
export { PostgresTestResultStore } from './connection-test/postgres-test-result-store.js';
export { type ChangeEvent, type ChangeEventAction } from './history/change-event.js';
export { DEFAULT_EVENT_WINDOW, EventHub } from './history/event-hub.js';
export { ChangeHistory, type ChangeHistoryOptions, type CommittedChange } from './history/change-history.js';
export { DEFAULT_REVISION_RETENTION, type HistoryStore, type RevisionEntry, type RevisionResealing, type StoredRevision } from './history/history-store.js';
export { FileHistoryStore, type FileHistoryStoreOptions } from './history/file-history-store.js';
export { PostgresHistoryStore, type PostgresHistoryStoreOptions } from './history/postgres-history-store.js';
export { DEFAULT_HEARTBEAT_MS } from './history/events.controller.js';
export { type OutsideChange } from './registry/connector-registry.js';
export { OUTSIDE_EDIT_ACTOR } from './connectors/connector.service.js';
