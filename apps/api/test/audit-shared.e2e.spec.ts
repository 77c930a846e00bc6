/**
 * The shared audit trail (issue 25, item 1) over real HTTP: three instances on one real PostgreSQL,
 * a write on each, and `GET /api/audit` on each lists every instance's entries, with filters and
 * cursor paging (a cursor from one instance pages on another); no value is ever in the table. The
 * file store's trail (`.audit.jsonl`) takes the same filters and paging.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase, describePostgres, eventually, type TestDatabase } from '../../../packages/core/src/store/postgres/test-database.test-utils.js';
import { call, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';

const ALICE = 'audit-alice-key-0123456789abcdef';
const BOB = 'audit-bob-key-0123456789abcdefgh';
const KEYS = `alice:${ALICE}:read,write,audit;bob:${BOB}:read,write,audit`;
const as = (key: string) => ({ authorization: `Bearer ${key}` });
const SECRET = 'PLANTED-audit-secret';

interface Entry {
  at: string;
  actor: string;
  action: string;
  connector: { name: string };
  fields: string[];
}
interface Page {
  entries: Entry[];
  nextCursor?: string;
}

async function audit(base: string, query = ''): Promise<Page> {
  const answer = await call(base, 'GET', `/api/audit${query}`, { headers: as(ALICE) });
  expect(answer.status).toBe(200);
  return answer.json as Page;
}
const names = (page: Page) => page.entries.map((e) => `${e.action} ${e.connector.name} by ${e.actor}`);

/** Writes a connector through the Eliza surface: a create, then (a second time) an update. */
async function save(base: string, key: string, name: string, token: string): Promise<void> {
  const answer = await call(base, 'POST', '/api/connectors', { headers: as(key), json: { name, config: { botToken: token, dmPolicy: 'pairing' } } });
  expect({ status: answer.status, text: answer.text }).toEqual({ status: 200, text: expect.any(String) });
}

describePostgres('the audit trail of three instances on one PostgreSQL (real HTTP)', () => {
  let db: TestDatabase;
  let dir: string;
  const apps: TestServer[] = [];
  const urls = () => apps.map((app) => app.url);

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await tempDir();
    for (const name of ['a', 'b', 'c']) {
      apps.push(await startServer({ configPath: join(dir, `${name}.json`), env: { DATABASE_URL: db.url, SWITCHBOARD_API_KEYS: KEYS } }));
    }
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await db?.drop();
    await removeDir(dir);
  });

  it('lists a write made on each instance on every instance, newest first', async () => {
    const [a, b, c] = urls();
    await save(a, ALICE, 'telegram', `111111:${SECRET}`);
    await save(b, BOB, 'discord', SECRET);
    await save(c, ALICE, 'slack', `xoxb-${SECRET}`);
    // Acknowledged writes are audited before they are answered: no waiting.
    for (const base of urls()) {
      expect(names(await audit(base))).toEqual(['create slack by alice', 'create discord by bob', 'create telegram by alice']);
    }
    expect((await db.query('SELECT count(*)::int AS n FROM audit_entries')).rows[0].n).toBe(3);
  });

  it('filters by connector, key id, action and time range on any instance', async () => {
    const [a, b, c] = urls();
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await save(c, BOB, 'telegram', `222222:${SECRET}`);
    const del = await call(a, 'DELETE', '/api/connectors/discord', { headers: as(ALICE) });
    expect(del.status).toBe(200);

    expect(names(await audit(b, '?connector=telegram'))).toEqual(['update telegram by bob', 'create telegram by alice']);
    expect(names(await audit(a, '?keyId=bob'))).toEqual(['update telegram by bob', 'create discord by bob']);
    expect(names(await audit(c, '?action=delete'))).toEqual(['delete discord by alice']);
    expect(names(await audit(b, `?from=${encodeURIComponent(before)}`))).toEqual(['delete discord by alice', 'update telegram by bob']);
    expect(names(await audit(a, `?to=${encodeURIComponent(before)}&keyId=alice`))).toEqual(['create slack by alice', 'create telegram by alice']);
    expect((await audit(c, '?connector=telegram')).entries[0].fields).toEqual(['botToken']);
  });

  it('pages with a cursor, on whichever instance the next page is asked', async () => {
    const [a, b, c] = urls();
    const first = await audit(a, '?limit=2');
    expect(names(first)).toEqual(['delete discord by alice', 'update telegram by bob']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await audit(b, `?limit=2&cursor=${first.nextCursor}`);
    expect(names(second)).toEqual(['create slack by alice', 'create discord by bob']);
    const third = await audit(c, `?limit=2&cursor=${second.nextCursor}`);
    expect(names(third)).toEqual(['create telegram by alice']);
    expect(third.nextCursor).toBeUndefined();
  });

  it('answers a malformed query with a 400 naming the parameter', async () => {
    const [a] = urls();
    for (const [query, problem] of [
      ['?limit=0', 'limit must be an integer from 1 to 1000'],
      ['?cursor=abc', 'cursor must be the nextCursor of a previous page'],
      ['?action=rename', 'action must be one of create, update, delete, test'],
      ['?from=yesterday', 'from must be an ISO 8601 date-time'],
      ['?from=2026-02-01&to=2026-01-01', 'from must not be later than to'],
      ['?connector=a&connector=b', 'connector must be given once'],
    ]) {
      const answer = await call(a, 'GET', `/api/audit${query}`, { headers: as(ALICE) });
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
      expect(answer.text).toContain(problem);
    }
  });

  it('keeps no value in the audit table', async () => {
    const { rows } = await db.query<{ row: string }>('SELECT t::text AS row FROM audit_entries AS t');
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r.row).join('\n')).not.toContain('PLANTED');
  });

  it('prunes past AUDIT_RETENTION_DAYS and AUDIT_MAX_ENTRIES when an instance starts', async () => {
    const old = {
      at: '2020-01-01T00:00:00.000Z',
      actor: 'alice',
      surface: 'eliza',
      action: 'update',
      connector: { id: 'x', name: 'ancient', type: 'telegram' },
      fields: [],
    };
    await db.query(`INSERT INTO audit_entries (at, actor, action, connector_name, entry) VALUES ($1, 'alice', 'update', 'ancient', $2)`, [
      old.at,
      JSON.stringify(old),
    ]);
    expect((await db.query('SELECT count(*)::int AS n FROM audit_entries')).rows[0].n).toBe(6);
    apps.push(
      await startServer({
        configPath: join(dir, 'd.json'),
        env: { DATABASE_URL: db.url, SWITCHBOARD_API_KEYS: KEYS, AUDIT_RETENTION_DAYS: '30', AUDIT_MAX_ENTRIES: '4' },
      }),
    );
    await eventually(async () => expect((await db.query('SELECT count(*)::int AS n FROM audit_entries')).rows[0].n).toBe(4));
    // The newest four are kept, on every instance.
    expect(names(await audit(urls()[0], '?limit=10'))).toEqual([
      'delete discord by alice',
      'update telegram by bob',
      'create slack by alice',
      'create discord by bob',
    ]);
  });
});

