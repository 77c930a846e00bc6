import { type ConnectorStore, ElizaFileStore, type ElizaFileStoreOptions, PostgresStore } from '@switchboard/core';
import type { ApiEnv } from './env.js';

/**
 * Where connectors live: PostgreSQL when DATABASE_URL is set (several instances share it), else the
 * Eliza config file (one instance, embedded). `warn` hears problems the store recovers from itself;
 * `file` sets up the file store (encryption, logging; see file-store-options.ts); PostgreSQL
 * takes its encryption settings.
 */
export function createStore(
  env: Pick<ApiEnv, 'databaseUrl' | 'configPath'>,
  warn?: (message: string) => void,
  file: ElizaFileStoreOptions = {},
): ConnectorStore {
  // The same encryption settings for both stores: SWITCHBOARD_ENCRYPTION_KEY (and _OLD), the plugins' secret fields.
  return env.databaseUrl
    ? new PostgresStore(env.databaseUrl, { warn, keys: file.keys, secretsFor: file.secretsFor })
    : new ElizaFileStore(env.configPath, file);
}
