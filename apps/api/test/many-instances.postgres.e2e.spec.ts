/**
 * Many instances as one service (issue 25, item 5): three real server processes (`node dist/main.js`,
 * as operators run it) on one fresh PostgreSQL database, written to at once through both surfaces.
 *
 * * distinct connectors written concurrently on all three all survive (no lost update of the map);
 * * concurrent writes to ONE connector: last writer wins (every acknowledged write makes exactly one
 *   version and one revision, in the order PostgreSQL applied them; the final state is the write
 *   with the highest revision), and with If-Match exactly one of two racing writers wins (412);
 * * a subscriber of /api/events on each instance sees every change made on any instance;
 * * GET /api/audit on any instance lists every acknowledged write of all three;
 * * any revision can be restored on any instance;
 * * one instance killed with SIGKILL under load loses no acknowledged write, every committed write
 *   has its revision and audit entry, and the two others keep answering reads and writes (no 5xx)
 *   during and after the kill.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createTestDatabase, describePostgres, eventually, type TestDatabase } from '../../../packages/core/src/store/postgres/test-database.test-utils.js';
import { type ApiProcess, hasExited, listening, spawnApi, stopApi } from './support/api-process.js';
import { dataOf, type EventStream, openEventStream, type ReceivedEvent } from './support/event-stream.js';
import { type Answer, call, removeDir, tempDir } from './support/test-server.js';

const INSTANCES = 3;
const KEY = 'many-instances-ops-key-0123456789';
const AUTH = { authorization: `Bearer ${KEY}` };
/** Generous for a loaded 2-core machine, yet far below "never": the 1 s target is printed, not asserted. */
const EVENT_BOUND_MS = 5000;

type Action = 'create' | 'update' | 'delete';
/** One acknowledged change: what the audit, the history and every change feed must all hold. */
interface Acked {
  action: Action;
  name: string;
}
interface Revision {
  revision: number;
  action: Action;
  connector: { name: string };
  restoredFrom?: number;
}
interface AuditEntry {
  action: string;
  connector: { name: string };
  revision?: number;
  actor: string;
}
interface IlertConnector {
  id: string;
  name: string;
  params: Record<string, unknown>;
}

