import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  copyConnectors,
  PluginCatalog,
  PostgresStore,
  restoreBackup,
  type RevisionResealing,
  rotateEncryptionKey,
  TargetNotEmptyError,
} from '@switchboard/core';
import type { ConnectorPlugin } from '@switchboard/sdk';
import { loadEnv } from '../env.js';
import { fileStoreOptions } from '../file-store-options.js';
import { openStore, parseStoreSpec, sameLocation, UsageError } from './store-spec.js';

export const USAGE = `usage:
  switchboard copy --from <store> --to <store> [--replace]
      copies every connector (ids, types, names, configs with secrets, timestamps) and the reserved
      entries such as "defaults"; refuses a target that holds any unless --replace is given
  switchboard migrate [--database <url>]
      applies the PostgreSQL migrations only (default: DATABASE_URL)
  switchboard rotate-key [--file <path> | --database <url>]
      re-encrypts the store's secret values (connectors, "defaults", the revision history) with
      SWITCHBOARD_ENCRYPTION_KEY, opening the current ones with SWITCHBOARD_ENCRYPTION_KEY_OLD;
      without SWITCHBOARD_ENCRYPTION_KEY, writes them in clear (encryption off). Revisions neither
      key opens are counted on stderr and left as they are. With the current key alone, re-seals values of the older unbound
      format (enc:v1:) bound to their place. Default store: DATABASE_URL when set, else the config
      file. Stop the service first (the file's lock is checked); on PostgreSQL, instances running
      meanwhile need both keys (see docs/postgres.md)
  switchboard restore-backup [--file <path>]
      puts <file>.bak (the last good copy) back as the config file, keeping the file it replaces
      as <file>.damaged-<time>; a copy with an older Switchboard's "switchboard" key is migrated as
      at start (metadata to <file>.switchboard.json). Stop the service first

  <store>: file            the Eliza config file the service uses (ELIZA_CONFIG_PATH, MILADY_*, ~/.milady)
           file:<path>     that file
           postgres        DATABASE_URL
           postgres:<url>  that database, e.g. postgres:postgres://switchboard@db:5432/switchboard
`;

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
  /** The plugins (the service's own plus `extraModules`) whose types name connectors written by hand into a config file. */
  plugins(extraModules: readonly string[]): Promise<ConnectorPlugin[]>;
}

