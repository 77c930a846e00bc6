// Case 4 — Switchboard on PostgreSQL (DATABASE_URL) against the `pg` driver alone, same concurrency,
// same rows. Two throwaway databases on the server (one per side, so neither sees the other's
// writes), 1,000 connectors seeded in each, dropped at the end.
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { connectorAt, updatedConfig } from '../lib/fixtures.js';
import { load, interleave, withServerCpu } from '../lib/load.js';
import { importFromApi, ROOT } from '../lib/paths.js';
import { rawLoop, rawPool, RECORD_COLUMNS } from '../lib/raw-pg.js';
import { fmt, LOAD_HEADER, loadRow, table } from '../lib/report.js';
import { profileUnderLoad } from '../lib/profile.js';
import { withSideCpu } from '../lib/proc-cpu.js';
import { assertWriteAccepted, elizaWriteBodies, WRITE_CONNECTIONS } from './file-writes.js';

const COUNT = 1000;
const POOL = 4096;

/** PostgreSQL's, the bench process's and the total CPU per write (the server's where there is one). */
function cpuColumns(s) {
  const us = (value) => (Number.isFinite(value) ? value.toFixed(0) : '—');
  const total = (Number.isFinite(s.cpuUs) ? s.cpuUs : 0) + s.pgUs + s.benchUs;
  return [us(s.pgUs), us(s.benchUs), us(total)];
}

async function reachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server to use: BENCH_DATABASE_URL, else the project's default one, started if it is not running. */
export async function serverUrl(ctx) {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/postgres';
  if (await reachable(url)) return url;
  if (process.env.BENCH_DATABASE_URL) throw new Error('BENCH_DATABASE_URL does not answer');
  ctx.log('  starting PostgreSQL with scripts/start-postgres.sh');
  const started = execFileSync('bash', [join(ROOT, 'scripts', 'start-postgres.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 300_000,
  })
    .trim()
    .split('\n')
    .pop();
  if (!(await reachable(started))) throw new Error('scripts/start-postgres.sh did not give a server that answers');
  return started;
}

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.href;
}

export async function admin(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates a database with Switchboard's schema (its own migrations) and COUNT connectors. */
export async function seededDatabase(serverUrl, name, PostgresStore) {
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  const store = new PostgresStore(url);
  try {
    await store.migrate();
  } finally {
    await store.close();
  }
  const records = Array.from({ length: COUNT }, (_, i) => ({ ...connectorAt(i), id: crypto.randomUUID() }));
  const at = '2026-11-01T12:00:00.000Z';
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO connectors (id, type, name, config, created_at, updated_at, version)
       SELECT id, type, name, config, $5, $5, 1 FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS r(id, type, name, config, n) ORDER BY n`,
      [records.map((r) => r.id), records.map((r) => r.type), records.map((r) => r.name), records.map((r) => JSON.stringify(r.config)), at],
    );
  } finally {
    await client.end();
  }
  return { url, records };
}

/** The same changes on every side: a deterministic pool of (record index, new config) pairs. */
export function writeChanges(count) {
  let state = 4242;
  return Array.from({ length: POOL }, (_, k) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const i = state % count;
    return { i, config: updatedConfig(i, k) };
  });
}

/** ilert PUTs by id applying `changes` (writeChanges) to the seeded `records`, cycled through. */
export function ilertPutBodies(records, changes) {
  let n = 0;
  return () => {
    const { i, config } = changes[n++ % changes.length];
    const { id, name, type } = records[i];
    return {
      method: 'PUT',
      path: `/ilert/api/connectors/${id}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, type, params: config }),
    };
  };
}

