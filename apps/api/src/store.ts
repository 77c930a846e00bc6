import { type ConnectorStore, ElizaFileStore, PostgresStore } from '@switchboard/core';
import type { ApiEnv } from './env.js';

/**
 * Where connectors live: PostgreSQL when DATABASE_URL is set (several instances share it), else the
 * Eliza config file (one instance, embedded). `warn` hears problems the store recovers from itself.
 */
export function createStore(env: Pick<ApiEnv, 'databaseUrl' | 'configPath'>, warn?: (message: string) => void): ConnectorStore {
  return env.databaseUrl ? new PostgresStore(env.databaseUrl, { warn }) : new ElizaFileStore(env.configPath);
}
