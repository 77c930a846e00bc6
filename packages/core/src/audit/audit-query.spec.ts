/**
 * GET /api/audit's filters and paging, the same on both trails: the file store's (the ring loaded
 * from `.audit.jsonl`) and PostgreSQL's (`audit_entries`, shared by every instance); and retention.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, describePostgres, type TestDatabase } from '../store/postgres/test-database.test-utils.js';
import { runMigrations } from '../store/postgres/migrate.js';
import { type AuditEntry, AuditLog } from './audit-log.js';
import type { AuditQuery } from './audit-query.js';
import { PostgresAuditStorage } from './postgres-audit-storage.js';

const BASE = Date.UTC(2026, 0, 1);
const minute = (i: number) => new Date(BASE + i * 60_000).toISOString();

/** Entry i: at minute i, actor ops (odd) or ci (even), connector c(i % 4), every third a delete. */
function entry(i: number): AuditEntry {
  return {
    at: minute(i),
    actor: i % 2 === 1 ? 'ops' : 'ci',
    surface: 'eliza',
    action: i % 3 === 0 ? 'delete' : 'update',
    connector: { id: `id-${i % 4}`, name: `c${i % 4}`, type: 'telegram' },
    fields: ['botToken'],
  };
}
/** Entry 13 renames old-name to c1. */
const RENAME: AuditEntry = { ...entry(13), previousName: 'old-name' };
const ALL = [...Array.from({ length: 12 }, (_, i) => entry(i + 1)), RENAME];
const numbers = (entries: AuditEntry[]) => entries.map((e) => Math.round((Date.parse(e.at) - BASE) / 60_000));

/** Every page of a query, following nextCursor. */
async function allPages(log: AuditLog, query: AuditQuery): Promise<number[][]> {
  const pages: number[][] = [];
  let cursor: string | undefined;
  do {
    const page = await log.query({ ...query, ...(cursor !== undefined && { cursor }) });
    pages.push(numbers(page.entries));
    cursor = page.nextCursor;
  } while (cursor !== undefined && pages.length < 20);
  return pages;
}

/** A log that recorded ALL. */
async function recordingAll(log: AuditLog): Promise<AuditLog> {
  for (const e of ALL) await log.record(e);
  return log;
}

/** `open`: a log holding ALL, in order. */
function behavesAsAnAuditTrail(open: () => Promise<AuditLog>): void {
  let log: AuditLog;
  beforeAll(async () => {
    log = await open();
  });
  afterAll(async () => {
    await log.close();
  });

  it('lists newest first and pages by cursor to the end', async () => {
    expect(await allPages(log, { limit: 5 })).toEqual([
      [13, 12, 11, 10, 9],
      [8, 7, 6, 5, 4],
      [3, 2, 1],
    ]);
    expect(await allPages(log, { limit: 13 })).toEqual([[13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]]);
  });

  it('filters by connector (a rename by its old name too), key id, action and time range, together', async () => {
    expect(numbers((await log.query({ limit: 50, connector: 'c1' })).entries)).toEqual([13, 9, 5, 1]);
    expect(numbers((await log.query({ limit: 50, connector: 'old-name' })).entries)).toEqual([13]);
    expect(numbers((await log.query({ limit: 50, keyId: 'ci' })).entries)).toEqual([12, 10, 8, 6, 4, 2]);
    expect(numbers((await log.query({ limit: 50, action: 'delete' })).entries)).toEqual([12, 9, 6, 3]);
    expect(numbers((await log.query({ limit: 50, from: minute(4), to: minute(7) })).entries)).toEqual([7, 6, 5, 4]);
    expect(numbers((await log.query({ limit: 50, keyId: 'ops', action: 'update', from: minute(2) })).entries)).toEqual([13, 11, 7, 5]);
    expect((await log.query({ limit: 50, connector: 'nobody' })).entries).toEqual([]);
    expect(await allPages(log, { limit: 2, keyId: 'ci' })).toEqual([
      [12, 10],
      [8, 6],
      [4, 2],
    ]);
  });

  it('keeps its pages where they were while entries are recorded between them', async () => {
    const first = await log.query({ limit: 3, action: 'delete' });
    expect(numbers(first.entries)).toEqual([12, 9, 6]);
    await log.record({ ...entry(14), action: 'delete' });
    const second = await log.query({ limit: 3, action: 'delete', cursor: first.nextCursor });
    expect(numbers(second.entries)).toEqual([3]);
    expect(second.nextCursor).toBeUndefined();
    expect(numbers((await log.query({ limit: 1, action: 'delete' })).entries)).toEqual([14]);
  });

  it('gives back each entry exactly as recorded', async () => {
    const { entries } = await log.query({ limit: 1, connector: 'old-name' });
    expect(entries).toEqual([RENAME]);
  });
}

