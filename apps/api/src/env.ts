import { CipherError, resolveElizaConfigPath, SecretCipher } from '@switchboard/core';
import { DEFAULT_TEST_TIMEOUT_MS, NetworkPolicy, NetworkSettingError, parsePlatformUrls } from '@switchboard/sdk/connection-test';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The service's settings, read from environment variables and checked once at boot. */
export interface ApiEnv {
  host: string;
  port: number;
  logLevel: LogLevel;
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
  /** AUDIT_MEMORY_ENTRIES: audit entries kept in memory for GET /api/audit. */
  auditMemoryEntries: number;
  /** AUDIT_RETENTION_DAYS: audit entries older than this are pruned (PostgreSQL) or no longer listed (file); 0 = kept. */
  auditRetentionDays: number;
  /** AUDIT_MAX_ENTRIES: with PostgreSQL, the oldest audit entries past this count are pruned; 0 = no cap. */
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

type Env = Record<string, string | undefined>;

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
  const origins = (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
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

/** SWITCHBOARD_PLATFORM_URLS, SWITCHBOARD_TEST_ALLOW_HOSTS, SWITCHBOARD_TEST_TIMEOUT_MS, SWITCHBOARD_TEST_INTERVAL. */
function connectionTests(env: Env, problems: string[]): ApiEnv['connectionTests'] {
  let platformUrls = new Map<string, string>();
  let policy = NetworkPolicy.create();
  try {
    platformUrls = parsePlatformUrls(env.SWITCHBOARD_PLATFORM_URLS);
  } catch (error) {
    if (!(error instanceof NetworkSettingError)) throw error;
    problems.push(error.message);
  }
  try {
    policy = NetworkPolicy.create({ allowedOrigins: platformUrls.values(), allowHosts: env.SWITCHBOARD_TEST_ALLOW_HOSTS });
  } catch (error) {
    if (!(error instanceof NetworkSettingError)) throw error;
    problems.push(error.message);
  }
  return {
    platformUrls,
    policy,
    timeoutMs: integer(env, 'SWITCHBOARD_TEST_TIMEOUT_MS', DEFAULT_TEST_TIMEOUT_MS, 1, 300_000, problems),
    intervalMs: testInterval(env, problems),
  };
}

/** Reads and checks the environment; every problem is named in one error. */
export function loadEnv(env: Env): ApiEnv {
  const problems: string[] = [];
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const ilertPrefix = (env.ILERT_API_PREFIX?.trim() || '/ilert').replace(/\/+$/, '');
  if (!/^\/[A-Za-z0-9/_-]+$/.test(ilertPrefix) || ilertPrefix === '/api') {
    problems.push(`ILERT_API_PREFIX must be a path such as /ilert, other than /api (got "${env.ILERT_API_PREFIX}")`);
  }
  const parsed: ApiEnv = {
    host: env.HOST?.trim() || '127.0.0.1',
    port: integer(env, 'PORT', DEFAULT_PORT, 0, 65535, problems),
    logLevel,
    configPath: resolveElizaConfigPath(env),
    ilertPrefix,
    apiKeys: env.SWITCHBOARD_API_KEYS?.trim() || undefined,
    apiKeysFile: env.SWITCHBOARD_API_KEYS_FILE?.trim() || undefined,
    allowPublicWithoutAuth: flag(env, 'SWITCHBOARD_ALLOW_PUBLIC_WITHOUT_AUTH', problems),
    extraPlugins: (env.SWITCHBOARD_PLUGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    bodyLimit: integer(env, 'BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024, problems),
    databaseUrl: databaseUrl(env, problems),
    limits: {
      maxNameLength: integer(env, 'MAX_NAME_LENGTH', 200, 1, 10_000, problems),
      maxConfigDepth: integer(env, 'MAX_CONFIG_DEPTH', 32, 1, 1_000, problems),
      maxConnectors: integer(env, 'MAX_CONNECTORS', 10_000, 1, 10_000_000, problems),
    },
    rateLimit: {
      perKey: integer(env, 'RATE_LIMIT_PER_KEY', 120, 0, 1_000_000_000, problems),
      perAddress: integer(env, 'RATE_LIMIT_PER_ADDRESS', 700, 0, 1_000_000_000, problems),
    },
    corsOrigins: corsOrigins(env, problems),
    auditMemoryEntries: integer(env, 'AUDIT_MEMORY_ENTRIES', 1000, 1, 1_000_000, problems),
    auditRetentionDays: integer(env, 'AUDIT_RETENTION_DAYS', 90, 0, 36_500, problems),
    auditMaxEntries: integer(env, 'AUDIT_MAX_ENTRIES', 1_000_000, 0, 1_000_000_000, problems),
    encryptionKey: encryptionKey(env, 'SWITCHBOARD_ENCRYPTION_KEY', problems),
    encryptionKeyOld: encryptionKey(env, 'SWITCHBOARD_ENCRYPTION_KEY_OLD', problems),
    history: {
      retention: integer(env, 'REVISION_RETENTION', 20, 1, 100_000, problems),
      eventWindow: integer(env, 'EVENTS_WINDOW', 1000, 1, 1_000_000, problems),
      heartbeatMs: integer(env, 'EVENTS_HEARTBEAT_MS', 15_000, 100, 3_600_000, problems),
    },
    connectionTests: connectionTests(env, problems),
  };
  if (problems.length > 0) throw new EnvError(`invalid environment: ${problems.join('; ')}`);
  return parsed;
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
