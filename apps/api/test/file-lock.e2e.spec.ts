import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type ApiProcess, listening, logLines, spawnApi } from './support/api-process.js';
import { removeDir, tempDir } from './support/test-server.js';

const post = (url: string, name: string) =>
  fetch(`${url}/api/connectors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, config: { apiKey: `k-${name}` } }),
  });

describe('one Switchboard per config file, between real processes (node apps/api/dist/main.js)', () => {
  let dir: string;
  let configPath: string;
  const running: ApiProcess[] = [];

  beforeEach(async () => {
    dir = await tempDir();
    configPath = join(dir, 'milady.json');
  });
  afterEach(async () => {
    for (const api of running.splice(0)) {
      api.child.kill('SIGKILL');
      await api.exited;
    }
    await removeDir(dir);
  });

  const start = (env: Record<string, string> = {}) => {
    const api = spawnApi({ ELIZA_CONFIG_PATH: configPath, PORT: '0', ...env });
    running.push(api);
    return api;
  };

  it('a second process on the same file stops at boot with one line naming the file and the first pid; the lock goes with the first', async () => {
    const first = start();
    const url = await listening(first);
    expect((await post(url, 'telegram')).status).toBe(200);
    const before = await readFile(configPath, 'utf8');
    expect(JSON.parse(await readFile(`${configPath}.lock`, 'utf8'))).toEqual({ pid: first.pid, hostname: hostname(), startedAt: expect.any(String) });

    const second = start();
    expect((await second.exited).code).toBe(1);
    const err = second.stderr.join('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(
      new RegExp(`^switchboard: ${configPath} is in use by another Switchboard \\(pid ${first.pid} on ${hostname()}, since .*; lock ${configPath}\\.lock\\)`),
    );
    // The first one is undisturbed.
    expect(await readFile(configPath, 'utf8')).toBe(before);
    expect((await post(url, 'discord')).status).toBe(200);

    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    await expect(stat(`${configPath}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
    const third = start();
    await listening(third);
  });

  it('after a crash (SIGKILL) the next process takes the stale lock over, saying so, and serves what was written', async () => {
    const crashed = start();
    const url = await listening(crashed);
    expect((await post(url, 'telegram')).status).toBe(200);
    crashed.child.kill('SIGKILL');
    expect((await crashed.exited).signal).toBe('SIGKILL');
    expect(JSON.parse(await readFile(`${configPath}.lock`, 'utf8')).pid).toBe(crashed.pid);

    const next = start();
    const nextUrl = await listening(next);
    const warning = logLines(next).find((line) => line.msg.startsWith('took over the stale lock'));
    expect(warning).toMatchObject({ level: 40, msg: expect.stringContaining(`${configPath}.lock left by pid ${crashed.pid}`) });
    expect(JSON.parse(await readFile(`${configPath}.lock`, 'utf8')).pid).toBe(next.pid);
    const map = (await (await fetch(`${nextUrl}/api/connectors`)).json()) as { connectors: Record<string, unknown> };
    expect(Object.keys(map.connectors)).toEqual(['telegram']);
  });
});
