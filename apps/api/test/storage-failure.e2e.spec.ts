/**
 * When the disk fails (issue 20, items 8 and 9), over real HTTP on a real file system: a small tmpfs
 * mounted for the test is filled up, then made read-only. A write is answered 507/503 naming the
 * cause in each surface's shape, the previous file is intact, nothing is left beside it, /ready says
 * not ready, and the service recovers by itself once the disk can be written again. And no copy of a
 * secret stays on disk in clear: stale temp files go at start, and the backup is sealed once
 * encryption is on.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { call, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';
import { describeOnTmpfs, Tmpfs } from './support/tmpfs.js';

const TOKEN = '424242:PLANTED-disk-s3cret';
const OTHER = 'PLANTED-other-s3cret-9f3e';

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeOnTmpfs('storage-failure.e2e: the full-disk and read-only tests')('a full or read-only disk (a real tmpfs)', () => {
  let disk: Tmpfs;
  let dir: string;
  let configPath: string;
  let app: TestServer;
  const filler = () => join(dir, 'filler');

  beforeAll(async () => {
    disk = await Tmpfs.mount('256k');
    dir = disk.dir;
    configPath = join(dir, 'milady.json');
    app = await startServer({ configPath, env: { RATE_LIMIT_PER_ADDRESS: '0' } });
  });
  afterAll(async () => {
    await disk?.writable().catch(() => undefined);
    await app?.stop();
    await disk?.remove();
  });

  const post = (name: string, config: Record<string, unknown>) => call(app.url, 'POST', '/api/connectors', { json: { name, config } });
  const ready = () => call(app.url, 'GET', '/ready');
  /** What is in the folder besides the file, its backup, its lock, the audit trail and the filler. */
  const strangers = async () =>
    (await readdir(dir)).filter(
      (name) =>
        ![
          'milady.json',
          'milady.json.bak',
          'milady.json.lock',
          'milady.json.switchboard.json',
          'milady.audit.jsonl',
          'milady.revisions.jsonl',
          'milady.revisions.key',
          'filler',
        ].includes(name),
    );

  it('answers 507 naming a full disk on both surfaces, keeps the previous file, leaves nothing beside it, is not ready, and recovers by itself', async () => {
    expect((await post('telegram', { botToken: TOKEN })).status).toBe(200);
    const before = await readFile(configPath, 'utf8');

    // Fill the file system up, page by page, until it refuses.
    expect(await disk.fill(filler())).toBe('ENOSPC');
    const big = { token: OTHER, notes: 'n'.repeat(40_000) };
    const eliza = await post('discord', big);
    expect(eliza.status).toBe(507);
    const message = (eliza.json as { error: string }).error;
    expect(message).toBe(
      'The config file could not be saved: the disk is full (no space left on the device). Nothing was saved; the previous content is intact. Try again once the disk can be written.',
    );
    const ilert = await call(app.url, 'POST', '/ilert/api/connectors', {
      json: { name: 'ops-jira', type: 'jira', params: { url: 'https://x.atlassian.net', password: OTHER, notes: big.notes } },
    });
    expect(ilert.json).toEqual({ status: 507, message, code: 'INSUFFICIENT_STORAGE' });
    expect(await readFile(configPath, 'utf8')).toBe(before);
    expect(await strangers()).toEqual([]);
    expect((await ready()).status).toBe(503);
    expect((await ready()).json).toEqual({
      status: 'not ready',
      store: `Eliza config file ${configPath}`,
      connectors: 1,
      reason: 'the disk is full (no space left on the device)',
    });
    // Reads go on; the registry did not take the write.
    expect((await call(app.url, 'GET', '/api/connectors')).json).toEqual({ connectors: { telegram: { botToken: '****:****' } } });
    const logs = app.logs.join('\n');
    expect(logs).toContain('(ENOSPC): the disk is full (no space left on the device); not ready until it can be written again');
    expect(logs).not.toContain('PLANTED');

    // Space returns: a probe finds out without any client writing.
    await rm(filler());
    await eventually(async () => (await ready()).status === 200, '/ready to recover');
    expect((await ready()).json).toEqual({ status: 'ready', store: `Eliza config file ${configPath}`, connectors: 1 });
    expect(await strangers()).toEqual([]);
    expect((await post('discord', big)).status).toBe(200);
    expect(Object.keys(JSON.parse(await readFile(configPath, 'utf8')).connectors)).toEqual(['telegram', 'discord']);
  });

  it('answers 503 naming a read-only file system, is not ready, and recovers once it is writable again', async () => {
    const before = await readFile(configPath, 'utf8');
    await disk.readOnly();
    try {
      const eliza = await post('slack', { botToken: 'xoxb-PLANTED-ro' });
      expect(eliza).toMatchObject({
        status: 503,
        json: { error: expect.stringContaining('The config file could not be saved: the file system is read-only.') },
      });
      const ilert = await call(app.url, 'DELETE', `/ilert/api/connectors/${app.server.registry.getByName('discord')!.id}`);
      expect(ilert).toMatchObject({ status: 503, json: { status: 503, code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('read-only') } });
      expect(await ready()).toMatchObject({ status: 503, json: { status: 'not ready', reason: 'the file system is read-only' } });
    } finally {
      await disk.writable();
    }
    expect(await readFile(configPath, 'utf8')).toBe(before);
    await eventually(async () => (await ready()).status === 200, '/ready to recover');
    expect((await post('slack', { botToken: 'xoxb-1' })).status).toBe(200);
    expect(await strangers()).toEqual([]);
  });
});

