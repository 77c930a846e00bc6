import { resolve } from 'node:path';
import { type ConnectorStore, ElizaFileStore, type ElizaFileStoreOptions, PostgresStore } from '@switchboard/core';
import type { ApiEnv } from '../env.js';

/** A mistake in how the command was called: exit status 2 and the usage text. */
export class UsageError extends Error {}

export type StoreSpec = { kind: 'file'; path: string } | { kind: 'postgres'; url: string };

const URL_PATTERN = /^postgres(ql)?:\/\//;

/**
 * `file`, `file:<path>`, `postgres`, `postgres:<url>` (a bare postgres:// URL works too). Without a
 * location, the service's own: the Eliza config path, DATABASE_URL.
 */
export function parseStoreSpec(spec: string, env: Pick<ApiEnv, 'configPath' | 'databaseUrl'>, option: string): StoreSpec {
  if (spec === 'file') return { kind: 'file', path: env.configPath };
  if (spec.startsWith('file:') && spec.length > 'file:'.length) return { kind: 'file', path: resolve(spec.slice('file:'.length)) };
  if (URL_PATTERN.test(spec)) return { kind: 'postgres', url: spec };
  if (spec === 'postgres') {
    if (!env.databaseUrl) throw new UsageError(`${option} postgres needs DATABASE_URL, or write ${option} postgres:<url>`);
    return { kind: 'postgres', url: env.databaseUrl };
  }
  if (spec.startsWith('postgres:')) {
    const url = spec.slice('postgres:'.length);
    if (!URL_PATTERN.test(url)) throw new UsageError(`${option}: expected postgres:postgres://user@host:port/database`);
    return { kind: 'postgres', url };
  }
  throw new UsageError(`${option} must be file, file:<path>, postgres or postgres:<url>`);
}

/** `file`: how a file store is set up (encryption keys, plugins' secret fields); a database gets the same encryption settings. */
export function openStore(spec: StoreSpec, file: ElizaFileStoreOptions = {}): ConnectorStore {
  return spec.kind === 'file'
    ? new ElizaFileStore(spec.path, file)
    : new PostgresStore(spec.url, { maxConnections: 2, keys: file.keys, secretsFor: file.secretsFor });
}

export function sameLocation(a: StoreSpec, b: StoreSpec): boolean {
  return a.kind === 'file' && b.kind === 'file' ? a.path === b.path : a.kind === 'postgres' && b.kind === 'postgres' && a.url === b.url;
}