describe('the audit trail of the file store (real HTTP, real files)', () => {
  let dir: string;
  let app: TestServer;

  beforeAll(async () => {
    dir = await tempDir();
    app = await startServer({ configPath: join(dir, 'milady.json'), env: { SWITCHBOARD_API_KEYS: KEYS } });
  });
  afterAll(async () => {
    await app?.stop();
    await removeDir(dir);
  });

  it('takes the same filters and paging, over the entries of .audit.jsonl after a restart too', async () => {
    await save(app.url, ALICE, 'telegram', `111111:${SECRET}`);
    await save(app.url, BOB, 'discord', SECRET);
    await save(app.url, BOB, 'telegram', `222222:${SECRET}`);
    const check = async () => {
      expect(names(await audit(app.url, '?keyId=bob'))).toEqual(['update telegram by bob', 'create discord by bob']);
      expect(names(await audit(app.url, '?connector=telegram&action=create'))).toEqual(['create telegram by alice']);
      expect(names(await audit(app.url, '?to=2000-01-01'))).toEqual([]);
      const first = await audit(app.url, '?limit=2');
      expect(names(first)).toEqual(['update telegram by bob', 'create discord by bob']);
      expect(names(await audit(app.url, `?limit=2&cursor=${first.nextCursor}`))).toEqual(['create telegram by alice']);
    };
    await check();
    await app.stop();
    app = await startServer({ configPath: join(dir, 'milady.json'), env: { SWITCHBOARD_API_KEYS: KEYS } });
    await check();
    const trail = await readFile(join(dir, 'milady.audit.jsonl'), 'utf8');
    expect(trail.trim().split('\n')).toHaveLength(3);
    expect(trail).not.toContain('PLANTED');
  });
});