/** The version in one of our entity tags (`"<id>:<version>"`); the tests read it to tie answers to revisions. */
const versionOf = (etag: string | null): number => Number(/:(\d+)"$/.exec(etag ?? '')?.[1] ?? NaN);

describePostgres('three API processes on one PostgreSQL behave as one service (real HTTP)', () => {
  let db: TestDatabase;
  let dir: string;
  const encryptionKey = randomBytes(32).toString('base64');
  const apis: ApiProcess[] = [];
  const urls: string[] = [];
  /** One subscriber per instance, open for the whole file (every change of every test reaches each). */
  const streams: EventStream[] = [];
  const acked: Acked[] = [];

  const start = async (slot: number): Promise<void> => {
    const api = spawnApi({
      DATABASE_URL: db.url,
      ELIZA_CONFIG_PATH: join(dir, `instance-${slot}.json`),
      PORT: '0',
      LOG_LEVEL: 'info',
      SWITCHBOARD_API_KEYS: `ops:${KEY}:read,write,reveal,audit`,
      // The same key on every instance: each opens what another sealed.
      SWITCHBOARD_ENCRYPTION_KEY: encryptionKey,
      RATE_LIMIT_PER_KEY: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
      REVISION_RETENTION: '100000',
      EVENTS_HEARTBEAT_MS: '1000',
    });
    apis[slot] = api;
    urls[slot] = await listening(api);
  };

  const request = (slot: number, method: string, path: string, json?: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
    call(urls[slot], method, path, { headers: { ...AUTH, ...headers }, ...(json !== undefined && { json }) });
  const elizaPut = (slot: number, name: string, config: Record<string, unknown>, headers?: Record<string, string>) =>
    request(slot, 'POST', '/api/connectors', { name, config }, headers);
  const elizaDelete = (slot: number, name: string, headers?: Record<string, string>) =>
    request(slot, 'DELETE', `/api/connectors/${encodeURIComponent(name)}`, undefined, headers);
  const ilertCreate = (slot: number, name: string, params: Record<string, unknown>) =>
    request(slot, 'POST', '/ilert/api/connectors', { name, type: 'telegram', params });
  const ilertPut = (slot: number, id: string, name: string, params: Record<string, unknown>, headers?: Record<string, string>) =>
    request(slot, 'PUT', `/ilert/api/connectors/${id}`, { name, type: 'telegram', params }, headers);
  const ilertDelete = (slot: number, id: string, headers?: Record<string, string>) =>
    request(slot, 'DELETE', `/ilert/api/connectors/${id}`, undefined, headers);
  const ilertByName = (slot: number, name: string) => request(slot, 'GET', `/ilert/api/connectors/name/${encodeURIComponent(name)}`);
  const elizaMap = async (slot: number): Promise<Record<string, Record<string, unknown>>> => {
    const answer = await request(slot, 'GET', '/api/connectors');
    expect(answer.status).toBe(200);
    return (answer.json as { connectors: Record<string, Record<string, unknown>> }).connectors;
  };
  const revisionsOf = async (slot: number, name: string): Promise<Revision[]> => {
    const answer = await request(slot, 'GET', `/api/connectors/${encodeURIComponent(name)}/revisions`);
    expect(answer.status).toBe(200);
    return (answer.json as { revisions: Revision[] }).revisions;
  };
  const restore = async (slot: number, name: string, revision: number): Promise<Revision> => {
    const answer = ok(await request(slot, 'POST', `/api/connectors/${encodeURIComponent(name)}/revisions/${revision}/restore`), { action: 'update', name });
    return answer.json as Revision;
  };

  /** A 2xx, noted as an acknowledged change when it made one. */
  function ok(answer: Answer, change?: Acked): Answer {
    if (answer.status < 200 || answer.status > 299) throw new Error(`expected a 2xx, got ${answer.status}: ${answer.text}`);
    if (change) acked.push(change);
    return answer;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await tempDir();
    // One after another: the first migrates, the others find the schema (migrating at once is item 1's test).
    for (let slot = 0; slot < INSTANCES; slot++) await start(slot);
    for (const url of urls) {
      const stream = await openEventStream(url, AUTH);
      expect(stream.status).toBe(200);
      streams.push(stream);
    }
  }, 60_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await Promise.all(apis.map((api) => stopApi(api)));
    await db?.drop();
    if (dir) await removeDir(dir);
  }, 30_000);

  it('keeps every connector written concurrently through both surfaces on all three (no lost update of the map)', async () => {
    const PER_INSTANCE = 6;
    /** name -> what its config must show (non-secret fields) once every write is answered. */
    const expected = new Map<string, Record<string, unknown>>();
    const chains: Promise<void>[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      const next = (i + 1) % INSTANCES;
      const third = (i + 2) % INSTANCES;
      for (let j = 0; j < PER_INSTANCE; j++) {
        // Each chain crosses instances at once, as a load balancer would send it: created on one,
        // replaced on the next, deleted (every other one) on the third.
        const eliza = `map-eliza-${i}-${j}`;
        chains.push(
          (async () => {
            ok(await elizaPut(i, eliza, { marker: `created-${i}-${j}` }), { action: 'create', name: eliza });
            ok(await elizaPut(next, eliza, { marker: `replaced-${i}-${j}` }), { action: 'update', name: eliza });
            if (j % 2 === 1) ok(await elizaDelete(third, eliza), { action: 'delete', name: eliza });
          })(),
        );
        if (j % 2 === 0) expected.set(eliza, { marker: `replaced-${i}-${j}` });
        const ilert = `map-ilert-${i}-${j}`;
        chains.push(
          (async () => {
            const created = ok(await ilertCreate(i, ilert, { botToken: `${i}${j}0:created`, webhookPath: `/created-${i}-${j}` }), {
              action: 'create',
              name: ilert,
            });
            const { id } = created.json as IlertConnector;
            ok(await ilertPut(next, id, ilert, { botToken: `${i}${j}0:updated`, webhookPath: `/updated-${i}-${j}` }), { action: 'update', name: ilert });
            if (j % 2 === 0) expect(ok(await ilertDelete(third, id), { action: 'delete', name: ilert }).status).toBe(204);
          })(),
        );
        if (j % 2 === 1) expected.set(ilert, { webhookPath: `/updated-${i}-${j}` });
      }
    }
    await Promise.all(chains);
    for (let slot = 0; slot < INSTANCES; slot++) {
      await eventually(async () => {
        const map = await elizaMap(slot);
        const ours = Object.fromEntries(Object.entries(map).filter(([name]) => name.startsWith('map-')));
        expect(Object.keys(ours).sort()).toEqual([...expected.keys()].sort());
        for (const [name, fields] of expected) expect(ours[name]).toMatchObject(fields);
      });
    }
  }, 60_000);

  it('serialises concurrent writes to one connector: each acknowledged write makes one version and one revision, the last one wins', async () => {
    const NAME = 'race-target';
    const created = ok(await ilertCreate(0, NAME, { botToken: '1:race-created', webhookPath: '/race-created' }), { action: 'create', name: NAME });
    const { id } = created.json as IlertConnector;
    expect(versionOf(created.headers.get('etag'))).toBe(1);

    // Eight writes from each instance at once, half through each surface, none with a precondition.
    const PER_INSTANCE = 8;
    const writes: Promise<{ marker: string; answer: Answer }>[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      for (let j = 0; j < PER_INSTANCE; j++) {
        const marker = `/race-${i}-${j}`;
        const params = { botToken: `1:race-${i}-${j}`, webhookPath: marker };
        const answer = j % 2 === 0 ? elizaPut(i, NAME, params) : ilertPut(i, id, NAME, params);
        writes.push(answer.then((a) => ({ marker, answer: a })));
      }
    }
    const answers = await Promise.all(writes);
    for (const { answer } of answers) ok(answer, { action: 'update', name: NAME });
    const total = INSTANCES * PER_INSTANCE;

    // The ilert answers carry the version each write made: all different.
    const versionByMarker = new Map<string, number>();
    for (const { marker, answer } of answers) if (answer.headers.get('etag')) versionByMarker.set(marker, versionOf(answer.headers.get('etag')));
    expect(new Set(versionByMarker.values()).size).toBe(versionByMarker.size);

    // No lost update: one version per acknowledged write, on every instance.
    let final: IlertConnector | undefined;
    for (let slot = 0; slot < INSTANCES; slot++) {
      await eventually(async () => {
        const answer = await ilertByName(slot, NAME);
        expect(answer.status).toBe(200);
        expect(versionOf(answer.headers.get('etag'))).toBe(1 + total);
        final = answer.json as IlertConnector;
      });
    }
    expect(answers.map((a) => a.marker)).toContain(final!.params.webhookPath);

    // One revision per acknowledged write (create included), unique, the same list on every instance.
    const revisions = (await revisionsOf(1, NAME)).reverse();
    expect(revisions).toHaveLength(1 + total);
    expect(new Set(revisions.map((r) => r.revision)).size).toBe(revisions.length);
    expect(await revisionsOf(2, NAME)).toEqual([...revisions].reverse());

    // Revision order is the order the database applied the writes: the revision of rank k holds the
    // write that made version k + 1 (checked by restoring each, round robin over the instances; a
    // restore puts back exactly the config the revision kept), and the last one is the final state.
    const restoredMarkers: unknown[] = [];
    for (const [rank, revision] of revisions.entries()) {
      const slot = rank % INSTANCES;
      const made = await restore(slot, NAME, revision.revision);
      expect(made.restoredFrom).toBe(revision.revision);
      const now = (await ilertByName(slot, NAME)).json as IlertConnector;
      restoredMarkers.push(now.params.webhookPath);
      const version = versionByMarker.get(now.params.webhookPath as string);
      if (version !== undefined) expect({ marker: now.params.webhookPath, version }).toEqual({ marker: now.params.webhookPath, version: rank + 1 });
    }
    expect(restoredMarkers[0]).toBe('/race-created');
    expect(new Set(restoredMarkers.slice(1))).toEqual(new Set(answers.map((a) => a.marker)));
    expect(restoredMarkers.at(-1)).toBe(final!.params.webhookPath);
  }, 60_000);

  it('honours If-Match: of two writers racing from two instances with the same ETag exactly one wins, the other gets 412', async () => {
    const NAME = 'guarded-target';
    const created = ok(await ilertCreate(0, NAME, { botToken: '2:guarded', webhookPath: '/guarded-0' }), { action: 'create', name: NAME });
    const { id } = created.json as IlertConnector;
    for (let round = 1; round <= 4; round++) {
      const read = await ilertByName(round % INSTANCES, NAME);
      const etag = read.headers.get('etag')!;
      expect(etag).toMatch(/^"[^"]+"$/);
      // Two instances (one pair in the last round: the same instance), one precondition.
      const [left, right] = round === 4 ? [1, 1] : [round % INSTANCES, (round + 1) % INSTANCES];
      const ifMatch = { 'if-match': etag };
      const [a, b] = await Promise.all([
        ilertPut(left, id, NAME, { botToken: '2:guarded', webhookPath: `/guarded-${round}-a` }, ifMatch),
        round % 2 === 0
          ? elizaPut(right, NAME, { botToken: '2:guarded', webhookPath: `/guarded-${round}-b` }, ifMatch)
          : ilertPut(right, id, NAME, { botToken: '2:guarded', webhookPath: `/guarded-${round}-b` }, ifMatch),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const [winner, loser] = a.status === 200 ? [`/guarded-${round}-a`, b] : [`/guarded-${round}-b`, a];
      ok(a.status === 200 ? a : b, { action: 'update', name: NAME });
      // Each surface answers in its own error shape.
      if (loser === a || round % 2 === 1)
        expect(loser.json).toEqual({ status: 412, message: expect.stringContaining('If-Match'), code: 'PRECONDITION_FAILED' });
      else expect(loser.json).toEqual({ error: expect.stringContaining('If-Match') });
      await eventually(async () => expect(((await ilertByName(0, NAME)).json as IlertConnector).params.webhookPath).toBe(winner));
    }
    // A stale tag deletes nothing; the current one does, and `*` needs the connector to exist.
    const stale = `"${id}:1"`;
    expect((await ilertDelete(2, id, { 'if-match': stale })).status).toBe(412);
    expect((await elizaDelete(1, NAME, { 'if-match': stale })).json).toEqual({ error: expect.stringContaining('If-Match') });
    expect((await ilertPut(0, id, NAME, { botToken: '2:guarded' }, { 'if-match': 'not-a-tag' })).status).toBe(400);
    const current = (await ilertByName(2, NAME)).headers.get('etag')!;
    ok(await elizaDelete(1, NAME, { 'if-match': current }), { action: 'delete', name: NAME });
    expect((await elizaPut(0, NAME, { botToken: '2:guarded' }, { 'if-match': '*' })).status).toBe(412);
    for (let slot = 0; slot < INSTANCES; slot++) await eventually(async () => expect((await ilertByName(slot, NAME)).status).toBe(404));
  }, 60_000);

  it('delivers every change made on any instance to a subscriber of each, within a bound', async () => {
    /** When each change was sent and its answer came (performance.now(), the clock the streams stamp events with). */
    const answeredAt = new Map<string, number>();
    const sentAt = new Map<string, number>();
    await Promise.all(
      [0, 1, 2].map(async (i) => {
        const name = `feed-${i}`;
        const steps: [Action, () => Promise<Answer>][] = [
          ['create', () => elizaPut(i, name, { marker: 'one' })],
          ['update', () => elizaPut((i + 1) % INSTANCES, name, { marker: 'two' })],
          ['delete', () => elizaDelete((i + 2) % INSTANCES, name)],
        ];
        for (const [action, step] of steps) {
          sentAt.set(`${action} ${name}`, performance.now());
          ok(await step(), { action, name });
          answeredAt.set(`${action} ${name}`, performance.now());
        }
      }),
    );
    const eventAction: Record<Action, string> = { create: 'created', update: 'updated', delete: 'deleted' };
    // An event often arrives before the answer that acknowledges its write: that counts as 0.
    let worst = 0;
    let worstFromSend = 0;
    for (const [key, at] of answeredAt) {
      const [action, name] = key.split(' ') as [Action, string];
      for (const [slot, stream] of streams.entries()) {
        const matches = (e: ReceivedEvent) => e.event === eventAction[action] && (dataOf(e).connector as { name: string }).name === name;
        const event = await stream.next(matches, EVENT_BOUND_MS);
        const latency = Math.max(0, event.at - at);
        expect({ slot, key, latency: latency < EVENT_BOUND_MS }).toEqual({ slot, key, latency: true });
        worst = Math.max(worst, latency);
        worstFromSend = Math.max(worstFromSend, event.at - sentAt.get(key)!);
        expect(stream.received.filter(matches)).toHaveLength(1);
      }
    }
    console.log(
      `many instances: slowest change feed event over ${answeredAt.size} writes x ${streams.length} subscribers: ${worst.toFixed(1)} ms after the write's answer, ${worstFromSend.toFixed(1)} ms after its request was sent`,
    );
  }, 60_000);

  it("lists every acknowledged write of all three in the audit of each, and every subscriber got each one's event", async () => {
    const revisionIds = (await db.query<{ id: string }>('SELECT id FROM connector_revisions ORDER BY id')).rows.map((row) => Number(row.id));
    expect(revisionIds).toHaveLength(acked.length);
    const identities = (changes: { action: string; name: string }[]) => changes.map((c) => `${c.action} ${c.name}`).sort();
    for (let slot = 0; slot < INSTANCES; slot++) {
      const entries: AuditEntry[] = [];
      for (let cursor: string | undefined; ;) {
        const answer = await request(slot, 'GET', `/api/audit?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(answer.status).toBe(200);
        const page = answer.json as { entries: AuditEntry[]; nextCursor?: string };
        entries.push(...page.entries);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(entries).toHaveLength(acked.length);
      expect(identities(entries.map((e) => ({ action: e.action, name: e.connector.name })))).toEqual(identities(acked));
      expect(entries.map((e) => e.revision).sort((x, y) => x! - y!)).toEqual(revisionIds);
      expect(new Set(entries.map((e) => e.actor))).toEqual(new Set(['ops']));
    }
    // Each subscriber got one event per revision, whichever instance made it.
    for (const stream of streams) {
      await eventually(() => {
        const ids = stream.received.filter((e) => e.id !== undefined && e.event !== 'tested').map((e) => Number(e.id));
        expect([...ids].sort((x, y) => x - y)).toEqual(revisionIds);
      }, EVENT_BOUND_MS);
    }
  }, 60_000);

  it('loses no acknowledged write when one instance is killed with SIGKILL under load; the others keep serving, a new one takes its place', async () => {
    const CLIENTS_PER_INSTANCE = 4;
    const LOAD_MS = 3000;
    const KILL_AT_MS = 1000;
    const victim = 0;
    /** name -> the configs it may hold: the last acknowledged one, or a write in flight to the victim when it died. */
    const mayHold = new Map<string, { acked?: string; inFlight?: string }>();
    const survivorFailures: string[] = [];
    let acknowledged = 0;
    let survivorReads = 0;
    let killed = false;
    const began = performance.now();
    const running = () => performance.now() - began < LOAD_MS;

    const client = async (slot: number, c: number): Promise<void> => {
      for (let i = 0; running(); i++) {
        if (slot === victim && killed) return;
        // A new connector every other write, an update of the client's own one in between.
        const name = i % 2 === 0 ? `load-${slot}-${c}-${i}` : `load-${slot}-${c}-hot`;
        const marker = `m-${i}`;
        const state = mayHold.get(name) ?? {};
        mayHold.set(name, { ...state, inFlight: marker });
        let answer: Answer;
        try {
          answer = await elizaPut(slot, name, { marker });
        } catch (error) {
          // Only the killed instance may drop a connection.
          if (slot !== victim) survivorFailures.push(`write to ${slot}: ${(error as Error).message}`);
          return;
        }
        if (answer.status >= 200 && answer.status < 300) {
          acknowledged++;
          mayHold.set(name, { acked: marker });
        } else if (slot !== victim || !killed) survivorFailures.push(`write to ${slot}: ${answer.status} ${answer.text}`);
      }
    };
    const reader = async (slot: number): Promise<void> => {
      while (running()) {
        const answer = await request(slot, 'GET', `/ilert/api/connectors?max-results=100`);
        survivorReads++;
        if (answer.status !== 200) survivorFailures.push(`read from ${slot}: ${answer.status}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    const load: Promise<void>[] = [];
    for (let slot = 0; slot < INSTANCES; slot++) for (let c = 0; c < CLIENTS_PER_INSTANCE; c++) load.push(client(slot, c));
    for (let slot = 0; slot < INSTANCES; slot++) if (slot !== victim) load.push(reader(slot));

    await new Promise((resolve) => setTimeout(resolve, KILL_AT_MS));
    const ackedBeforeKill = acknowledged;
    killed = true;
    apis[victim].child.kill('SIGKILL');
    expect((await apis[victim].exited).signal).toBe('SIGKILL');
    await Promise.all(load);
    expect(survivorFailures).toEqual([]);
    expect(hasExited(apis[victim])).toBe(true);

    // Every acknowledged write is there, read from both survivors and from an instance started in
    // the victim's place; a write in flight to the victim when it died is either there or not
    // (never acknowledged).
    await start(victim);
    for (let slot = 0; slot < INSTANCES; slot++) {
      await eventually(async () => {
        const map = await elizaMap(slot);
        for (const [name, { acked: ackedMarker, inFlight }] of mayHold) {
          const held = map[name]?.marker;
          if (inFlight === undefined) expect({ name, held }).toEqual({ name, held: ackedMarker });
          else expect({ name, ok: held === ackedMarker || held === inFlight }).toEqual({ name, ok: true });
        }
      });
    }
    // Every committed write has its revision and audit entry, the victim's last ones included: the
    // write batch keeps both in the write's own commit, so a kill cannot fall between them.
    const { rows: unrecorded } = await db.query<{ name: string }>(
      `SELECT c.name FROM connectors c
        WHERE c.name LIKE 'load-%'
          AND NOT EXISTS (
            SELECT 1 FROM connector_revisions r JOIN audit_entries a ON (a.entry->>'revision')::bigint = r.id
             WHERE r.connector_name = c.name AND r.config = c.config
               AND r.id = (SELECT max(id) FROM connector_revisions WHERE connector_name = c.name))`,
    );
    expect(unrecorded).toEqual([]);
    // Writes through the survivors still work after the kill, seen by the others and the newcomer.
    ok(await elizaPut(1, 'after-kill', { marker: 'alive' }), { action: 'create', name: 'after-kill' });
    for (const slot of [0, 2]) await eventually(async () => expect((await elizaMap(slot))['after-kill']).toEqual({ marker: 'alive' }));
    console.log(
      `many instances: SIGKILL of 1 of 3 instances after ${ackedBeforeKill} acknowledged writes; ${acknowledged} writes acknowledged in all by ${INSTANCES * CLIENTS_PER_INSTANCE} clients, ${survivorReads} reads from the survivors, none failed`,
    );
    expect(ackedBeforeKill).toBeGreaterThan(0);
    expect(acknowledged).toBeGreaterThan(ackedBeforeKill);
  }, 60_000);
});