export async function postgres(ctx) {
  let core;
  try {
    core = await importFromApi('@switchboard/core');
    if (typeof core.PostgresStore !== 'function') throw new Error('@switchboard/core exports no PostgresStore');
  } catch (error) {
    ctx.skip('4', `PostgreSQL store not usable: ${error.message}`);
    return `Not run: the PostgreSQL store is not usable yet (${error.message}). The case is ready: \`bench/cases/postgres.js\`.\n`;
  }
  let server;
  try {
    server = await serverUrl(ctx);
  } catch (error) {
    ctx.skip('4', `no PostgreSQL server: ${error.message}`);
    return `Not run: no PostgreSQL server (${error.message}). Set BENCH_DATABASE_URL or run scripts/start-postgres.sh.\n`;
  }
  const prefix = `switchboard_bench_${process.pid}`;
  const created = [];
  const cleanups = [];
  try {
    const sw = await seededDatabase(server, `${prefix}_sw`, core.PostgresStore);
    created.push(`${prefix}_sw`);
    const raw = await seededDatabase(server, `${prefix}_raw`, core.PostgresStore);
    created.push(`${prefix}_raw`);
    const swServer = await ctx.server('switchboard.js', { databaseUrl: sw.url, logLevel: 'warn' });
    cleanups.push(() => swServer.stop());
    const pool = await rawPool(raw.url, WRITE_CONNECTIONS);
    cleanups.push(() => pool.end());

    const listed = JSON.parse(await (await fetch(`${swServer.url}/api/connectors`)).text());
    if (Object.keys(listed.connectors).length !== COUNT) throw new Error('case 4: Switchboard does not see the seeded rows');

    const changes = writeChanges(COUNT);
    const ilertPut = (records) => ilertPutBodies(records, changes);
    const rawUpsert = () => {
      const now = new Date().toISOString();
      return (n) => {
        const { i, config } = changes[n % POOL];
        const { id, type, name } = raw.records[i];
        return [
          `INSERT INTO connectors (id, type, name, config, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $5, 1)
           ON CONFLICT (id) DO UPDATE SET config = EXCLUDED.config, updated_at = EXCLUDED.updated_at, version = connectors.version + 1`,
          [id, type, name, JSON.stringify(config), now],
        ];
      };
    };
    // What a hand-written server must also write for each change to keep what Switchboard keeps:
    // the revision (its config, changed field names, secret fingerprints), the audit entry and the
    // change event, in the same commit. Same changes, one statement a write, autocommit.
    const fingerprintKey = randomBytes(32);
    const rawSameRows = () => {
      const now = new Date().toISOString();
      return (n) => {
        const { i, config } = changes[n % POOL];
        const { id, type, name } = raw.records[i];
        const fields = Object.keys(config);
        const fingerprints = Object.fromEntries(
          fields
            .filter((field) => typeof config[field] === 'string')
            .map((field) => [field, createHmac('sha256', fingerprintKey).update(config[field]).digest('base64url')]),
        );
        const entry = { at: now, actor: 'bench', action: 'update', connector: { id, name, type }, fields };
        return [
          {
            // Prepared once per connection, as a server written for this would.
            name: 'bench_same_rows',
            text: `WITH written AS (
             INSERT INTO connectors (id, type, name, config, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $5, 1)
             ON CONFLICT (id) DO UPDATE SET config = EXCLUDED.config, updated_at = EXCLUDED.updated_at, version = connectors.version + 1
             RETURNING id
           ), revision AS (
             INSERT INTO connector_revisions (connector_name, connector_id, connector_type, action, key_id, at, fields, fingerprints, config)
             SELECT $3, id, $2, 'update', 'bench', $5, $6, $7, $4 FROM written RETURNING id
           ), audited AS (
             INSERT INTO audit_entries (at, actor, action, connector_name, entry) VALUES ($5, 'bench', 'update', $3, $8)
           )
           SELECT pg_notify('switchboard_bench_events', json_build_object('id', id, 'name', $3::text, 'fields', $6::jsonb)::text) FROM revision`,
          },
          [id, type, name, JSON.stringify(config), now, JSON.stringify(fields), JSON.stringify(fingerprints), JSON.stringify(entry)],
        ];
      };
    };
    const middle = Math.floor(COUNT / 2);
    const reads = {
      swById: (s) =>
        withServerCpu(swServer, () =>
          load({ url: swServer.url, path: `/ilert/api/connectors/${sw.records[middle].id}`, connections: WRITE_CONNECTIONS, seconds: s }),
        )(),
      rawById: (s) =>
        rawLoop(pool, {
          connections: WRITE_CONNECTIONS,
          seconds: s,
          statement: (n) => [`SELECT ${RECORD_COLUMNS} FROM connectors WHERE id = $1`, [raw.records[(middle + n) % COUNT].id]],
        }),
      swPage: (s) =>
        withServerCpu(swServer, () =>
          load({ url: swServer.url, path: `/ilert/api/connectors?start-index=${middle}&max-results=100`, connections: WRITE_CONNECTIONS, seconds: s }),
        )(),
      rawPage: (s) =>
        rawLoop(pool, {
          connections: WRITE_CONNECTIONS,
          seconds: s,
          statement: () => [`SELECT ${RECORD_COLUMNS} FROM connectors ORDER BY seq OFFSET $1 LIMIT 100`, [middle]],
        }),
    };
    const writes = {
      swEliza: (s) =>
        withSideCpu(
          withServerCpu(swServer, () => load({ url: swServer.url, connections: WRITE_CONNECTIONS, seconds: s, nextRequest: elizaWriteBodies(COUNT) })),
        )(),
      swIlert: (s) =>
        withSideCpu(
          withServerCpu(swServer, () => load({ url: swServer.url, connections: WRITE_CONNECTIONS, seconds: s, nextRequest: ilertPut(sw.records) })),
        )(),
      rawUpsert: (s) => withSideCpu(() => rawLoop(pool, { connections: WRITE_CONNECTIONS, seconds: s, statement: rawUpsert() }))(),
      rawSameRows: (s) => withSideCpu(() => rawLoop(pool, { connections: WRITE_CONNECTIONS, seconds: s, statement: rawSameRows() }))(),
    };
    await assertWriteAccepted(swServer.url, elizaWriteBodies(COUNT));
    await assertWriteAccepted(swServer.url, ilertPut(sw.records));
    for (const run of [...Object.values(writes), ...Object.values(reads)]) await run(ctx.settings.warmup);

    const { seconds, rounds } = ctx.settings;
    ctx.log('  writes');
    const w = await interleave(
      {
        'Switchboard, Eliza POST (answers the whole map)': () => writes.swEliza(seconds),
        'Switchboard, ilert PUT by id (answers the record)': () => writes.swIlert(seconds),
        'raw pg upsert (INSERT .. ON CONFLICT DO UPDATE)': () => writes.rawUpsert(seconds),
        'raw pg, the same rows (upsert, revision, audit entry, event; one statement)': () => writes.rawSameRows(seconds),
      },
      rounds,
      ctx.log,
    );
    ctx.log('  reads');
    const r = await interleave(
      {
        'Switchboard, ilert GET by id': () => reads.swById(seconds),
        'raw pg SELECT by id': () => reads.rawById(seconds),
        'Switchboard, ilert page of 100': () => reads.swPage(seconds),
        'raw pg SELECT page of 100 (ORDER BY seq OFFSET LIMIT)': () => reads.rawPage(seconds),
      },
      rounds,
      ctx.log,
    );

    const [eliza, ilert, rawW, rawSame] = Object.values(w);
    const [byId, rawById, page, rawPage] = Object.values(r);
    ctx.target('4', 'PostgreSQL writes, Switchboard Eliza POST / raw pg upsert', eliza.rps / rawW.rps, 0.7);
    ctx.target('4', 'PostgreSQL writes, Switchboard ilert PUT / raw pg upsert', ilert.rps / rawW.rps, 0.7);
    ctx.target('4', 'PostgreSQL reads, Switchboard get-by-id / raw pg select', byId.rps / rawById.rps, 0.7);
    ctx.target('4', 'PostgreSQL reads, Switchboard page / raw pg page', page.rps / rawPage.rps, 0.7);
    const verdict = (value) => `**${fmt.ratio(value)}** (target >= 0.7x): ${value >= 0.7 ? 'met' : '**missed**'}`;
    let markdown = [
      `${COUNT.toLocaleString('en')} connectors seeded in each of two throwaway databases; ${WRITE_CONNECTIONS} concurrent clients on every side ` +
        `(the raw loop: ${WRITE_CONNECTIONS} workers on a ${WRITE_CONNECTIONS}-connection \`pg.Pool\`, one statement each, autocommit, no HTTP); ` +
        `${rounds} interleaved rounds of ${seconds} s. Writes replace the config of a random connector with new secrets (same changes on both sides).`,
      '',
      table(
        [...LOAD_HEADER, 'PostgreSQL CPU µs/write', 'bench process CPU µs/write', 'all three, µs/write', 'failed'],
        Object.entries(w).map(([name, s]) => loadRow(name, s, cpuColumns(s))),
      ),
      '',
      "* CPU per acknowledged write, by process: the Switchboard server (none for the raw loop), every `postgres` process of the server (from /proc), and the bench process (the load generator, or the raw loop and its `pg` driver). The three share the machine's cores, so on a machine whose cores are all busy the sum bounds throughput.",
      '',
      table(
        [...LOAD_HEADER, 'failed'],
        Object.entries(r).map(([name, s]) => loadRow(name, s)),
      ),
      '',
      `* writes, Eliza POST / raw: ${verdict(eliza.rps / rawW.rps)}`,
      `* writes, ilert PUT / raw: ${verdict(ilert.rps / rawW.rps)}`,
      `* writes against the raw loop that keeps the same rows (no target; the target above predates the revision history and shared audit every write now keeps): Eliza POST ${fmt.ratio(eliza.rps / rawSame.rps)}, ilert PUT ${fmt.ratio(ilert.rps / rawSame.rps)}`,
      `* reads, get by id / raw: ${verdict(byId.rps / rawById.rps)}; page / raw: ${verdict(page.rps / rawPage.rps)}`,
      '',
    ].join('\n');
    await swServer.stop();
    const missed = [
      ['case 4 switchboard postgres Eliza POST', eliza, () => elizaWriteBodies(COUNT)],
      ['case 4 switchboard postgres ilert PUT', ilert, () => ilertPut(sw.records)],
    ].filter(([, figures]) => figures.rps / rawW.rps < 0.7);
    for (const [label, , bodies] of ctx.profile ? missed : []) {
      markdown += await profileUnderLoad(ctx, label, 'switchboard.js', { databaseUrl: sw.url, logLevel: 'warn' }, (url, seconds) =>
        load({ url, connections: WRITE_CONNECTIONS, seconds, nextRequest: bodies() }),
      );
    }
    return markdown;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    for (const name of created) await admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  }
}
