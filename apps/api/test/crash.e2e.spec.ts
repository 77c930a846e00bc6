import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type ApiProcess, spawnApi } from './support/api-process.js';
import { removeDir, tempDir } from './support/test-server.js';

// Bounds: at least MIN_CYCLES kills; more only while within the time budget (boot dominates a cycle).
const MIN_CYCLES = 20;
const MAX_CYCLES = 40;
const TIME_BUDGET_MS = 60_000;
const CLIENTS = 24;
/** New names each client creates per cycle, between updates of its own hot names (bounds the file's growth). */
const CREATES_PER_CYCLE = 6;
const HOT_NAMES = 2;
/** The kill comes at a random moment this long after the cycle's first few writes were answered. */
const KILL_AFTER_MS: [number, number] = [0, 300];
const ANSWERED_BEFORE_KILL = 5;

type Config = { apiKey: string; n: number };

/** A free loopback port (the server runs at warn level, without the "listening" line that names it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function healthy(url: string, api: ApiProcess): Promise<void> {
  let exited = false;
  void api.exited.then(() => (exited = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !exited) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`server did not come up: ${api.stderr.join('')}`);
}

describe('crash safety: a real API process killed with SIGKILL under a storm of concurrent writes', () => {
  let dir: string;
  let configPath: string;
  beforeAll(async () => {
    dir = await tempDir();
    configPath = join(dir, 'milady.json');
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  const start = (port: number) =>
    spawnApi({ ELIZA_CONFIG_PATH: configPath, PORT: String(port), LOG_LEVEL: 'warn', RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_PER_KEY: '0' });

  it(`loses no acknowledged write over ${MIN_CYCLES}+ kills, and the file always parses and boots`, async () => {
    /** name -> the config the file must hold: the last write answered 2xx (or one in flight at a kill that did land). */
    const expected = new Map<string, Config>();
    const unexpectedStatuses: number[] = [];
    let acknowledged = 0;
    const began = Date.now();
    let cycle = 0;

    for (; cycle < MAX_CYCLES && (cycle < MIN_CYCLES || Date.now() - began < TIME_BUDGET_MS); cycle++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const api = start(port);
      // Booting on the file the previous kill left is itself the check that it parses and loads.
      await healthy(url, api);

      const inFlight: ({ name: string; config: Config } | undefined)[] = Array(CLIENTS).fill(undefined);
      let answeredThisCycle = 0;
      const client = async (c: number) => {
        for (let i = 0; ; i++) {
          // Creates and updates alternate; updates go to the client's own hot names (one writer per name).
          const name = i % 2 === 0 && i / 2 < CREATES_PER_CYCLE ? `n${cycle}-${c}-${i}` : `hot-${c}-${Math.floor(i / 2) % HOT_NAMES}`;
          const config: Config = { apiKey: `key-${cycle}-${c}-${i}`, n: i };
          inFlight[c] = { name, config };
          let status: number;
          try {
            const response = await fetch(`${url}/api/connectors`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ name, config }),
            });
            status = response.status;
            // The status line came after the write was durable; the body may be cut by the kill.
            await response.arrayBuffer().catch(() => undefined);
          } catch {
            return; // the server is gone: this write may or may not have landed
          }
          inFlight[c] = undefined;
          if (status === 200) {
            expected.set(name, config);
            acknowledged++;
            answeredThisCycle++;
          } else unexpectedStatuses.push(status);
        }
      };
      const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
      // A storm under way (the first requests of a fresh process are slow), then a random moment.
      for (const deadline = Date.now() + 10_000; answeredThisCycle < ANSWERED_BEFORE_KILL && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 5));
      }
      const killAfter = KILL_AFTER_MS[0] + Math.floor(Math.random() * (KILL_AFTER_MS[1] - KILL_AFTER_MS[0]));
      await new Promise((r) => setTimeout(r, killAfter));
      api.child.kill('SIGKILL');
      expect((await api.exited).signal).toBe('SIGKILL');
      await Promise.all(clients);

      const text = await readFile(configPath, 'utf8').catch(() => '{}');
      let file: { connectors?: Record<string, unknown> };
      try {
        file = JSON.parse(text);
      } catch (error) {
        throw new Error(`cycle ${cycle} (killed after ${killAfter} ms): the file does not parse: ${(error as Error).message}`);
      }
      // Written after the config file and before the answer: every acknowledged name has its metadata.
      const metadataText = await readFile(`${configPath}.switchboard.json`, 'utf8').catch(() => '{}');
      let metadata: { connectors?: Record<string, unknown> };
      try {
        metadata = JSON.parse(metadataText);
      } catch (error) {
        throw new Error(`cycle ${cycle} (killed after ${killAfter} ms): the metadata file does not parse: ${(error as Error).message}`);
      }
      const backup = await readFile(`${configPath}.bak`, 'utf8').catch(() => undefined);
      if (backup !== undefined) expect(() => JSON.parse(backup)).not.toThrow();
      const stored = file.connectors ?? {};
      const missing: string[] = [];
      for (const [name, config] of expected) {
        const found = stored[name];
        // A write in flight at the kill may have landed after the one acknowledged: then it is the truth.
        const landed = inFlight.find((w) => w?.name === name && JSON.stringify(w.config) === JSON.stringify(found));
        if (landed) expected.set(name, landed.config);
        else if (JSON.stringify(found) !== JSON.stringify(config)) missing.push(`${name}: expected ${JSON.stringify(config)}, found ${JSON.stringify(found)}`);
        else if (!metadata.connectors?.[name]) missing.push(`${name}: no metadata`);
      }
      if (missing.length > 0)
        throw new Error(`cycle ${cycle} (killed after ${killAfter} ms): ${missing.length} acknowledged write(s) lost: ${missing.slice(0, 5).join('; ')}`);
    }

    expect(cycle).toBeGreaterThanOrEqual(MIN_CYCLES);
    expect(unexpectedStatuses).toEqual([]);
    process.stdout.write(
      `crash test: ${cycle} kills in ${Math.round((Date.now() - began) / 1000)} s, ${acknowledged} writes answered, ${expected.size} names checked\n`,
    );
    expect(acknowledged).toBeGreaterThan(expected.size); // updates were acknowledged too, not only creates
    // The storms really wrote (not just booted and died).
    expect(acknowledged).toBeGreaterThanOrEqual(cycle * ANSWERED_BEFORE_KILL);

    // A last clean boot serves exactly what the file holds, and stops cleanly.
    const port = await freePort();
    const api = start(port);
    await healthy(`http://127.0.0.1:${port}`, api);
    const ready = (await (await fetch(`http://127.0.0.1:${port}/ready`)).json()) as { connectors: number };
    const stored = JSON.parse(await readFile(configPath, 'utf8')).connectors as Record<string, unknown>;
    expect(ready.connectors).toBe(Object.keys(stored).length);
    expect(ready.connectors).toBeGreaterThanOrEqual(expected.size);
    // Temp files the kills left behind were cleared at boot.
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // Every change has its revision: one a kill cut off between the write and its revision was
    // recorded at boot, so each name's newest revision holds what the file holds.
    const newest = new Map<string, { at: string; config?: unknown }>();
    type KeptRevision = { at: string; connector?: { name: string }; config?: unknown };
    const parsed = (line: string): KeptRevision | undefined => {
      try {
        return (JSON.parse(line) as KeptRevision | null) ?? undefined;
      } catch {
        return undefined; // blank, or a line a kill cut short: the store skips it too
      }
    };
    for (const line of (await readFile(join(dir, 'milady.revisions.jsonl'), 'utf8')).split('\n')) {
      const revision = parsed(line);
      if (revision?.connector) newest.set(revision.connector.name, revision);
    }
    const oldestAt = [...newest.values()].reduce((oldest, revision) => (revision.at < oldest ? revision.at : oldest), '9');
    const metadata = JSON.parse(await readFile(`${configPath}.switchboard.json`, 'utf8')) as { connectors: Record<string, { createdAt: string }> };
    const unrecorded = Object.entries(stored).filter(([name, config]) =>
      newest.has(name) ? JSON.stringify(newest.get(name)!.config) !== JSON.stringify(config) : metadata.connectors[name].createdAt >= oldestAt,
    );
    expect(unrecorded.map(([name]) => name)).toEqual([]);
    api.child.kill('SIGTERM');
    expect((await api.exited).code).toBe(0);
  }, 300_000);
});
