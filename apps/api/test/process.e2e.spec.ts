import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeDir, tempDir } from './support/test-server.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Running {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

function run(env: Record<string, string>): Running {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent-home', ...env }, stdio: 'pipe' });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout, stderr, exited };
}

/** Waits for the "switchboard listening" log line and returns the address it names. */
async function listening(running: Running): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const line = running.stdout
      .join('')
      .split('\n')
      .find((l) => l.includes('"switchboard listening"'));
    if (line) return (JSON.parse(line) as { address: string }).address;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not start: ${running.stderr.join('')}`);
}

describe('the built service as a real process (node apps/api/dist/main.js)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('serves, and on SIGTERM finishes in-flight writes before exiting 0', async () => {
    const configPath = join(dir, 'milady.json');
    const running = run({ ELIZA_CONFIG_PATH: configPath, PORT: '0' });
    const url = await listening(running);
    const write = (i: number) =>
      fetch(`${url}/api/connectors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `c${i}`, config: { apiKey: `k${i}` } }),
      }).then(
        (r) => r.status,
        () => 0,
      );
    expect(await write(0)).toBe(200);
    const writes = Array.from({ length: 40 }, (_, i) => write(i + 1));
    // Signal while the rest are still queued or in flight.
    await Promise.race(writes);
    running.child.kill('SIGTERM');
    const statuses = await Promise.all(writes);
    expect(await running.exited).toBe(0);
    const stored = JSON.parse(await readFile(configPath, 'utf8')).connectors as Record<string, unknown>;
    // Every write the server acknowledged is in the file.
    statuses.forEach((status, i) => {
      if (status === 200) expect(stored[`c${i + 1}`]).toEqual({ apiKey: `k${i + 1}` });
    });
    expect(stored.c0).toEqual({ apiKey: 'k0' });
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
  });

  it('stops at boot with one clear line when a plugin cannot be loaded', async () => {
    const running = run({ ELIZA_CONFIG_PATH: join(dir, 'milady.json'), PORT: '0', SWITCHBOARD_PLUGINS: '@switchboard/no-such-connector' });
    expect(await running.exited).toBe(1);
    const err = running.stderr.join('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^switchboard: connector plugin @switchboard\/no-such-connector failed to load/);
  });

  it('stops at boot with one clear line on a corrupt config file, leaving it as it was', async () => {
    const configPath = join(dir, 'milady.json');
    await writeFile(configPath, '{ connectors: { telegram: ');
    const running = run({ ELIZA_CONFIG_PATH: configPath, PORT: '0' });
    expect(await running.exited).toBe(1);
    const err = running.stderr.join('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain(`${configPath} is not valid JSON5`);
    expect(await readFile(configPath, 'utf8')).toBe('{ connectors: { telegram: ');
  });

  it('stops at boot on an invalid environment, naming the variable', async () => {
    const running = run({ ELIZA_CONFIG_PATH: join(dir, 'milady.json'), PORT: 'eighty' });
    expect(await running.exited).toBe(1);
    expect(running.stderr.join('')).toMatch(/^switchboard: invalid environment: PORT must be an integer/);
  });

  it('refuses to listen beyond loopback without API keys unless told to', async () => {
    const running = run({ ELIZA_CONFIG_PATH: join(dir, 'milady.json'), PORT: '0', HOST: '0.0.0.0' });
    expect(await running.exited).toBe(1);
    expect(running.stderr.join('')).toMatch(/refusing to listen on 0\.0\.0\.0 without API keys/);
  });
});
