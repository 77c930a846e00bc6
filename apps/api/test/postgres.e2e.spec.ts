import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { join } from 'node:path';
// The PostgreSQL test helpers live beside the store in core (they need its `pg`); tests may reach across.
import {
  createTestDatabase,
  describePostgres,
  eventually,
  type TestDatabase,
  waitForLockWaiters,
} from '../../../packages/core/src/store/postgres/test-database.test-utils.js';
import { loadEnv } from '../src/env.js';
import { createServer, type Server } from '../src/server.js';
import { call, removeDir, tempDir } from './support/test-server.js';

const SECRET = '424242:PLANTED-pg-e2e-secret';

describePostgres('two API instances on one PostgreSQL database, over real HTTP', () => {
  let db: TestDatabase;
  let dir: string;
  const servers: Server[] = [];
  const urls: string[] = [];
  const logs: string[] = [];
  const transcript: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await tempDir();
    for (const name of ['a', 'b']) {
      // The config path is set (to a file that never appears) so nothing can touch ~/.milady.
      const env = loadEnv({ PORT: '0', DATABASE_URL: db.url, ELIZA_CONFIG_PATH: join(dir, `${name}.json`), LOG_LEVEL: 'info' });
      const server = await createServer(env, { plugins: [], logDestination: { write: (line: string) => void logs.push(line) } });
      servers.push(server);
      urls.push(await server.listen());
    }
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await db?.drop();
    await removeDir(dir);
    const everything = [...transcript, ...logs].join('\n');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('PLANTED-pg-e2e');
  });

  it('logs which store it uses, without credentials', () => {
    const loaded = logs.map((line) => JSON.parse(line) as { msg?: string; store?: string }).filter((l) => l.msg === 'registry loaded');
    expect(loaded).toHaveLength(2);
    for (const line of loaded) expect(line.store).toBe(`PostgreSQL ${db.url}`);
  });

  it('serves a connector POSTed to one instance from the other', async () => {
    const [a, b] = urls;
    const posted = await call(a, 'POST', '/api/connectors', { json: { name: 'telegram', config: { botToken: SECRET, allowFrom: ['alice'] } } }, transcript);
    expect(posted.status).toBe(200);

    await eventually(async () => {
      const seen = await call(b, 'GET', '/api/connectors', {}, transcript);
      expect(seen.status).toBe(200);
      expect((seen.json as { connectors: Record<string, unknown> }).connectors).toHaveProperty('telegram');
    });
    const fromA = await call(a, 'GET', '/api/connectors', {}, transcript);
    const fromB = await call(b, 'GET', '/api/connectors', {}, transcript);
    expect(fromB.json).toEqual(fromA.json);

    const listed = await call(b, 'GET', '/ilert/api/connectors', {}, transcript);
    expect(listed.json).toEqual([expect.objectContaining({ name: 'telegram', type: 'telegram' })]);
  });

  /** Both PUTs read the same version and then meet at the row: the race happens on every run. */
  async function racingPuts(id: string, headers: Record<string, string> = {}) {
    const locker = await db.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM connectors WHERE id = $1 FOR UPDATE', [id]);
    const racing = urls.map((base, i) =>
      call(base, 'PUT', `/ilert/api/connectors/${id}`, { headers, json: { name: 'telegram', params: { botToken: `${i}:from-${i ? 'b' : 'a'}` } } }, transcript),
    );
    await waitForLockWaiters(db, 2);
    await locker.query('ROLLBACK');
    return Promise.all(racing);
  }

  it('answers both ilert PUTs of one connector racing on both instances: the loser runs again over the winner, the last writer wins', async () => {
    const [a, b] = urls;
    const [record] = (await call(a, 'GET', '/ilert/api/connectors', {}, transcript)).json as { id: string }[];
    await eventually(async () => expect((await call(b, 'GET', `/ilert/api/connectors/${record.id}`, {}, transcript)).status).toBe(200));

    const answers = await racingPuts(record.id);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const versions = answers.map((answer) => Number(/:(\d+)"$/.exec(answer.headers.get('etag') ?? '')?.[1]));
    expect([...versions].sort()).toEqual([2, 3]);

    // Both instances settle on the last writer's version.
    const last = answers[versions.indexOf(3)].json as { updatedAt: string; params: unknown };
    for (const base of [a, b]) {
      await eventually(async () => {
        const seen = await call(base, 'GET', `/ilert/api/connectors/${record.id}`, {}, transcript);
        expect(seen.json).toMatchObject({ updatedAt: last.updatedAt, params: last.params });
        expect(seen.headers.get('etag')).toBe(answers[versions.indexOf(3)].headers.get('etag'));
      });
    }
    const { rows } = await db.query<{ version: number }>('SELECT version FROM connectors WHERE id = $1', [record.id]);
    expect(rows).toEqual([{ version: 3 }]);
  });

  it('answers exactly one 200 and one 412 to ilert PUTs racing on both instances with the same If-Match', async () => {
    const [a] = urls;
    const [record] = (await call(a, 'GET', '/ilert/api/connectors', {}, transcript)).json as { id: string }[];
    const etag = (await call(a, 'GET', `/ilert/api/connectors/${record.id}`, {}, transcript)).headers.get('etag')!;
    const answers = await racingPuts(record.id, { 'if-match': etag });
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412]);
    const refused = answers.find((answer) => answer.status === 412)!;
    expect(refused.json).toEqual({ status: 412, code: 'PRECONDITION_FAILED', message: expect.stringContaining('was changed since that entity tag') });
    const { rows } = await db.query<{ version: number }>('SELECT version FROM connectors WHERE id = $1', [record.id]);
    expect(rows).toEqual([{ version: 4 }]);
  });

  it('keeps a name unique across instances over HTTP', async () => {
    const [a, b] = urls;
    await call(a, 'POST', '/api/connectors', { json: { name: 'discord', config: { token: 'PLANTED-pg-e2e-discord' } } }, transcript);
    await eventually(async () => {
      const listed = (await call(b, 'GET', '/ilert/api/connectors', {}, transcript)).json as { name: string; id: string }[];
      expect(listed.map((c) => c.name)).toEqual(['telegram', 'discord']);
    });
    const [telegram] = (await call(b, 'GET', '/ilert/api/connectors', {}, transcript)).json as { id: string }[];
    const renamed = await call(b, 'PUT', `/ilert/api/connectors/${telegram.id}`, { json: { name: 'discord', params: { botToken: '1:x' } } }, transcript);
    expect(renamed.status).toBe(409);
    expect(renamed.json).toMatchObject({ code: 'CONFLICT', message: 'A connector named "discord" already exists' });
  });
});
