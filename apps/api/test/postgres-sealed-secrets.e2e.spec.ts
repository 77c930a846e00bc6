/**
 * Encryption at rest in PostgreSQL (issue 25, item 2), over real HTTP on a real database: with
 * SWITCHBOARD_ENCRYPTION_KEY set no planted secret is in clear in any table, the API still serves
 * and reveals the values, a value moved in the table to another field or connector is never served,
 * `switchboard rotate-key` re-seals the database (connectors, `defaults`, the revision history: the
 * revisions restore with the new key alone), and `switchboard copy` between the database and a
 * config file keeps every value sealed (re-sealed for its place in the destination).
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SecretCipher } from '@switchboard/core';
import { createTestDatabase, describePostgres, type TestDatabase } from '../../../packages/core/src/store/postgres/test-database.test-utils.js';
import { runCli } from '../src/cli/run-cli.js';
import { call, realPlugins, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';

const TOKEN = '424242:PLANTED-pg-sealed-token';
const JIRA_PASSWORD = 'PLANTED-pg-jira-password';
const DEFAULTS_KEY = 'PLANTED-pg-defaults-api-key';
const REVEAL_KEY = 'pg-sealed-reveal-key-0123456789abcdef';
const KEYS = `ops:${REVEAL_KEY}:read,write,reveal`;
const auth = { authorization: `Bearer ${REVEAL_KEY}` };
const newKey = () => randomBytes(32).toString('base64');

/** Every row of every table of the database, as text: what someone holding a dump would read. */
async function dumpAsText(db: TestDatabase): Promise<string> {
  const tables = await db.query<{ name: string }>(`SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'`);
  const texts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await db.query<{ row: string }>(`SELECT t::text AS row FROM ${name} AS t`);
    texts.push(...rows.rows.map((r) => r.row));
  }
  expect(tables.rows.map((t) => t.name)).toContain('connectors');
  return texts.join('\n');
}

function cli(args: string[], env: Record<string, string>): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  return runCli(args, { env, out: (l) => out.push(l), err: (l) => err.push(l), plugins: realPlugins }).then((status) => ({ status, out, err }));
}

