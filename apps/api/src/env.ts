import { CipherError, resolveElizaConfigPath, SecretCipher } from '@switchboard/core';
import { DEFAULT_TEST_TIMEOUT_MS, NetworkPolicy, NetworkSettingError, parsePlatformUrls } from '@switchboard/sdk/connection-test';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The service's settings, read from environment variables and checked once at boot. */
export interface ApiEnv {
  host: string;
  port: number;
  logLevel: LogLevel;
  /** How requests are logged at info: LOG_REQUEST_SUMMARY_SECONDS (in ms) and LOG_SLOW_REQUEST_MS. */
  requestLog: { summaryIntervalMs: number; slowMs: number };
  configPath: string;
  ilertPrefix: string;
  apiKeys: string | undefined;
  apiKeysFile: string | undefined;
  allowPublicWithoutAuth: boolean;
  extraPlugins: string[];
  bodyLimit: number;
  /** DATABASE_URL: when set, connectors live in PostgreSQL (shared by several instances) instead of the config file. */
  databaseUrl?: string;
  /** MAX_NAME_LENGTH, MAX_CONFIG_DEPTH, MAX_CONNECTORS. */
  limits: { maxNameLength: number; maxConfigDepth: number; maxConnectors: number };
  /** Requests per minute per API key id and per client address; 0 = no limit. */
  rateLimit: { perKey: number; perAddress: number };
  /** CORS_ORIGINS: origins whose pages may call the API from a browser; empty = CORS off. */
  corsOrigins: string[];
  /** AUDIT_MEMORY_ENTRIES: the newest audit entries kept in memory; GET /api/audit reads older ones from the file (file store). */
  auditMemoryEntries: number;
  /** AUDIT_RETENTION_DAYS: audit entries older than this are pruned (PostgreSQL) or no longer listed (file); 0 = kept. */
  auditRetentionDays: number;
  /** AUDIT_MAX_ENTRIES: the oldest audit entries past this count are pruned (PostgreSQL) or no longer listed (file); 0 = no cap. */
  auditMaxEntries: number;
  /** SWITCHBOARD_ENCRYPTION_KEY: seals the config file's secret values (AES-256-GCM); unset = in clear, as the runtime reads them. */
  encryptionKey?: SecretCipher;
  /** SWITCHBOARD_ENCRYPTION_KEY_OLD: the key `switchboard rotate-key` moves away from. */
  encryptionKeyOld?: SecretCipher;
  /** Revision history and the change feed. */
  history: {
    /** REVISION_RETENTION: revisions kept per connector name. */
    retention: number;
    /** EVENTS_WINDOW: events each instance keeps for resuming with Last-Event-ID. */
    eventWindow: number;
    /** EVENTS_HEARTBEAT_MS: how often an idle change feed stream gets a comment line. */
    heartbeatMs: number;
  };
  /** How connection tests reach platforms. */
  connectionTests: {
    /** SWITCHBOARD_PLATFORM_URLS: connector type (or alias) -> origin replacing its public API's. */
    platformUrls: Map<string, string>;
    /** Where tests may connect: public addresses, the origins above, SWITCHBOARD_TEST_ALLOW_HOSTS. */
    policy: NetworkPolicy;
    /** SWITCHBOARD_TEST_TIMEOUT_MS: the whole test. */
    timeoutMs: number;
    /** SWITCHBOARD_TEST_INTERVAL in milliseconds: re-test every connector that often; undefined = never. */
    intervalMs?: number;
  };
}

export const DEFAULT_PORT = 7321;

export class EnvError extends Error {}

export type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return value;
}

function flag(env: Env, name: string, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return false;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (!['0', 'false', 'no'].includes(raw)) problems.push(`${name} must be true or false (got "${raw}")`);
  return false;
}

/** The value is never echoed in a problem: it usually holds a password. */
function databaseUrl(env: Env, problems: string[]): string | undefined {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return undefined;
  if (!/^postgres(ql)?:\/\/[^\s]+$/.test(raw)) problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  return raw;
}

/** A 32-byte key in base64; the value is never echoed in a problem. */
function encryptionKey(env: Env, name: string, problems: string[]): SecretCipher | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    return SecretCipher.fromBase64(raw, name);
  } catch (error) {
    if (!(error instanceof CipherError)) throw error;
    problems.push(error.message);
    return undefined;
  }
}

/**
 * An origin as a browser sends it (RFC 6454): scheme, `://`, host, optional port, no path. Any
 * scheme: the Eliza app's desktop and mobile shells send their own (`capacitor-electron://-`,
 * `capacitor://localhost`, `app://-`), whose host may be `-`.
 */
const ORIGIN = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;

/** `*`, or origins such as `https://ui.example.com:8443` or `capacitor://localhost` (no path), comma-separated. */
function corsOrigins(env: Env, problems: string[]): string[] {
  const origins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin !== '*' && !ORIGIN.test(origin)) {
      problems.push(
        `CORS_ORIGINS must list origins such as https://ui.example.com or capacitor://localhost (scheme, host, optional port; no path) or * (got "${origin}")`,
      );
    }
  }
  return origins;
}

