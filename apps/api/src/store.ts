import { type ConnectorStore, ElizaFileStore, type ElizaFileStoreOptions, PostgresStore } from '@switchboard/core';
import type { ApiEnv } from './env.js';

/**
 * Where connectors live: PostgreSQL when DATABASE_URL is set (several instances share it), else the
 * Eliza config file (one instance, embedded). `warn` hears problems the store recovers from itself;
 * `file` sets up the file store (encryption, logging; see file-store-options.ts).
 */
export function createStore(
  env: Pick<ApiEnv, 'databaseUrl' | 'configPath'>,
  warn?: (message: string) => void,
  file: ElizaFileStoreOptions = {},
): ConnectorStore {
  return env.databaseUrl ? new PostgresStore(env.databaseUrl, { warn }) : new ElizaFileStore(env.configPath, file);
}