describePostgres('encryption at rest in PostgreSQL (real HTTP, real database)', () => {
  let db: TestDatabase;
  let other: TestDatabase;
  let dir: string;
  let app: TestServer | undefined;
  const firstKey = newKey();
  const secondKey = newKey();

  const start = async (database: TestDatabase, key: string, extra: Record<string, string> = {}) => {
    await app?.stop();
    app = await startServer({
      configPath: join(dir, 'never-written.json'),
      env: { DATABASE_URL: database.url, SWITCHBOARD_ENCRYPTION_KEY: key, SWITCHBOARD_API_KEYS: KEYS, ...extra },
    });
    return app;
  };
  const stop = async () => {
    await app?.stop();
    app = undefined;
  };
  const revealed = async (name: string) => {
    const answer = await call(app!.url, 'GET', `/ilert/api/connectors/name/${name}`, { headers: auth });
    expect(answer.status).toBe(200);
    return (answer.json as { params: Record<string, unknown> }).params;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    other = await createTestDatabase();
    dir = await tempDir();
  });
  afterAll(async () => {
    await stop();
    await db?.drop();
    await other?.drop();
    await removeDir(dir);
  });

  it('keeps no planted secret in clear in any table, and still serves and reveals the values', async () => {
    await start(db, firstKey);
    expect(
      (await call(app!.url, 'POST', '/api/connectors', { headers: auth, json: { name: 'telegram', config: { botToken: TOKEN, dmPolicy: 'pairing' } } })).status,
    ).toBe(200);
    const jira = await call(app!.url, 'POST', '/ilert/api/connectors', {
      headers: auth,
      json: { name: 'ops-jira', type: 'jira', params: { url: 'https://team.atlassian.net', email: 'ops@example.com', password: JIRA_PASSWORD } },
    });
    expect(jira.status).toBe(201);
    // `defaults` is masked like a connector: its secret is sealed like one too.
    const defaults = await call(app!.url, 'POST', '/api/connectors', {
      headers: auth,
      json: { name: 'defaults', config: { apiKey: DEFAULTS_KEY, region: 'eu' } },
    });
    expect((defaults.json as { connectors: Record<string, unknown> }).connectors.defaults).toEqual({ apiKey: '****', region: 'eu' });

    const dump = await dumpAsText(db);
    expect(dump).not.toContain('PLANTED');
    const stored = await db.query<{ token: string; password: string }>(
      `SELECT (SELECT config->>'botToken' FROM connectors WHERE name = 'telegram') AS token, (SELECT config->>'password' FROM connectors WHERE name = 'ops-jira') AS password`,
    );
    const keyId = SecretCipher.fromBase64(firstKey).keyId;
    expect(stored.rows[0].token.startsWith(`enc:v2:${keyId}:`)).toBe(true);
    expect(stored.rows[0].password.startsWith(`enc:v2:${keyId}:`)).toBe(true);
    const reserved = await db.query<{ apiKey: string }>(`SELECT value->>'apiKey' AS "apiKey" FROM connector_reserved WHERE name = 'defaults'`);
    expect(reserved.rows[0].apiKey.startsWith(`enc:v2:${keyId}:`)).toBe(true);

    expect((await call(app!.url, 'GET', '/api/connectors', { headers: auth })).json).toEqual({
      connectors: {
        defaults: { apiKey: '****', region: 'eu' },
        telegram: { botToken: '****:****', dmPolicy: 'pairing' },
        'ops-jira': { url: 'https://team.atlassian.net', email: 'ops@example.com', password: '****' },
      },
    });
    expect(await revealed('telegram')).toEqual({ botToken: TOKEN, dmPolicy: 'pairing' });
    expect(await revealed('ops-jira')).toMatchObject({ password: JIRA_PASSWORD });
    // A restart reads them back from the table.
    await start(db, firstKey);
    expect(await revealed('telegram')).toEqual({ botToken: TOKEN, dmPolicy: 'pairing' });
  });

  it('never serves a value moved in the table into another field or connector', async () => {
    await stop();
    await db.query(`UPDATE connectors SET config = jsonb_set(config, '{dmPolicy}', config->'botToken') WHERE name = 'telegram'`);
    await db.query(
      `UPDATE connectors SET config = jsonb_set(config, '{email}', (SELECT config->'botToken' FROM connectors WHERE name = 'telegram')) WHERE name = 'ops-jira'`,
    );
    await start(db, firstKey);
    expect((await call(app!.url, 'GET', '/api/connectors', { headers: auth })).json).toEqual({
      connectors: {
        defaults: { apiKey: '****', region: 'eu' },
        telegram: { botToken: '****:****' },
        'ops-jira': { url: 'https://team.atlassian.net', password: '****' },
      },
    });
    expect(await revealed('telegram')).toEqual({ botToken: TOKEN });
    expect(await revealed('ops-jira')).toEqual({ url: 'https://team.atlassian.net', password: JIRA_PASSWORD });
    const logs = app!.logs.join('\n');
    expect(logs).toContain('connector \\"telegram\\": the encrypted value of dmPolicy is not served');
    expect(logs).toContain('connector \\"ops-jira\\": the encrypted value of email is not served');
    expect(logs).not.toContain('PLANTED');

    // Saving the connector again drops the moved value for good.
    expect(
      (await call(app!.url, 'POST', '/api/connectors', { headers: auth, json: { name: 'telegram', config: { botToken: '****:****', dmPolicy: 'allowlist' } } }))
        .status,
    ).toBe(200);
    expect(await revealed('telegram')).toEqual({ botToken: TOKEN, dmPolicy: 'allowlist' });
    expect(await dumpAsText(db)).not.toContain('PLANTED');
  });

  it('re-seals the database with switchboard rotate-key', async () => {
    await stop();
    // A revision sealed with a key neither given opens: counted, left as it is.
    const stranger = SecretCipher.fromBase64(newKey()).seal(TOKEN, { connector: 'revisions/legacy', path: ['botToken'] });
    await db.query(
      `INSERT INTO connector_revisions (connector_name, connector_type, action, key_id, at, fields, fingerprints, config)
       VALUES ('legacy', 'telegram', 'create', 'ops', now(), '["botToken"]', '{}', $1::jsonb)`,
      [JSON.stringify({ botToken: stranger })],
    );
    const both = await cli(['rotate-key', '--file', join(dir, 'x.json'), '--database', db.url], { SWITCHBOARD_ENCRYPTION_KEY: secondKey });
    expect(both.status).toBe(2);
    expect(both.err.join('\n')).toContain('rotate-key takes --file or --database, not both');
    const rotated = await cli(['rotate-key'], {
      DATABASE_URL: db.url,
      ELIZA_CONFIG_PATH: join(dir, 'never-written.json'),
      SWITCHBOARD_ENCRYPTION_KEY: secondKey,
      SWITCHBOARD_ENCRYPTION_KEY_OLD: firstKey,
    });
    // The value still moved into ops-jira's email is not carried over (named, without its content).
    expect({ status: rotated.status, err: rotated.err }).toEqual({
      status: 0,
      err: [
        expect.stringMatching(/^PostgreSQL: connector "ops-jira": the encrypted value of email is not served: .*; the rotation leaves it out$/),
        expect.stringMatching(/^switchboard: 1 revision\(s\) could not be opened with the keys given .* left as they were/),
      ],
    });
    expect(rotated.err.join('\n')).not.toContain('PLANTED');
    const newId = SecretCipher.fromBase64(secondKey).keyId;
    expect(rotated.out.join('\n')).toContain(`re-encrypted the secrets of 2 connector(s) and 4 revision(s) in PostgreSQL`);
    expect(rotated.out.join('\n')).toContain(`with key ${newId}`);
    const sealed = (await db.query<{ config: string }>('SELECT config::text AS config FROM connectors')).rows.map((r) => r.config).join('\n');
    expect(sealed).not.toContain(`enc:v2:${SecretCipher.fromBase64(firstKey).keyId}:`);
    expect(sealed.split(`enc:v2:${newId}:`).length - 1).toBe(2);
    const dump = await dumpAsText(db);
    expect(dump).not.toContain('PLANTED');
    expect(dump).not.toContain(`enc:v2:${SecretCipher.fromBase64(firstKey).keyId}:`);
    expect(dump).toContain(stranger);

    // The new key alone opens everything; the old one alone no longer does (boot stops, naming the key).
    await start(db, secondKey);
    expect(await revealed('telegram')).toEqual({ botToken: TOKEN, dmPolicy: 'allowlist' });
    expect(app!.server.registry.reservedEntries().get('defaults')).toEqual({ apiKey: DEFAULTS_KEY, region: 'eu' });
    // Every revision opens with the new key alone: the oldest and the newest restore.
    const list = await call(app!.url, 'GET', '/api/connectors/telegram/revisions', { headers: auth });
    const revisions = (list.json as { revisions: { revision: number }[] }).revisions;
    expect(revisions).toHaveLength(2);
    const restore = (revision: number) => call(app!.url, 'POST', `/api/connectors/telegram/revisions/${revision}/restore`, { headers: auth });
    expect((await restore(revisions.at(-1)!.revision)).status).toBe(200);
    expect(await revealed('telegram')).toEqual({ botToken: TOKEN, dmPolicy: 'pairing' });
    expect((await restore(revisions[0].revision)).status).toBe(200);
    expect(await revealed('telegram')).toEqual({ botToken: TOKEN, dmPolicy: 'allowlist' });
    await stop();
    await expect(start(db, firstKey)).rejects.toThrow(/encrypted with key/);
    app = undefined;
  });

  it('keeps values sealed when copying the database to a config file and the file to another database', async () => {
    const file = join(dir, 'copied.json');
    const env = { ELIZA_CONFIG_PATH: join(dir, 'never-written.json'), SWITCHBOARD_ENCRYPTION_KEY: secondKey };
    const toFile = await cli(['copy', '--from', `postgres:${db.url}`, '--to', `file:${file}`], env);
    expect({ status: toFile.status, err: toFile.err }).toEqual({ status: 0, err: [] });
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('PLANTED');
    expect((JSON.parse(text) as { connectors: { telegram: { botToken: string } } }).connectors.telegram.botToken).toMatch(/^enc:v2:/);

    const toDatabase = await cli(['copy', '--from', `file:${file}`, '--to', `postgres:${other.url}`], env);
    expect({ status: toDatabase.status, err: toDatabase.err }).toEqual({ status: 0, err: [] });
    expect(await dumpAsText(other)).not.toContain('PLANTED');
    await start(other, secondKey);
    expect(await revealed('telegram')).toEqual({ botToken: TOKEN, dmPolicy: 'allowlist' });
    expect(await revealed('ops-jira')).toMatchObject({ password: JIRA_PASSWORD });
    expect(app!.logs.join('\n')).not.toContain('is not served');
  });
});