const INTERVAL_UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const MIN_TEST_INTERVAL_MS = 10_000;
const MAX_TEST_INTERVAL_MS = 7 * 86_400_000;

/** SWITCHBOARD_TEST_INTERVAL: `30m`, `6h`, `1d`, `90s` (or seconds as a bare number); unset, `0` or `off` = no schedule. */
function testInterval(env: Env, problems: string[]): number | undefined {
  const raw = env.SWITCHBOARD_TEST_INTERVAL?.trim().toLowerCase();
  if (!raw || raw === '0' || raw === 'off') return undefined;
  const match = /^(\d{1,9})([smhd]?)$/.exec(raw);
  const ms = match ? Number(match[1]) * INTERVAL_UNITS[match[2] || 's'] : Number.NaN;
  if (!(ms >= MIN_TEST_INTERVAL_MS && ms <= MAX_TEST_INTERVAL_MS)) {
    problems.push(`SWITCHBOARD_TEST_INTERVAL must be a duration from 10s to 7d such as 30m, 6h or 1d, or off (got "${raw}")`);
    return undefined;
  }
  return ms;
}

/** One declared variable: its name, the default as the README's table shows it, and how its value is read. */
export interface EnvVariable<T> {
  readonly name: string;
  /** The default in the README's Configuration table's words (`—` when there is none). */
  readonly documentedDefault: string;
  /** The value, or a problem pushed on `problems` that names the variable (and never echoes a secret). */
  read(env: Env, problems: string[]): T;
}

function variable<T>(name: string, documentedDefault: string, read: (env: Env, problems: string[]) => T): EnvVariable<T> {
  return { name, documentedDefault, read };
}

