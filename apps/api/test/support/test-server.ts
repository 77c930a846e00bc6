import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ConnectorPlugin } from '@switchboard/sdk';
import { loadEnv } from '../../src/env.js';
import { discoverPlugins } from '../../src/plugins.js';
import { createServer, type Server } from '../../src/server.js';

let cachedPlugins: Promise<ConnectorPlugin[]> | undefined;

/** The plugins apps/api really loads, discovered from its package.json as at boot. */
export function realPlugins(): Promise<ConnectorPlugin[]> {
  cachedPlugins ??= discoverPlugins(new URL('../../package.json', import.meta.url));
  return cachedPlugins;
}

export interface TestServer {
  url: string;
  server: Server;
  configPath: string;
  /** Every log line the server wrote. */
  logs: string[];
  stop(): Promise<void>;
}

/** A fresh temporary folder; never the user's ~/.milady. */
export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'switchboard-test-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Boots the real app on an ephemeral loopback port over a config file (created with `content` if given). */
export async function startServer(options: {
  configPath: string;
  content?: string;
  env?: Record<string, string>;
  webConsoleDir?: string;
}): Promise<TestServer> {
  if (options.content !== undefined) {
    await mkdir(dirname(options.configPath), { recursive: true });
    await writeFile(options.configPath, options.content, { mode: 0o600 });
  }
  const logs: string[] = [];
  const env = loadEnv({ ELIZA_CONFIG_PATH: options.configPath, PORT: '0', LOG_LEVEL: 'debug', ...options.env });
  const server = await createServer(env, {
    plugins: await realPlugins(),
    logDestination: { write: (line: string) => void logs.push(line) },
    webConsoleDir: options.webConsoleDir,
  });
  const url = await server.listen();
  return { url, server, configPath: options.configPath, logs, stop: () => server.close() };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** One HTTP call; every answer body is also kept in `transcript` for the leak checks. */
export async function call(
  base: string,
  method: string,
  path: string,
  init: { body?: string | Uint8Array; json?: unknown; headers?: Record<string, string> } = {},
  transcript?: string[],
): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${base}${path}`, { method, headers, body });
  const text = await response.text();
  transcript?.push(`${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${text}`);
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