describe('audit trail of the file store: filters and paging', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-audit-query-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('over the entries recorded', () => {
    behavesAsAnAuditTrail(async () => recordingAll(await AuditLog.open({ file: join(dir, 'recorded.audit.jsonl') })));
  });

  describe('over the entries loaded from .audit.jsonl', () => {
    behavesAsAnAuditTrail(async () => {
      const file = join(dir, 'loaded.audit.jsonl');
      await (await recordingAll(await AuditLog.open({ file }))).close();
      return AuditLog.open({ file });
    });
  });

  // The ring holds two entries; the others are read from the file, across its rotation to `.1`.
  const SMALL = { capacity: 2, maxFileBytes: 1500 };

  describe('over entries past the memory ring, recorded', () => {
    behavesAsAnAuditTrail(async () => recordingAll(await AuditLog.open({ ...SMALL, file: join(dir, 'small.audit.jsonl') })));
  });

  describe('over entries past the memory ring, loaded from .audit.jsonl and its rotated .1', () => {
    behavesAsAnAuditTrail(async () => {
      const file = join(dir, 'small-loaded.audit.jsonl');
      await (await recordingAll(await AuditLog.open({ ...SMALL, file }))).close();
      const lines = (path: string) => readFile(path, 'utf8').then((text) => text.trim().split('\n').length);
      expect([await lines(`${file}.1`), await lines(file)]).toEqual([expect.any(Number), expect.any(Number)]);
      expect((await lines(`${file}.1`)) + (await lines(file))).toBe(ALL.length);
      return AuditLog.open({ ...SMALL, file });
    });
  });

  it('lists no entry past AUDIT_RETENTION_DAYS, neither loaded nor recorded', async () => {
    const file = join(dir, 'retention.audit.jsonl');
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
    const lines = [
      { ...entry(1), at: at(40) },
      { ...entry(2), at: at(20) },
    ];
    await writeFile(file, lines.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const log = await AuditLog.open({ file, retentionDays: 30 });
    await log.record({ ...entry(3), at: at(35) });
    await log.record({ ...entry(4), at: at(1) });
    expect((await log.query({ limit: 50 })).entries.map((e) => e.connector.name)).toEqual(['c0', 'c2']);
    await log.close();
  });

  it('lists no entry past AUDIT_RETENTION_DAYS or AUDIT_MAX_ENTRIES from the file either', async () => {
    const file = join(dir, 'retention-file.audit.jsonl');
    const now = Date.now();
    // Entry i was recorded days[i - 1] days ago; its field names it.
    const days = [40, 20, 35, 10, 5, 3, 2, 1];
    const aged = (i: number, daysAgo: number): AuditEntry => ({ ...entry(i), at: new Date(now - daysAgo * 86_400_000).toISOString(), fields: [`n${i}`] });
    await writeFile(file, days.map((daysAgo, i) => `${JSON.stringify(aged(i + 1, daysAgo))}\n`).join(''));
    const listed = async (log: AuditLog, query: Omit<AuditQuery, 'limit'> = {}) => {
      const out: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await log.query({ limit: 2, ...query, ...(cursor !== undefined && { cursor }) });
        out.push(...page.entries.map((e) => Number(e.fields[0].slice(1))));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return out;
    };

    const byAge = await AuditLog.open({ file, capacity: 1, retentionDays: 30 });
    expect(await listed(byAge)).toEqual([8, 7, 6, 5, 4, 2]);
    expect(await listed(byAge, { connector: 'c1' })).toEqual([5]);
    await byAge.close();

    const byCount = await AuditLog.open({ file, capacity: 1, maxEntries: 3 });
    expect(await listed(byCount)).toEqual([8, 7, 6]);
    expect(await listed(byCount, { connector: 'c1' })).toEqual([]);
    await byCount.record(aged(9, 0));
    expect(await listed(byCount)).toEqual([9, 8, 7]);
    await byCount.close();
  });
});

describePostgres('audit trail in PostgreSQL: filters, paging and retention', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const client = await db.connect();
    await runMigrations(client);
  });
  afterAll(async () => {
    await db?.drop();
  });

  describe('one instance', () => {
    behavesAsAnAuditTrail(async () => recordingAll(await AuditLog.open({ shared: new PostgresAuditStorage(db.url) })));
  });

  describe('retention', () => {
    const storages: PostgresAuditStorage[] = [];
    beforeEach(async () => {
      await db.query('DELETE FROM audit_entries');
    });
    afterEach(async () => {
      await Promise.all(storages.splice(0).map((s) => s.close()));
    });

    it('prunes entries older than the retention days, and the oldest past the maximum count', async () => {
      const now = Date.now();
      const at = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
      const byAge = new PostgresAuditStorage(db.url, { retentionDays: 30 });
      storages.push(byAge);
      for (const [i, daysAgo] of [
        [1, 45],
        [2, 31],
        [3, 29],
        [4, 2],
        [5, 0],
      ] as const)
        await byAge.append({ ...entry(i), at: at(daysAgo) });
      // Listed already without the old ones, before any prune.
      expect((await byAge.query({ limit: 50 })).entries.map((e) => e.connector.name)).toEqual(['c1', 'c0', 'c3']);
      expect(await byAge.prune()).toBe(2);
      expect((await db.query('SELECT count(*)::int AS n FROM audit_entries')).rows[0].n).toBe(3);

      const byCount = new PostgresAuditStorage(db.url, { maxEntries: 2 });
      storages.push(byCount);
      expect(await byCount.prune()).toBe(1);
      expect((await byCount.query({ limit: 50 })).entries.map((e) => e.connector.name)).toEqual(['c1', 'c0']);
    });

    it('prunes at start, on every instance', async () => {
      const writer = new PostgresAuditStorage(db.url);
      storages.push(writer);
      await writer.append({ ...entry(1), at: new Date(Date.now() - 10 * 86_400_000).toISOString() });
      await writer.append({ ...entry(2), at: new Date().toISOString() });
      const pruner = new PostgresAuditStorage(db.url, { retentionDays: 7 });
      storages.push(pruner);
      pruner.start();
      const deadline = Date.now() + 5000;
      while ((await db.query('SELECT count(*)::int AS n FROM audit_entries')).rows[0].n !== 1 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect((await writer.query({ limit: 50 })).entries.map((e) => e.connector.name)).toEqual(['c2']);
    });

    it('stores a burst of entries recorded at once, in the order recorded', async () => {
      const storage = new PostgresAuditStorage(db.url);
      storages.push(storage);
      await Promise.all(ALL.map((e) => storage.append(e)));
      expect(numbers((await storage.query({ limit: 50 })).entries)).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    });
  });
});
