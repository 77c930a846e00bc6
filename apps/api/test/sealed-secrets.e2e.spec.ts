/**
 * Encrypted values are bound to their place (issue 20, item 1), over real HTTP and real files: an
 * `enc:` value copied in the file into a field served in clear, or into another connector, is never
 * served (the service keeps running and logs which field, without the value); values of the first,
 * unbound format keep opening where they belong and are re-sealed bound at the next write and by
 * `switchboard rotate-key`; a rename through the ilert surface re-seals under the new name. The
 * secret values of `defaults` are sealed too (issue 25), and rotate-key re-seals `defaults` and the
 * revision history, so revisions restore with the new key alone.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SecretCipher } from '@switchboard/core';
import { runCli } from '../src/cli/run-cli.js';
import { call, realPlugins, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';
import { sealUnbound } from './support/unbound-seal.js';

const TOKEN = '424242:PLANTED-bound-s3cret';
const JIRA_PASSWORD = 'PLANTED-jira-api-token';
const NEXT_TOKEN = '434343:PLANTED-bound-next';
const DEFAULTS_KEY = 'PLANTED-defaults-api-key';
const REVEAL_KEY = 'sealed-reveal-key-0123456789abcdef';
const KEYS = `ops:${REVEAL_KEY}:read,write,reveal`;
const auth = { authorization: `Bearer ${REVEAL_KEY}` };
const newKey = () => randomBytes(32).toString('base64');

function cli(args: string[], env: Record<string, string>): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  return runCli(args, { env, out: (l) => out.push(l), err: (l) => err.push(l), plugins: realPlugins }).then((status) => ({ status, out, err }));
}

describe('encrypted values bound to their connector and field (real HTTP, real files)', () => {
  let dir: string;
  let configPath: string;
  let app: TestServer | undefined;
  const everything: string[] = [];

  const fileJson = async () => JSON.parse(await readFile(configPath, 'utf8')) as Record<string, any>;
  const editFile = async (edit: (file: Record<string, any>) => void) => {
    const file = await fileJson();
    edit(file);
    await writeFile(configPath, `${JSON.stringify(file, null, 2)}\n`);
  };
  const restart = async (key: string) => {
    await app?.stop();
    app = await startServer({ configPath, env: { SWITCHBOARD_ENCRYPTION_KEY: key, SWITCHBOARD_API_KEYS: KEYS } });
  };
  /** The messages of the log lines so far (JSON lines: quotes inside are escaped). */
  const logMessages = () => app!.logs.map((line) => (JSON.parse(line) as { msg: string }).msg).join('\n');
  const get = async (path: string) => {
    const answer = await call(app!.url, 'GET', path, { headers: auth });
    everything.push(answer.text);
    return answer;
  };

  beforeEach(async () => {
    dir = await tempDir();
    configPath = join(dir, 'milady.json');
    everything.splice(0);
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await removeDir(dir);
  });

  it('never serves a value copied into a clear field or another connector; logs the field without the value; keeps serving the rest', async () => {
    const key = newKey();
    await restart(key);
    expect(
      (await call(app!.url, 'POST', '/api/connectors', { headers: auth, json: { name: 'telegram', config: { botToken: TOKEN, dmPolicy: 'pairing' } } })).status,
    ).toBe(200);
    const jira = await call(app!.url, 'POST', '/ilert/api/connectors', {
      headers: auth,
      json: { name: 'ops-jira', type: 'jira', params: { url: 'https://team.atlassian.net', email: 'ops@example.com', password: JIRA_PASSWORD } },
    });
    expect(jira.status).toBe(201);
    const jiraId = (jira.json as { id: string }).id;
    await app!.stop();

    // Someone who can edit the file but not decrypt it copies ciphertexts into fields served in clear.
    await editFile((file) => {
      const sealedToken = file.connectors.telegram.botToken;
      const sealedPassword = file.connectors['ops-jira'].password;
      expect(sealedToken).toMatch(/^enc:v\d:/);
      file.connectors.telegram.dmPolicy = sealedToken;
      file.connectors.telegram.groups = [sealedPassword, 'kept'];
      file.connectors['ops-jira'].email = sealedToken;
      file.connectors.discord = { token: sealedToken, label: sealedPassword };
    });
    await restart(key);

    const eliza = await get('/api/connectors');
    expect(eliza.status).toBe(200);
    expect(eliza.json).toEqual({
      connectors: {
        telegram: { botToken: '****:****', groups: ['kept'] },
        'ops-jira': { url: 'https://team.atlassian.net', password: '****' },
        discord: {},
      },
    });
    // Not even to a key holding reveal: the values do not open where they are.
    const revealed = await get(`/ilert/api/connectors/${jiraId}`);
    expect((revealed.json as { params: unknown }).params).toEqual({ url: 'https://team.atlassian.net', password: JIRA_PASSWORD });
    const telegram = await get('/ilert/api/connectors/name/telegram');
    expect((telegram.json as { params: unknown }).params).toEqual({ botToken: TOKEN, groups: ['kept'] });
    expect((await get('/ilert/api/connectors/name/discord')).json).toMatchObject({ params: {} });
    expect(everything.join('\n').split(TOKEN).length - 1).toBe(1); // only in its own field, to reveal
    expect(everything.join('\n').split(JIRA_PASSWORD).length - 1).toBe(1);

    const logs = logMessages();
    for (const field of [
      '"telegram": the encrypted value of dmPolicy is not served',
      '"telegram": the encrypted value of groups[0]',
      '"ops-jira": the encrypted value of email',
      '"discord": the encrypted value of token',
      '"discord": the encrypted value of label',
    ]) {
      expect(logs).toContain(field);
    }
    expect(logs).toContain('it was moved from another field or connector, altered, or damaged');
    expect(logs).not.toContain('PLANTED');
    // The service writes on: the refused values are dropped when their connector is saved again.
    expect(
      (await call(app!.url, 'POST', '/api/connectors', { headers: auth, json: { name: 'telegram', config: { botToken: '****:****', dmPolicy: 'allowlist' } } }))
        .status,
    ).toBe(200);
    expect(app!.server.registry.getByName('telegram')?.config).toEqual({ botToken: TOKEN, dmPolicy: 'allowlist' });
  });

  it('keeps opening unbound (enc:v1:) values where they belong, refuses them elsewhere, and re-seals them bound (next write, rotate-key)', async () => {
    const key = newKey();
    const legacyToken = sealUnbound(key, TOKEN);
    await writeFile(
      configPath,
      JSON.stringify({
        connectors: { telegram: { botToken: legacyToken, dmPolicy: legacyToken }, slack: { botToken: sealUnbound(key, 'xoxb-PLANTED-legacy') } },
      }),
    );
    await restart(key);
    expect((await get('/api/connectors')).json).toEqual({ connectors: { telegram: { botToken: '****:****' }, slack: { botToken: '****' } } });
    expect(app!.server.registry.getByName('telegram')?.config).toEqual({ botToken: TOKEN });
    expect(logMessages()).toContain('"telegram": the encrypted value of dmPolicy is not served: an unbound (enc:v1:) value in a field that is not secret');

    // Any write re-seals every connector bound to its place.
    expect((await call(app!.url, 'POST', '/api/connectors', { headers: auth, json: { name: 'discord', config: { token: 'PLANTED-discord' } } })).status).toBe(
      200,
    );
    let text = await readFile(configPath, 'utf8');
    expect(text).not.toContain('enc:v1:');
    expect((await fileJson()).connectors.slack.botToken).toMatch(/^enc:v2:/);
    await app!.stop();
    app = undefined;

    // rotate-key upgrades a file left with unbound values, with the current key alone too.
    await writeFile(configPath, JSON.stringify({ connectors: { telegram: { botToken: legacyToken } } }));
    const out: string[] = [];
    const err: string[] = [];
    const status = await runCli(['rotate-key'], {
      env: { ELIZA_CONFIG_PATH: configPath, SWITCHBOARD_ENCRYPTION_KEY: key },
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      plugins: realPlugins,
    });
    expect({ status, err }).toEqual({ status: 0, err: [] });
    text = await readFile(configPath, 'utf8');
    expect(text).not.toContain('enc:v1:');
    expect(await readFile(`${configPath}.bak`, 'utf8')).not.toContain('enc:v1:');
    await restart(key);
    expect(app!.server.registry.getByName('telegram')?.config).toEqual({ botToken: TOKEN });
  });

  it('re-seals under the new name when the ilert surface renames a connector', async () => {
    const key = newKey();
    await restart(key);
    const created = await call(app!.url, 'POST', '/ilert/api/connectors', {
      headers: auth,
      json: { name: 'ops-jira', type: 'jira', params: { url: 'https://team.atlassian.net', email: 'ops@example.com', password: JIRA_PASSWORD } },
    });
    const id = (created.json as { id: string }).id;
    const renamed = await call(app!.url, 'PUT', `/ilert/api/connectors/${id}`, {
      headers: auth,
      json: { name: 'team-jira', type: 'jira', params: { url: 'https://team.atlassian.net', email: 'ops@example.com', password: '****' } },
    });
    expect(renamed.status).toBe(200);
    expect((await fileJson()).connectors['team-jira'].password).toMatch(/^enc:v2:/);
    await restart(key);
    expect((await get(`/ilert/api/connectors/${id}`)).json).toMatchObject({ name: 'team-jira', params: { password: JIRA_PASSWORD } });
    expect(logMessages()).not.toContain('is not served');
  });

  it('seals the secrets of "defaults", and rotate-key re-seals them and every revision: with the new key alone the oldest and newest revisions restore', async () => {
    const firstKey = newKey();
    const secondKey = newKey();
    const firstId = SecretCipher.fromBase64(firstKey).keyId;
    await restart(firstKey);
    const post = (name: string, config: Record<string, unknown>) => call(app!.url, 'POST', '/api/connectors', { headers: auth, json: { name, config } });
    expect((await post('telegram', { botToken: TOKEN, dmPolicy: 'pairing' })).status).toBe(200);
    expect((await post('telegram', { botToken: NEXT_TOKEN, dmPolicy: 'allowlist' })).status).toBe(200);
    const defaults = await post('defaults', { apiKey: DEFAULTS_KEY, region: 'eu' });
    expect((defaults.json as { connectors: Record<string, unknown> }).connectors.defaults).toEqual({ apiKey: '****', region: 'eu' });
    const revisionsPath = join(dir, 'milady.revisions.jsonl');
    for (const file of [configPath, revisionsPath]) expect(await readFile(file, 'utf8')).not.toContain('PLANTED');
    expect((await fileJson()).connectors.defaults.apiKey).toMatch(new RegExp(`^enc:v2:${firstId}:`));
    // The mask round trip keeps the stored value; a restart opens it.
    expect((await post('defaults', { apiKey: '****', region: 'us' })).status).toBe(200);
    await restart(firstKey);
    expect(app!.server.registry.reservedEntries().get('defaults')).toEqual({ apiKey: DEFAULTS_KEY, region: 'us' });
    await app!.stop();
    app = undefined;

    // A revision sealed with a key neither given opens: counted, left as it is.
    const stranger = SecretCipher.fromBase64(newKey()).seal(TOKEN, { connector: 'revisions/legacy', path: ['botToken'] });
    const strangeLine = JSON.stringify({
      revision: 1000,
      at: new Date().toISOString(),
      action: 'create',
      connector: { id: null, name: 'legacy', type: 'telegram' },
      keyId: 'ops',
      fields: ['botToken'],
      fingerprints: {},
      config: { botToken: stranger },
    });
    await appendFile(revisionsPath, `${strangeLine}\n`);

    const rotated = await cli(['rotate-key'], {
      ELIZA_CONFIG_PATH: configPath,
      SWITCHBOARD_ENCRYPTION_KEY: secondKey,
      SWITCHBOARD_ENCRYPTION_KEY_OLD: firstKey,
    });
    expect(rotated.status).toBe(0);
    expect(rotated.out).toEqual([expect.stringMatching(/^re-encrypted the secrets of 1 connector\(s\) and 4 revision\(s\) in .* with key [\w-]{8}$/)]);
    expect(rotated.err).toEqual([expect.stringMatching(/^switchboard: 1 revision\(s\) could not be opened with the keys given .* left as they were/)]);
    for (const file of [configPath, `${configPath}.bak`, revisionsPath]) {
      const text = await readFile(file, 'utf8');
      expect(text).not.toContain('PLANTED');
      expect(text).not.toContain(`enc:v2:${firstId}:`);
    }
    expect((await readFile(revisionsPath, 'utf8')).split('\n')).toContain(strangeLine);
    expect((await stat(revisionsPath)).mode & 0o777).toBe(0o600);

    await restart(secondKey);
    const list = await call(app!.url, 'GET', '/api/connectors/telegram/revisions', { headers: auth });
    const revisions = (list.json as { revisions: { revision: number }[] }).revisions;
    expect(revisions).toHaveLength(2);
    const restore = (revision: number) => call(app!.url, 'POST', `/api/connectors/telegram/revisions/${revision}/restore`, { headers: auth });
    expect((await restore(revisions.at(-1)!.revision)).status).toBe(200);
    expect(app!.server.registry.getByName('telegram')?.config).toEqual({ botToken: TOKEN, dmPolicy: 'pairing' });
    expect((await restore(revisions[0].revision)).status).toBe(200);
    expect(app!.server.registry.getByName('telegram')?.config).toEqual({ botToken: NEXT_TOKEN, dmPolicy: 'allowlist' });
    expect(app!.server.registry.reservedEntries().get('defaults')).toEqual({ apiKey: DEFAULTS_KEY, region: 'us' });
    expect(await readFile(configPath, 'utf8')).not.toContain('PLANTED');
  });
});