const optionalText = (name: string) => variable(name, '—', (env) => env[name]?.trim() || undefined);
const list = (name: string) =>
  variable(name, '—', (env) =>
    (env[name] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
const int = (name: string, fallback: number, min: number, max: number) =>
  variable(name, String(fallback), (env, problems) => integer(env, name, fallback, min, max, problems));

const DEFAULT_ILERT_PREFIX = '/ilert';

/**
 * Every environment variable the service reads, declared once: the README's Configuration table is
 * checked against it (env.spec.ts), boot validates every entry and names each bad one. A table of our
 * own rather than a schema library: most values need parsers no library has (durations, origins,
 * base64 keys, platform URL maps, the runtime's config path rule) and must never echo a secret, so a
 * library would only wrap the same functions.
 */
export const ENV_SCHEMA = {
  host: variable('HOST', '127.0.0.1', (env) => env.HOST?.trim() || '127.0.0.1'),
  port: int('PORT', DEFAULT_PORT, 0, 65535),
  // The three variables of the runtime's own rule for its config file (resolveElizaConfigPath).
  elizaConfigPath: optionalText('ELIZA_CONFIG_PATH'),
  miladyConfigPath: optionalText('MILADY_CONFIG_PATH'),
  miladyStateDir: optionalText('MILADY_STATE_DIR'),
  databaseUrl: variable('DATABASE_URL', '—', databaseUrl),
  ilertPrefix: variable('ILERT_API_PREFIX', DEFAULT_ILERT_PREFIX, (env, problems) => {
    const prefix = (env.ILERT_API_PREFIX?.trim() || DEFAULT_ILERT_PREFIX).replace(/\/+$/, '');
    if (!/^\/[A-Za-z0-9/_-]+$/.test(prefix) || prefix === '/api') {
      problems.push(`ILERT_API_PREFIX must be a path such as /ilert, other than /api (got "${env.ILERT_API_PREFIX}")`);
    }
    return prefix;
  }),
  apiKeys: variable('SWITCHBOARD_API_KEYS', '—', (env) => env.SWITCHBOARD_API_KEYS?.trim() || undefined),
  apiKeysFile: optionalText('SWITCHBOARD_API_KEYS_FILE'),
  allowPublicWithoutAuth: variable('SWITCHBOARD_ALLOW_PUBLIC_WITHOUT_AUTH', 'false', (env, problems) =>
    flag(env, 'SWITCHBOARD_ALLOW_PUBLIC_WITHOUT_AUTH', problems),
  ),
  extraPlugins: list('SWITCHBOARD_PLUGINS'),
  bodyLimit: int('BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
  maxConfigDepth: int('MAX_CONFIG_DEPTH', 32, 1, 1_000),
  maxNameLength: int('MAX_NAME_LENGTH', 200, 1, 10_000),
  maxConnectors: int('MAX_CONNECTORS', 10_000, 1, 10_000_000),
  rateLimitPerKey: int('RATE_LIMIT_PER_KEY', 120, 0, 1_000_000_000),
  rateLimitPerAddress: int('RATE_LIMIT_PER_ADDRESS', 700, 0, 1_000_000_000),
  corsOrigins: variable('CORS_ORIGINS', '—', corsOrigins),
  auditMemoryEntries: int('AUDIT_MEMORY_ENTRIES', 1000, 1, 1_000_000),
  auditRetentionDays: int('AUDIT_RETENTION_DAYS', 90, 0, 36_500),
  auditMaxEntries: int('AUDIT_MAX_ENTRIES', 1_000_000, 0, 1_000_000_000),
  revisionRetention: int('REVISION_RETENTION', 20, 1, 100_000),
  eventsWindow: int('EVENTS_WINDOW', 1000, 1, 1_000_000),
  eventsHeartbeatMs: int('EVENTS_HEARTBEAT_MS', 15_000, 100, 3_600_000),
  logLevel: variable('LOG_LEVEL', 'info', (env, problems): LogLevel => {
    const level = (env.LOG_LEVEL?.trim() || 'info') as LogLevel;
    if (!LOG_LEVELS.includes(level)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
    return level;
  }),
  logRequestSummarySeconds: int('LOG_REQUEST_SUMMARY_SECONDS', 60, 1, 86_400),
  logSlowRequestMs: int('LOG_SLOW_REQUEST_MS', 1000, 1, 3_600_000),
  encryptionKey: variable('SWITCHBOARD_ENCRYPTION_KEY', '—', (env, problems) => encryptionKey(env, 'SWITCHBOARD_ENCRYPTION_KEY', problems)),
  encryptionKeyOld: variable('SWITCHBOARD_ENCRYPTION_KEY_OLD', '—', (env, problems) => encryptionKey(env, 'SWITCHBOARD_ENCRYPTION_KEY_OLD', problems)),
  platformUrls: variable('SWITCHBOARD_PLATFORM_URLS', '—', (env, problems) => {
    try {
      return parsePlatformUrls(env.SWITCHBOARD_PLATFORM_URLS);
    } catch (error) {
      if (!(error instanceof NetworkSettingError)) throw error;
      problems.push(error.message);
      return new Map<string, string>();
    }
  }),
  testAllowHosts: optionalText('SWITCHBOARD_TEST_ALLOW_HOSTS'),
  testTimeoutMs: int('SWITCHBOARD_TEST_TIMEOUT_MS', DEFAULT_TEST_TIMEOUT_MS, 1, 300_000),
  testInterval: variable('SWITCHBOARD_TEST_INTERVAL', 'off', testInterval),
} as const satisfies Record<string, EnvVariable<unknown>>;

type Schema = typeof ENV_SCHEMA;
type Values = { [K in keyof Schema]: ReturnType<Schema[K]['read']> };

/** Where connection tests may connect: public addresses, the platform origins, SWITCHBOARD_TEST_ALLOW_HOSTS. */
function networkPolicy(values: Values, problems: string[]): NetworkPolicy {
  try {
    return NetworkPolicy.create({ allowedOrigins: values.platformUrls.values(), allowHosts: values.testAllowHosts });
  } catch (error) {
    if (!(error instanceof NetworkSettingError)) throw error;
    problems.push(error.message);
    return NetworkPolicy.create();
  }
}

/** Reads and checks the environment against ENV_SCHEMA; every problem is named in one error. */
export function loadEnv(env: Env): ApiEnv {
  const problems: string[] = [];
  const values = Object.fromEntries(Object.entries(ENV_SCHEMA).map(([key, declared]) => [key, declared.read(env, problems)])) as Values;
  const parsed: ApiEnv = {
    host: values.host,
    port: values.port,
    logLevel: values.logLevel,
    requestLog: { summaryIntervalMs: values.logRequestSummarySeconds * 1000, slowMs: values.logSlowRequestMs },
    configPath: resolveElizaConfigPath({
      ELIZA_CONFIG_PATH: values.elizaConfigPath,
      MILADY_CONFIG_PATH: values.miladyConfigPath,
      MILADY_STATE_DIR: values.miladyStateDir,
    }),
    ilertPrefix: values.ilertPrefix,
    apiKeys: values.apiKeys,
    apiKeysFile: values.apiKeysFile,
    allowPublicWithoutAuth: values.allowPublicWithoutAuth,
    extraPlugins: values.extraPlugins,
    bodyLimit: values.bodyLimit,
    databaseUrl: values.databaseUrl,
    limits: { maxNameLength: values.maxNameLength, maxConfigDepth: values.maxConfigDepth, maxConnectors: values.maxConnectors },
    rateLimit: { perKey: values.rateLimitPerKey, perAddress: values.rateLimitPerAddress },
    corsOrigins: values.corsOrigins,
    auditMemoryEntries: values.auditMemoryEntries,
    auditRetentionDays: values.auditRetentionDays,
    auditMaxEntries: values.auditMaxEntries,
    encryptionKey: values.encryptionKey,
    encryptionKeyOld: values.encryptionKeyOld,
    history: { retention: values.revisionRetention, eventWindow: values.eventsWindow, heartbeatMs: values.eventsHeartbeatMs },
    connectionTests: {
      platformUrls: values.platformUrls,
      policy: networkPolicy(values, problems),
      timeoutMs: values.testTimeoutMs,
      intervalMs: values.testInterval,
    },
  };
  if (problems.length > 0) throw new EnvError(`invalid environment: ${problems.join('; ')}`);
  return parsed;
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
