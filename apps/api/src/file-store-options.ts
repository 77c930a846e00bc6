import { type ElizaFileStoreOptions, type PluginCatalog, SecretKeyRing, type StoreLog } from '@switchboard/core';
import type { SecretFields } from '@switchboard/sdk';
import type { ApiEnv } from './env.js';

const NO_SECRETS: SecretFields = new Map();

/**
 * How the Eliza config file store is set up: encryption keys from the environment (the old key
 * only opens values, so a restart mid-rotation still reads the file and re-seals it as it writes),
 * plugins' secret fields for sealing, and where it reports.
 */
export function fileStoreOptions(env: Pick<ApiEnv, 'encryptionKey' | 'encryptionKeyOld'>, catalog: PluginCatalog, log?: StoreLog): ElizaFileStoreOptions {
  return {
    log,
    keys: new SecretKeyRing(env.encryptionKey, env.encryptionKeyOld ? [env.encryptionKeyOld] : []),
    secretsFor: (typeOrName) => catalog.resolve(typeOrName)?.secrets ?? NO_SECRETS,
  };
}