/** Runs one command; resolves with the exit status (0 done, 1 failed, 2 wrong usage). */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = args;
    if (command === 'copy') return await copy(rest, io);
    if (command === 'migrate') return await migrate(rest, io);
    if (command === 'rotate-key') return await rotateKey(rest, io);
    if (command === 'restore-backup') return await restore(rest, io);
    if (command === 'help' || command === '--help' || command === '-h') {
      io.out(USAGE);
      return 0;
    }
    if (command === undefined) throw new UsageError('no command given');
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`switchboard: ${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof TargetNotEmptyError) {
      io.err(`switchboard: ${error.message}; nothing was copied (pass --replace to overwrite them)`);
      return 1;
    }
    const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
    io.err(`switchboard: ${typeof message === 'string' ? message.split('\n')[0] : String(error)}`);
    return 1;
  }
}

async function copy(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { from: { type: 'string' }, to: { type: 'string' }, replace: { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.from || !values.to) throw new UsageError('copy needs --from and --to');
  const env = loadEnv(io.env);
  const from = parseStoreSpec(values.from, env, '--from');
  const to = parseStoreSpec(values.to, env, '--to');
  if (sameLocation(from, to)) throw new UsageError('--from and --to name the same store');

  const catalog = new PluginCatalog(await io.plugins(env.extraPlugins));
  const fileOptions = fileStoreOptions(env, catalog);
  const source = openStore(from, fileOptions);
  const target = openStore(to, fileOptions);
  try {
    const result = await copyConnectors(source, target, {
      replace: values.replace,
      resolveType: (name) => catalog.resolve(name)?.type ?? name,
    });
    io.out(`copied ${result.records} connector(s) and ${result.reserved} reserved entr${result.reserved === 1 ? 'y' : 'ies'}`);
    io.out(`  from ${source.description}`);
    io.out(`  to   ${target.description}`);
    if (result.replacedRecords + result.replacedReserved > 0) {
      io.out(
        `replaced what the target held: ${result.replacedRecords} connector(s), ${result.replacedReserved} reserved entr${result.replacedReserved === 1 ? 'y' : 'ies'}`,
      );
    }
    return 0;
  } finally {
    await Promise.allSettled([source.close(), target.close()]);
  }
}

async function migrate(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { database: { type: 'string' } }, strict: true });
  const env = loadEnv(io.env);
  const url = values.database ?? env.databaseUrl;
  if (!url) throw new UsageError('migrate needs DATABASE_URL or --database <url>');
  const store = new PostgresStore(url, { maxConnections: 1 });
  try {
    const { applied, current } = await store.migrate();
    io.out(
      applied.length > 0
        ? `applied migration(s) ${applied.join(', ')} to ${store.description}; schema version ${current}`
        : `${store.description} is up to date (schema version ${current})`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

async function rotateKey(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { file: { type: 'string' }, database: { type: 'string' } }, strict: true });
  const env = loadEnv(io.env);
  if (values.file !== undefined && values.database !== undefined) throw new UsageError('rotate-key takes --file or --database, not both');
  if (!env.encryptionKey && !env.encryptionKeyOld) {
    throw new UsageError('rotate-key needs SWITCHBOARD_ENCRYPTION_KEY (the new key) and/or SWITCHBOARD_ENCRYPTION_KEY_OLD (the current one)');
  }
  if (env.encryptionKey && env.encryptionKeyOld && env.encryptionKey.keyId === env.encryptionKeyOld.keyId) {
    throw new UsageError('SWITCHBOARD_ENCRYPTION_KEY and SWITCHBOARD_ENCRYPTION_KEY_OLD are the same key');
  }
  const catalog = new PluginCatalog(await io.plugins(env.extraPlugins));
  const options = fileStoreOptions(env, catalog, { info: io.out, warn: io.err });
  const url = values.database ?? (values.file === undefined ? env.databaseUrl : undefined);
  if (url !== undefined) {
    const store = new PostgresStore(url, { maxConnections: 1, keys: options.keys, secretsFor: options.secretsFor, warn: io.err });
    try {
      const result = await store.rewriteAll();
      reportRotation(io, env.encryptionKey?.keyId, store.description, result.connectors, result.revisions);
      return 0;
    } finally {
      await store.close();
    }
  }
  const path = values.file ? resolve(values.file) : env.configPath;
  const result = await rotateEncryptionKey(path, {
    keys: options.keys!,
    secretsFor: options.secretsFor!,
    resolveType: (name) => catalog.resolve(name)?.type ?? name,
    log: options.log,
  });
  reportRotation(io, env.encryptionKey?.keyId, path, result.connectors, result.revisions);
  return 0;
}

/** What rotate-key did (`defaults` goes with the connectors); revisions it could not open are left as they were and said. */
function reportRotation(io: CliIo, keyId: string | undefined, where: string, connectors: number, revisions: RevisionResealing): void {
  io.out(
    keyId
      ? `re-encrypted the secrets of ${connectors} connector(s) and ${revisions.resealed} revision(s) in ${where} with key ${keyId}`
      : `wrote the secrets of ${connectors} connector(s) and ${revisions.resealed} revision(s) in ${where} in clear (encryption off)`,
  );
  if (revisions.unopenable > 0) {
    io.err(
      `switchboard: ${revisions.unopenable} revision(s) could not be opened with the keys given (sealed with another key, or altered) and were left as they were; ` +
        'restoring them needs the key that sealed them',
    );
  }
}

async function restore(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { file: { type: 'string' } }, strict: true });
  const env = loadEnv(io.env);
  const path = values.file ? resolve(values.file) : env.configPath;
  // The file is opened as the service opens it when the backup needs the start-up migration.
  const catalog = new PluginCatalog(await io.plugins(env.extraPlugins));
  const migration: string[] = [];
  const { backup, keptAs } = await restoreBackup(path, {
    notice: io.err,
    store: fileStoreOptions(env, catalog, { info: (line) => migration.push(line), warn: io.err }),
    resolveType: (name) => catalog.resolve(name)?.type ?? name,
  });
  io.out(`restored ${path} from ${backup}${keptAs ? `; the file it replaced is kept as ${keptAs}` : ''}`);
  migration.forEach((line) => io.out(line));
  return 0;
}

/** node:util parseArgs rejects unknown options, missing values and stray words with these codes. */
function isParseArgsError(error: unknown): boolean {
  // Not `instanceof Error`: errors from node built-ins may come from another realm (test sandboxes).
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