describe('no secret left on disk in clear', () => {
  let dir: string;
  let configPath: string;
  let app: TestServer | undefined;
  beforeEach(async () => {
    dir = await tempDir();
    configPath = join(dir, 'milady.json');
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await removeDir(dir);
  });

  it('removes temp files an interrupted write left beside the file, at start: of every file written atomically beside it', async () => {
    await writeFile(configPath, JSON.stringify({ connectors: { telegram: { botToken: TOKEN } } }));
    const secretLine = `${JSON.stringify({ revision: 1, connector: { name: 'telegram', config: { botToken: TOKEN } } })}\n`;
    // What a crash mid-write of each of them leaves: the config, its (sealed) backup, the metadata,
    // the revision history rewritten whole (secrets in clear without encryption), its key, the test results.
    const stale = [
      '.milady.json.4242.7.tmp',
      '.milady.json.bak.4242.8.tmp',
      '.milady.json.switchboard.json.4242.9.tmp',
      '.milady.revisions.jsonl.4242.10.tmp',
      '.milady.revisions.key.4242.11.tmp',
      '.milady.tests.json.4242.12.tmp',
    ];
    for (const name of stale) await writeFile(join(dir, name), secretLine);
    // Not ours: another file's temp, and a name of that shape without the numbers.
    await writeFile(join(dir, '.other.json.4242.7.tmp'), 'x');
    await writeFile(join(dir, '.milady.json.bak.mine.tmp'), 'x');
    app = await startServer({ configPath });
    const left = await readdir(dir);
    expect(stale.filter((name) => left.includes(name))).toEqual([]);
    expect(left).toEqual(expect.arrayContaining(['.other.json.4242.7.tmp', '.milady.json.bak.mine.tmp']));
    expect(app.logs.join('\n')).toContain(`removed 6 temp file(s) an interrupted write left beside ${configPath}`);
  });

  it('keeps the backup sealed once encryption is on, though the file it replaces held the secrets in clear', async () => {
    app = await startServer({ configPath });
    expect((await call(app.url, 'POST', '/api/connectors', { json: { name: 'telegram', config: { botToken: TOKEN, dmPolicy: 'pairing' } } })).status).toBe(200);
    await writeFile(configPath, JSON.stringify({ ...JSON.parse(await readFile(configPath, 'utf8')), ui: { theme: 'dark' } }, null, 2));
    await app.stop();
    expect(await readFile(configPath, 'utf8')).toContain(TOKEN);

    const key = randomBytes(32).toString('base64');
    app = await startServer({ configPath, env: { SWITCHBOARD_ENCRYPTION_KEY: key } });
    expect((await call(app.url, 'POST', '/api/connectors', { json: { name: 'discord', config: { token: OTHER } } })).status).toBe(200);
    const file = await readFile(configPath, 'utf8');
    const backup = await readFile(`${configPath}.bak`, 'utf8');
    for (const text of [file, backup]) {
      expect(text).not.toContain('PLANTED');
    }
    // The backup is still the previous content (without discord), every other key kept, and it opens.
    const previous = JSON.parse(backup);
    expect(Object.keys(previous.connectors)).toEqual(['telegram']);
    expect(previous.connectors.telegram).toEqual({ botToken: expect.stringMatching(/^enc:v2:/), dmPolicy: 'pairing' });
    expect(previous.ui).toEqual({ theme: 'dark' });
    await app.stop();
    await writeFile(configPath, backup);
    app = await startServer({ configPath, env: { SWITCHBOARD_ENCRYPTION_KEY: key } });
    expect(app.server.registry.getByName('telegram')?.config).toEqual({ botToken: TOKEN, dmPolicy: 'pairing' });
    const audit = await readFile(join(dir, 'milady.audit.jsonl'), 'utf8');
    expect(audit).not.toContain('PLANTED');
  });
});
