import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditEntry, AuditLog } from './audit-log.js';

const entry = (i: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  actor: 'ops',
  surface: 'ilert',
  action: 'update',
  connector: { id: `id-${i}`, name: `c${i}`, type: 'jira' },
  fields: ['password'],
  ...extra,
});

describe('AuditLog', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-audit-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the newest entries in a bounded ring, newest first', async () => {
    const log = AuditLog.inMemory({ capacity: 3 });
    for (let i = 1; i <= 5; i++) await log.record(entry(i));
    expect(log.recent().map((e) => e.connector.name)).toEqual(['c5', 'c4', 'c3']);
    expect(log.recent(2).map((e) => e.connector.name)).toEqual(['c5', 'c4']);
    expect(AuditLog.inMemory().recent()).toEqual([]);
  });

  it('logs each entry as a structured line', async () => {
    const lines: AuditEntry[] = [];
    const log = AuditLog.inMemory({ log: (e) => lines.push(e) });
    await log.record(entry(1));
    expect(lines).toEqual([entry(1)]);
  });

  it('appends JSON lines to a 0600 file and reads them back after a restart', async () => {
    const file = join(dir, 'milady.audit.jsonl');
    const first = await AuditLog.open({ file, capacity: 10 });
    for (let i = 1; i <= 3; i++) await first.record(entry(i));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as AuditEntry)).toEqual([entry(1), entry(2), entry(3)]);

    const second = await AuditLog.open({ file, capacity: 2 });
    expect(second.recent().map((e) => e.connector.name)).toEqual(['c3', 'c2']);
    await second.record(entry(4));
    expect(second.recent().map((e) => e.connector.name)).toEqual(['c4', 'c3']);
  });

  it('skips a line cut short by a crash, and narrows a file found readable by others', async () => {
    const file = join(dir, 'audit.jsonl');
    await writeFile(file, `${JSON.stringify(entry(1))}\n{"at":"2026-01-0`, { mode: 0o644 });
    await chmod(file, 0o644);
    const log = await AuditLog.open({ file });
    expect(log.recent()).toEqual([entry(1)]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  /** Every entry a query lists, following nextCursor one entry at a time (so each page crosses from ring to file). */
  async function everyEntry(log: AuditLog): Promise<string[]> {
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await log.query({ limit: 1, ...(cursor !== undefined && { cursor }) });
      names.push(...page.entries.map((e) => e.connector.name));
      cursor = page.nextCursor;
    } while (cursor !== undefined && names.length < 50);
    return names;
  }

  it('ends a line cut short by a crash before appending, so the entries after it are kept and listed in place', async () => {
    const file = join(dir, 'audit.jsonl');
    await writeFile(file, `${JSON.stringify(entry(1))}\n${JSON.stringify(entry(2))}\n{"at":"2026-01-0`);
    const log = await AuditLog.open({ file, capacity: 1 });
    await log.record(entry(3));
    await log.record(entry(4));
    expect(await everyEntry(log)).toEqual(['c4', 'c3', 'c2', 'c1']);
    expect((await readFile(file, 'utf8')).split('\n')).toEqual([
      JSON.stringify(entry(1)),
      JSON.stringify(entry(2)),
      '{"at":"2026-01-0',
      JSON.stringify(entry(3)),
      JSON.stringify(entry(4)),
      '',
    ]);
    expect(await everyEntry(await AuditLog.open({ file, capacity: 1 }))).toEqual(['c4', 'c3', 'c2', 'c1']);
  });

  it('keeps listing the file in place after an append failed (that entry is listed while in memory only)', async () => {
    const file = join(dir, 'audit.jsonl');
    const warnings: string[] = [];
    const log = await AuditLog.open({ file, capacity: 2, warn: (m) => warnings.push(m) });
    await log.record(entry(1));
    await log.record(entry(2));
    // A directory where the file was: the append of entry 3 fails.
    await rename(file, `${file}.away`);
    await mkdir(file);
    await log.record(entry(3));
    await rmdir(file);
    await rename(`${file}.away`, file);
    await log.record(entry(4));
    expect(warnings.join('\n')).toMatch(/cannot append/);
    expect(await everyEntry(log)).toEqual(['c4', 'c3', 'c2', 'c1']);
    await log.record(entry(5));
    expect(await everyEntry(log)).toEqual(['c5', 'c4', 'c2', 'c1']);
  });

  it('lists entries still being appended when a query reaches past the ring, across a rotation', async () => {
    const file = join(dir, 'audit.jsonl');
    const log = await AuditLog.open({ file, capacity: 2, maxFileBytes: 1000 });
    const appended = Array.from({ length: 10 }, (_, i) => log.record(entry(i + 1)));
    expect(await everyEntry(log)).toEqual(['c10', 'c9', 'c8', 'c7', 'c6', 'c5', 'c4', 'c3', 'c2', 'c1']);
    await Promise.all(appended);
    expect((await readFile(`${file}.1`, 'utf8')).length).toBeGreaterThan(0);
  });

  it('rotates the file to <file>.1 past its size bound and still reloads across both', async () => {
    const file = join(dir, 'audit.jsonl');
    const log = await AuditLog.open({ file, maxFileBytes: 600 });
    for (let i = 1; i <= 8; i++) await log.record(entry(i));
    const rotated = await readFile(`${file}.1`, 'utf8');
    const current = await readFile(file, 'utf8');
    expect(rotated.length).toBeLessThanOrEqual(600);
    expect(current.length).toBeGreaterThan(0);
    const reloaded = await AuditLog.open({ file, capacity: 100 });
    const names = reloaded.recent().map((e) => e.connector.name);
    expect(names[0]).toBe('c8');
    expect(names.length).toBeGreaterThanOrEqual(4);
  });

  it('never fails a change when the file cannot be written; it warns instead', async () => {
    const warnings: string[] = [];
    const log = await AuditLog.open({ file: join(dir, 'missing-folder', 'audit.jsonl'), warn: (m) => warnings.push(m) });
    await expect(log.record(entry(1))).resolves.toBeUndefined();
    expect(log.recent()).toHaveLength(1);
    expect(warnings.join('\n')).toMatch(/cannot append/);
  });
});
