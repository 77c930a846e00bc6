import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../src/cli/run-cli.js';
import { call, realPlugins, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';
import { expectRuntimeAcceptsFile } from './support/runtime-config-check.js';

const TELEGRAM_TOKEN = '424242:PLANTED-file-store-s3cret';
const OUTSIDE_TOKEN = '777:PLANTED-outside-s3cret';

/** Waits until `check` holds (the watcher works in the background). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the Eliza config file under outside edits, with backups and encryption (real HTTP, real files)', () => {
  let dir: string;
  let configPath: string;
  let app: TestServer | undefined;

  const get = () => call(app!.url, 'GET', '/api/connectors');
  const post = (name: string, config: Record<string, unknown>) => call(app!.url, 'POST', '/api/connectors', { json: { name, config } });
  /** The file as the service left it, checked against the runtime's strict schema first. */
  const fileJson = () => expectRuntimeAcceptsFile(configPath);
  /** An outside writer (the runtime, a person): it writes the whole file in place, as the runtime does. */
  const editFile = async (edit: (file: Record<string, any>) => void) => {
    const file = await fileJson();
    edit(file);
    await writeFile(configPath, `${JSON.stringify(file, null, 2)}\n`);
  };

  beforeEach(async () => {
    dir = await tempDir();
    configPath = join(dir, 'milady.json');
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await removeDir(dir);
  });

  it('keeps a connector the runtime added while the API runs when the API then adds another', async () => {
    app = await startServer({ configPath, content: JSON.stringify({ agents: { list: [{ id: 'main' }] } }) });
    expect((await post('telegram', { botToken: TELEGRAM_TOKEN })).status).toBe(200);

    await editFile((file) => {
      file.connectors.discord = { token: OUTSIDE_TOKEN, allowBots: false };
      file.ui = { theme: 'dark' };
    });
    const answer = await post('slack', { botToken: 'xoxb-1', appToken: 'xapp-1' });
    expect(answer.status).toBe(200);
    expect(Object.keys((answer.json as { connectors: object }).connectors).sort()).toEqual(['discord', 'slack', 'telegram']);

    const file = await fileJson();
    expect(file.connectors).toEqual({
      telegram: { botToken: TELEGRAM_TOKEN },
      discord: { token: OUTSIDE_TOKEN, allowBots: false },
      slack: { botToken: 'xoxb-1', appToken: 'xapp-1' },
    });
    expect(file.agents).toEqual({ list: [{ id: 'main' }] });
    expect(file.ui).toEqual({ theme: 'dark' });
    // Both surfaces serve the outside connector, redacted.
    expect((await get()).json).toMatchObject({ connectors: { discord: { token: '****', allowBots: false } } });
    expect((await call(app.url, 'GET', '/ilert/api/connectors/name/discord')).status).toBe(200);
    expect(app.logs.join('\n')).not.toContain('PLANTED');
  });

  it('shows outside edits to readers without any write', async () => {
    app = await startServer({ configPath });
    await post('telegram', { botToken: TELEGRAM_TOKEN });
    await editFile((file) => {
      file.connectors.discord = { token: OUTSIDE_TOKEN };
      delete file.connectors.telegram;
    });
    await eventually(async () => {
      const map = ((await get()).json as { connectors: Record<string, unknown> }).connectors;
      return 'discord' in map && !('telegram' in map);
    }, 'GET to show the outside edit');
    expect((await get()).json).toEqual({ connectors: { discord: { token: '****' } } });
  });

  it('gives a connector added by hand fresh metadata in the metadata file, and drops the metadata of one removed by hand, without any write', async () => {
    app = await startServer({ configPath });
    await post('telegram', { botToken: TELEGRAM_TOKEN });
    await post('slack', { botToken: 'xoxb-1', appToken: 'xapp-1' });
    const metadataPath = `${configPath}.switchboard.json`;
    const metadata = async () => JSON.parse(await readFile(metadataPath, 'utf8')).connectors as Record<string, { id: string; type: string; createdAt: string }>;
    const telegram = (await metadata()).telegram;

    await editFile((file) => {
      file.connectors.discord = { token: OUTSIDE_TOKEN };
      delete file.connectors.slack;
    });
    await eventually(async () => {
      const names = Object.keys(await metadata()).sort();
      return names.join() === 'discord,telegram';
    }, 'the metadata file to follow the outside edit');
    const after = await metadata();
    expect(after.telegram).toEqual(telegram);
    // The metadata the API serves for it, kept for the next start.
    const served = (await call(app.url, 'GET', '/ilert/api/connectors/name/discord')).json as { id: string; type: string; createdAt: string };
    expect(after.discord).toMatchObject({ id: served.id, type: 'discord', createdAt: served.createdAt, version: 1 });
    expect(await readFile(metadataPath, 'utf8')).not.toContain('PLANTED');

    await app.stop();
    app = await startServer({ configPath });
    expect((await call(app.url, 'GET', '/ilert/api/connectors/name/discord')).json).toMatchObject({ id: served.id, createdAt: served.createdAt });
  });

  it('answers 503 and leaves the file alone when an outside edit broke it; writes resume once it is fixed', async () => {
    app = await startServer({ configPath });
    await post('telegram', { botToken: TELEGRAM_TOKEN });
    await writeFile(configPath, '{ "connectors": { "telegram": ');

    const eliza = await post('discord', { token: 'x' });
    expect(eliza.status).toBe(503);
    expect(eliza.json).toEqual({
      error: 'The Eliza config file was changed outside Switchboard and cannot be read now; nothing was saved. Fix the file and try again.',
    });
    const ilert = await call(app.url, 'POST', '/ilert/api/connectors', { json: { name: 'jira', type: 'jira', params: { url: 'https://x.atlassian.net' } } });
    expect(ilert).toMatchObject({ status: 503, json: { status: 503, code: 'SERVICE_UNAVAILABLE' } });
    expect(await readFile(configPath, 'utf8')).toBe('{ "connectors": { "telegram": ');
    // Readers keep being served what was read last.
    expect((await get()).json).toEqual({ connectors: { telegram: { botToken: '****:****' } } });
    expect(app.logs.some((line) => line.includes('is not valid JSON5') && line.includes('writes are refused until it is fixed'))).toBe(true);

    await writeFile(configPath, JSON.stringify({ connectors: { telegram: { botToken: TELEGRAM_TOKEN } } }));
    expect((await post('discord', { token: 'x' })).status).toBe(200);
    expect(Object.keys((await fileJson()).connectors)).toEqual(['telegram', 'discord']);
  });

  it('keeps the previous content as <file>.bak; restore-backup brings it back after damage', async () => {
    app = await startServer({ configPath });
    await post('telegram', { botToken: TELEGRAM_TOKEN });
    const first = await readFile(configPath, 'utf8');
    await post('discord', { token: 'x' });
    expect(await readFile(`${configPath}.bak`, 'utf8')).toBe(first);
    await app.stop();
    app = undefined;

    // Damage of the kind an in-place writer leaves when it dies mid-write.
    const good = await readFile(configPath, 'utf8');
    await writeFile(configPath, good.slice(0, 40));
    await expect(startServer({ configPath })).rejects.toThrow(`The last good copy is ${configPath}.bak`);
    const out: string[] = [];
    const status = await runCli(['restore-backup', '--file', configPath], { env: {}, out: (l) => out.push(l), err: (l) => out.push(l), plugins: realPlugins });
    expect(status).toBe(0);
    expect(out.join('\n')).toMatch(new RegExp(`^restored ${configPath} from ${configPath}\\.bak; the file it replaced is kept as ${configPath}\\.damaged-`));
    app = await startServer({ configPath });
    expect(Object.keys(((await get()).json as { connectors: object }).connectors)).toEqual(['telegram']);
  });

  describe('encryption at rest (SWITCHBOARD_ENCRYPTION_KEY)', () => {
    const key = () => randomBytes(32).toString('base64');

    it('stores plugin-declared and heuristic secrets sealed, serves the same redacted answers, and rotates with the CLI', async () => {
      const oldKey = key();
      app = await startServer({ configPath, env: { SWITCHBOARD_ENCRYPTION_KEY: oldKey } });
      const answer = await post('telegram', { botToken: TELEGRAM_TOKEN, dmPolicy: 'pairing' });
      expect(answer.json).toEqual({ connectors: { telegram: { botToken: '****:****', dmPolicy: 'pairing' } } });
      await post('custom', { password: 'PLANTED-custom-pw', host: 'h' });
      const text = await readFile(configPath, 'utf8');
      expect(text).not.toContain('PLANTED');
      const stored = JSON.parse(text).connectors;
      expect(stored.telegram.botToken).toMatch(/^enc:v2:[\w-]{8}:[\w-]+:[\w-]+:[\w-]+$/);
      expect(stored.telegram.dmPolicy).toBe('pairing');
      expect(stored.custom.password).toMatch(/^enc:v2:/);
      await app.stop();
      app = undefined;

      await expect(startServer({ configPath })).rejects.toThrow(
        /connector "telegram": it holds values encrypted with key [\w-]{8} but SWITCHBOARD_ENCRYPTION_KEY is not set/,
      );

      const newKey = key();
      const out: string[] = [];
      const err: string[] = [];
      const status = await runCli(['rotate-key'], {
        env: { ELIZA_CONFIG_PATH: configPath, SWITCHBOARD_ENCRYPTION_KEY: newKey, SWITCHBOARD_ENCRYPTION_KEY_OLD: oldKey },
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        plugins: realPlugins,
      });
      expect({ status, err }).toEqual({ status: 0, err: [] });
      expect(out).toEqual([
        expect.stringMatching(new RegExp(`^re-encrypted the secrets of 2 connector\\(s\\) and 2 revision\\(s\\) in ${configPath} with key [\\w-]{8}$`)),
      ]);

      await expect(startServer({ configPath, env: { SWITCHBOARD_ENCRYPTION_KEY: oldKey } })).rejects.toThrow(/which is not the configured key/);
      app = await startServer({ configPath, env: { SWITCHBOARD_ENCRYPTION_KEY: newKey } });
      // The round trip still works: the mask sent back keeps the stored (decrypted) token.
      expect((await post('telegram', { botToken: '****:****', dmPolicy: 'allowlist' })).status).toBe(200);
      expect(app.server.registry.getByName('telegram')?.config).toEqual({ botToken: TELEGRAM_TOKEN, dmPolicy: 'allowlist' });
    });

    it('refuses a malformed key at boot without echoing it', async () => {
      await expect(startServer({ configPath, env: { SWITCHBOARD_ENCRYPTION_KEY: 'not-a-key-PLANTED' } })).rejects.toThrow(
        'invalid environment: SWITCHBOARD_ENCRYPTION_KEY must be 32 random bytes in base64 (e.g. from "openssl rand -base64 32")',
      );
    });
  });
});