describe('the file store lists entries that only .audit.jsonl still holds (AUDIT_MEMORY_ENTRIES=5; real HTTP, real files)', () => {
  let dir: string;
  let app: TestServer;
  const start = () => startServer({ configPath: join(dir, 'milady.json'), env: { SWITCHBOARD_API_KEYS: KEYS, AUDIT_MEMORY_ENTRIES: '5' } });
  /** Every entry a query lists, page by page through nextCursor. */
  async function allPages(query: string, limit: number): Promise<string[][]> {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await audit(app.url, `?limit=${limit}${query}${cursor === undefined ? '' : `&cursor=${cursor}`}`);
      pages.push(names(page));
      cursor = page.nextCursor;
    } while (cursor !== undefined && pages.length < 50);
    return pages;
  }
  let before: string;
  let after: string;
  const written: string[] = [];

  beforeAll(async () => {
    dir = await tempDir();
    app = await start();
    // Bob's three changes of discord come first: twenty changes later, only the file holds them.
    for (let i = 0; i < 3; i++) {
      await save(app.url, BOB, 'discord', `${SECRET}-${i}`);
      written.unshift(`${i === 0 ? 'create' : 'update'} discord by bob`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 0; i < 20; i++) {
      const name = i % 2 === 0 ? 'telegram' : 'slack';
      await save(app.url, ALICE, name, name === 'telegram' ? `${100000 + i}:${SECRET}` : `xoxb-${i}-${SECRET}`);
      written.unshift(`${i < 2 ? 'create' : 'update'} ${name} by alice`);
    }
    after = new Date().toISOString();
  });
  afterAll(async () => {
    await app?.stop();
    await removeDir(dir);
  });

  it('filters by a connector whose entries only the file holds, and pages through them by cursor', async () => {
    const trail = await readFile(join(dir, 'milady.audit.jsonl'), 'utf8');
    expect(trail.trim().split('\n')).toHaveLength(23);
    expect(names(await audit(app.url, '?connector=discord'))).toEqual(['update discord by bob', 'update discord by bob', 'create discord by bob']);
    expect(await allPages('&connector=discord', 2)).toEqual([['update discord by bob', 'update discord by bob'], ['create discord by bob']]);
    expect(names(await audit(app.url, '?connector=discord&action=create'))).toEqual(['create discord by bob']);
  });

  it('finds entries only the file holds by key id and by time range', async () => {
    expect(names(await audit(app.url, '?keyId=bob'))).toEqual(written.slice(20));
    expect(names(await audit(app.url, `?to=${encodeURIComponent(before)}`))).toEqual(written.slice(20));
    expect(names(await audit(app.url, `?from=${encodeURIComponent(before)}&to=${encodeURIComponent(after)}&limit=100`))).toEqual(written.slice(0, 20));
    expect(names(await audit(app.url, `?keyId=alice&to=${encodeURIComponent(before)}`))).toEqual([]);
  });

  it('pages the whole trail across the memory ring and the file, each entry once, after a restart too', async () => {
    for (const limit of [4, 5, 7]) expect((await allPages('', limit)).flat()).toEqual(written);
    // A cursor taken from the ring's page still pages on into the file.
    const first = await audit(app.url, '?limit=5');
    expect(names(first)).toEqual(written.slice(0, 5));
    expect(names(await audit(app.url, `?limit=5&cursor=${first.nextCursor}`))).toEqual(written.slice(5, 10));
    await app.stop();
    app = await start();
    expect((await allPages('', 6)).flat()).toEqual(written);
    expect(names(await audit(app.url, '?connector=discord&limit=1'))).toEqual(['update discord by bob']);
  });
});

describe('the file store does not list entries past AUDIT_RETENTION_DAYS or AUDIT_MAX_ENTRIES, from the file either (real HTTP, real files)', () => {
  let dir: string;
  let app: TestServer;

  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => {
    await app?.stop();
    await removeDir(dir);
  });

  it('lists the newest entries within retention only, whatever the filter', async () => {
    const line = (name: string, at: string) =>
      `${JSON.stringify({ at, actor: 'alice', surface: 'eliza', action: 'update', connector: { id: name, name, type: 'telegram' }, fields: [] })}\n`;
    const recent = new Date(Date.now() - 86_400_000).toISOString();
    const lines = [
      line('old-a', recent),
      line('ancient', '2020-01-01T00:00:00.000Z'),
      line('old-a', recent),
      line('old-b', recent),
      line('old-b', recent),
      line('old-c', recent),
    ];
    await writeFile(join(dir, 'milady.audit.jsonl'), lines.join(''), { mode: 0o600 });
    app = await startServer({
      configPath: join(dir, 'milady.json'),
      env: { SWITCHBOARD_API_KEYS: KEYS, AUDIT_MEMORY_ENTRIES: '1', AUDIT_RETENTION_DAYS: '30', AUDIT_MAX_ENTRIES: '5' },
    });
    // The newest five lines, less the one past thirty days.
    expect(names(await audit(app.url, '?limit=10'))).toEqual([
      'update old-c by alice',
      'update old-b by alice',
      'update old-b by alice',
      'update old-a by alice',
    ]);
    expect(names(await audit(app.url, '?connector=ancient'))).toEqual([]);
    expect(names(await audit(app.url, '?connector=old-a'))).toEqual(['update old-a by alice']);
    expect(names(await audit(app.url, '?to=2021-01-01'))).toEqual([]);
    // Two more entries move the bound past the second old-a.
    await save(app.url, ALICE, 'telegram', `111111:${SECRET}`);
    await save(app.url, ALICE, 'telegram', `222222:${SECRET}`);
    expect(names(await audit(app.url, '?limit=10'))).toEqual([
      'update telegram by alice',
      'create telegram by alice',
      'update old-c by alice',
      'update old-b by alice',
      'update old-b by alice',
    ]);
    expect(names(await audit(app.url, '?connector=old-a'))).toEqual([]);
  });
});
