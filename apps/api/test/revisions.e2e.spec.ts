import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dataOf, type EventStream, openEventStream } from './support/event-stream.js';
import { call, removeDir, startServer, tempDir, type TestServer } from './support/test-server.js';

const TOKEN_A = '111111:PLANTED-rev-token-A';
const TOKEN_B = '222222:PLANTED-rev-token-B';
const WRITER = 'writer-key-0123456789abcdef';
const READER = 'reader-key-0123456789abcdef';
const KEYS = `writer:${WRITER}:read,write,audit;reader:${READER}:read`;
const as = (key: string) => ({ authorization: `Bearer ${key}` });

interface Revision {
  revision: number;
  action: string;
  keyId: string;
  fields: string[];
  fingerprints: Record<string, string>;
  restoredFrom?: number;
  connector: { name: string; type: string | null };
}

describe('revision history and the change feed on the file store (real HTTP, real files)', () => {
  let dir: string;
  let configPath: string;
  let app: TestServer | undefined;
  const streams: EventStream[] = [];
  const transcript: string[] = [];
  /** With encryption on, the revisions file is checked for secrets too (without it, it holds them as the config file does). */
  let encrypted = false;

  const start = async (env: Record<string, string> = {}) => {
    encrypted = env.SWITCHBOARD_ENCRYPTION_KEY !== undefined;
    app = await startServer({ configPath, env: { SWITCHBOARD_API_KEYS: KEYS, RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '0', ...env } });
  };
  const api = (method: string, path: string, json?: unknown, key = WRITER) => call(app!.url, method, path, { json, headers: as(key) }, transcript);
  const post = (config: Record<string, unknown>) => api('POST', '/api/connectors', { name: 'telegram', config });
  const revisions = async (name = 'telegram') => {
    const answer = await api('GET', `/api/connectors/${name}/revisions`, undefined, READER);
    expect(answer.status).toBe(200);
    return (answer.json as { revisions: Revision[] }).revisions;
  };
  const subscribe = async (headers: Record<string, string> = {}) => {
    const stream = await openEventStream(app!.url, { ...as(READER), ...headers });
    streams.push(stream);
    return stream;
  };

  beforeEach(async () => {
    dir = await tempDir();
    configPath = join(dir, 'milady.json');
    await writeFile(configPath, '{"agents": {"list": []}}\n', { mode: 0o600 });
  });

  afterEach(async () => {
    for (const stream of streams.splice(0)) {
      transcript.push(stream.raw());
      stream.close();
    }
    await app?.stop();
    app = undefined;
    if (encrypted) transcript.push(await readFile(join(dir, 'milady.revisions.jsonl'), 'utf8'));
    await removeDir(dir);
  });

  afterAll(() => {
    // No secret in any answer, event or (with encryption on) the revisions file.
    expect(transcript.join('\n')).not.toContain('PLANTED-rev');
  });

  it('keeps a revision per change: who, which fields, and fingerprints that show a token changed and changed back', async () => {
    await start();
    expect((await post({ botToken: TOKEN_A, allowFrom: ['alice'] })).status).toBe(200);
    expect((await post({ botToken: '****:****', allowFrom: ['alice', 'bob'] })).status).toBe(200);
    expect((await post({ botToken: TOKEN_B, allowFrom: ['alice', 'bob'] })).status).toBe(200);
    expect((await post({ botToken: TOKEN_A, allowFrom: ['alice', 'bob'] })).status).toBe(200);
    expect((await api('DELETE', '/api/connectors/telegram')).status).toBe(200);

    const list = await revisions();
    expect(list.map((r) => r.action)).toEqual(['delete', 'update', 'update', 'update', 'create']);
    expect(list.every((r) => r.keyId === 'writer')).toBe(true);
    const [deleted, backToA, toB, allowBob, created] = list;
    expect(created.fields).toEqual(expect.arrayContaining(['botToken', 'allowFrom']));
    expect(allowBob.fields).toEqual(['allowFrom']);
    expect(toB.fields).toEqual(['botToken']);
    expect(backToA.fields).toEqual(['botToken']);
    expect(deleted.fingerprints).toEqual({});
    // Same token, same fingerprint; another token, another one.
    expect(created.fingerprints.botToken).toMatch(/^[0-9a-f]{32}$/);
    expect(allowBob.fingerprints.botToken).toBe(created.fingerprints.botToken);
    expect(toB.fingerprints.botToken).not.toBe(created.fingerprints.botToken);
    expect(backToA.fingerprints.botToken).toBe(created.fingerprints.botToken);
    expect(Object.keys(created.fingerprints)).toEqual(['botToken']);
    // Newest first, numbers increasing.
    expect(list.map((r) => r.revision)).toEqual([...list.map((r) => r.revision)].sort((a, b) => b - a));

    // Kept beside the config file, never in it; 0600, with the fingerprint key.
    const revisionsFile = join(dir, 'milady.revisions.jsonl');
    expect((await stat(revisionsFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'milady.revisions.key'))).mode & 0o777).toBe(0o600);
    expect(await readFile(configPath, 'utf8')).not.toContain('revision');
    // The audit entry names the revision its change made.
    const audit = (await api('GET', '/api/audit?limit=1')).json as { entries: Array<{ revision?: number }> };
    expect(audit.entries[0].revision).toBe(deleted.revision);

    // Survives a restart.
    await app!.stop();
    await start();
    expect((await revisions()).map((r) => r.revision)).toEqual(list.map((r) => r.revision));
  });

  it('restores a revision through the write path, secret included, and records the restore', async () => {
    await start();
    await post({ botToken: TOKEN_A, allowFrom: ['alice'] });
    await post({ botToken: TOKEN_B, allowFrom: ['bob'] });
    const [, first] = await revisions();

    expect((await api('POST', `/api/connectors/telegram/revisions/${first.revision}/restore`, undefined, READER)).status).toBe(403);
    const restored = await api('POST', `/api/connectors/telegram/revisions/${first.revision}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.json).toMatchObject({ action: 'update', restoredFrom: first.revision, fields: expect.arrayContaining(['botToken', 'allowFrom']) });
    expect((restored.json as Revision).fingerprints.botToken).toBe(first.fingerprints.botToken);
    // The runtime's file holds the restored config again, token and all.
    const file = JSON.parse(await readFile(configPath, 'utf8')) as { connectors: Record<string, unknown> };
    expect(file.connectors.telegram).toEqual({ botToken: TOKEN_A, allowFrom: ['alice'] });
    const audit = (await api('GET', '/api/audit?limit=1')).json as { entries: Array<Record<string, unknown>> };
    expect(audit.entries[0]).toMatchObject({ action: 'update', actor: 'writer', restoredFrom: first.revision });

    // A deleted connector comes back from a revision before its deletion.
    await api('DELETE', '/api/connectors/telegram');
    const [deletion] = await revisions();
    expect((await api('POST', `/api/connectors/telegram/revisions/${deletion.revision}/restore`)).status).toBe(400);
    expect((await api('POST', `/api/connectors/telegram/revisions/${first.revision}/restore`)).status).toBe(200);
    const again = JSON.parse(await readFile(configPath, 'utf8')) as { connectors: Record<string, unknown> };
    expect(again.connectors.telegram).toEqual({ botToken: TOKEN_A, allowFrom: ['alice'] });
    expect((await revisions())[0]).toMatchObject({ action: 'create', restoredFrom: first.revision });

    // Clear 4xx for what cannot be restored.
    expect((await api('POST', '/api/connectors/telegram/revisions/999999/restore')).status).toBe(404);
    expect((await api('POST', '/api/connectors/telegram/revisions/abc/restore')).status).toBe(400);
    expect((await api('GET', '/api/connectors/nosuch/revisions')).status).toBe(404);
  });

  it('keeps REVISION_RETENTION revisions per connector', async () => {
    await start({ REVISION_RETENTION: '3' });
    for (let i = 0; i < 6; i++) await post({ botToken: TOKEN_A, allowFrom: [`user${i}`] });
    await api('POST', '/api/connectors', { name: 'discord', config: { token: 'x' } });
    const list = await revisions();
    expect(list).toHaveLength(3);
    expect(list.map((r) => r.action)).toEqual(['update', 'update', 'update']);
    expect(await revisions('discord')).toHaveLength(1);
    await app!.stop();
    await start({ REVISION_RETENTION: '3' });
    expect(await revisions()).toHaveLength(3);
  });

  it('keeps old configs sealed when encryption is on, and restores them', async () => {
    await start({ SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    await post({ botToken: TOKEN_A, allowFrom: ['alice'] });
    await post({ botToken: TOKEN_B, allowFrom: ['alice'] });
    const text = await readFile(join(dir, 'milady.revisions.jsonl'), 'utf8');
    expect(text).toContain('enc:v2:');
    expect(text).not.toContain('PLANTED');
    // Derived from the encryption key: no key file.
    await expect(stat(join(dir, 'milady.revisions.key'))).rejects.toThrow();
    const [toB, first] = await revisions();
    expect(toB.fingerprints.botToken).not.toBe(first.fingerprints.botToken);
    const restored = await api('POST', `/api/connectors/telegram/revisions/${first.revision}/restore`);
    expect(restored.status).toBe(200);
    expect((restored.json as Revision).fingerprints.botToken).toBe(first.fingerprints.botToken);
  });

  it('streams changes as server-sent events: names and field names, never values; resumes; heartbeats', async () => {
    // Connection tests go to a closed local port: `unreachable` at once, and a `tested` event.
    await start({ EVENTS_HEARTBEAT_MS: '200', SWITCHBOARD_PLATFORM_URLS: 'telegram=http://127.0.0.1:9', SWITCHBOARD_TEST_TIMEOUT_MS: '2000' });
    expect((await openEventStream(app!.url)).status).toBe(401);
    const stream = await subscribe();
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);

    await post({ botToken: TOKEN_A, allowFrom: ['alice'] });
    const created = await stream.next((e) => e.event === 'created', 1000);
    expect(dataOf(created)).toMatchObject({
      action: 'created',
      connector: { name: 'telegram', type: 'telegram' },
      keyId: 'writer',
      fields: expect.arrayContaining(['botToken']),
    });
    expect(dataOf(created).revision).toBe(Number(created.id));
    await post({ botToken: TOKEN_B, allowFrom: ['alice'] });
    await api('DELETE', '/api/connectors/telegram');
    const deleted = await stream.next((e) => e.event === 'deleted', 1000);
    const updated = stream.received.find((e) => e.event === 'updated')!;
    expect(dataOf(updated).fields).toEqual(['botToken']);
    await stream.next((e) => e.comment === 'heartbeat', 1000);
    // A connection test: no change, no revision, but an event with its outcome.
    await post({ botToken: TOKEN_A, allowFrom: ['alice'] });
    expect((await api('POST', '/api/connectors/telegram/test')).status).toBe(200);
    const tested = await stream.next((e) => e.event === 'tested', 3000);
    expect(dataOf(tested)).toMatchObject({ action: 'tested', connector: { name: 'telegram' }, keyId: 'writer', fields: [], outcome: expect.any(String) });
    expect(dataOf(tested).revision).toBeUndefined();
    await api('DELETE', '/api/connectors/telegram');

    // Resume after the creation: the update and the deletion again, nothing else.
    const resumed = await subscribe({ 'last-event-id': created.id! });
    await resumed.next((e) => e.event === 'tested', 1000);
    await resumed.next((e) => e.id !== undefined && Number(e.id) > Number(tested.id), 1000);
    const replayed = resumed.received.filter((e) => e.event);
    expect(replayed.slice(0, 2).map((e) => e.id)).toEqual([updated.id, deleted.id]);
    expect(replayed.map((e) => e.event)).toEqual(['updated', 'deleted', 'created', 'tested', 'deleted']);
    // An id outside the window: told to reload.
    const stale = await subscribe({ 'last-event-id': '987654321' });
    await stale.next((e) => e.event === 'reset', 1000);
    const garbled = await subscribe({ 'last-event-id': 'not-an-id' });
    await garbled.next((e) => e.event === 'reset', 1000);
  });

  it('after a restart, resets a client that missed events and not one that is up to date; ids are never issued twice', async () => {
    const env = { SWITCHBOARD_PLATFORM_URLS: 'telegram=http://127.0.0.1:9', SWITCHBOARD_TEST_TIMEOUT_MS: '2000' };
    await start(env);
    // A service that has issued nothing: a client at 0 is up to date.
    const first = await subscribe({ 'last-event-id': '0' });
    await post({ botToken: TOKEN_A, allowFrom: ['alice'] });
    expect((await first.next((e) => e.event !== undefined)).event).toBe('created');
    const created = first.received.find((e) => e.event === 'created')!;
    await post({ botToken: TOKEN_B, allowFrom: ['alice'] });
    expect((await api('POST', '/api/connectors/telegram/test')).status).toBe(200);
    // The newest event is a test, which makes no revision.
    const tested = await first.next((e) => e.event === 'tested', 3000);
    await app!.stop();
    await start(env);

    const missed = await subscribe({ 'last-event-id': created.id! });
    const reset = await missed.next((e) => e.event !== undefined);
    expect(reset).toMatchObject({ event: 'reset', id: tested.id });
    const fromNothing = await subscribe({ 'last-event-id': '0' });
    expect((await fromNothing.next((e) => e.event !== undefined)).event).toBe('reset');
    const fromNowhere = await subscribe({ 'last-event-id': String(Number(tested.id) + 1) });
    expect((await fromNowhere.next((e) => e.event !== undefined)).event).toBe('reset');
    // Up to date: the next change is the first thing it hears, with an id after the test's.
    const upToDate = await subscribe({ 'last-event-id': tested.id! });
    await post({ botToken: TOKEN_A, allowFrom: ['alice'] });
    const next = await upToDate.next((e) => e.event !== undefined);
    expect(next.event).toBe('updated');
    expect(Number(next.id)).toBe(Number(tested.id) + 1);
  });

  it('records at boot, once and by `file`, the changes made to the file while Switchboard was stopped, and a revision a crash cut off', async () => {
    const env = { SWITCHBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    await start(env);
    await post({ botToken: TOKEN_A, allowFrom: ['alice'] });
    const matrix = { homeserver: 'https://matrix.example.org', accessToken: 'syt_PLANTED-rev-matrix' };
    expect((await api('POST', '/api/connectors', { name: 'matrix', config: matrix })).status).toBe(200);
    const [created] = await revisions();
    await app!.stop();

    // While it is stopped: a token replaced, a connector removed, one added.
    type File = { connectors: Record<string, Record<string, unknown>> };
    const file = JSON.parse(await readFile(configPath, 'utf8')) as File;
    file.connectors.telegram.botToken = TOKEN_B;
    delete file.connectors.matrix;
    file.connectors.signal = { account: '+15550001' };
    await writeFile(configPath, JSON.stringify(file, null, 2));
    await start(env);

    const [edited] = await revisions();
    expect(edited).toMatchObject({ action: 'update', keyId: 'file', fields: ['botToken'] });
    expect(edited.fingerprints.botToken).not.toBe(created.fingerprints.botToken);
    expect((await revisions('matrix')).map((r) => [r.action, r.keyId])).toEqual([
      ['delete', 'file'],
      ['create', 'writer'],
    ]);
    expect((await revisions('signal')).map((r) => [r.action, r.keyId])).toEqual([['create', 'file']]);
    const audit = (await api('GET', '/api/audit?keyId=file')).json as { entries: Array<{ action: string; connector: { name: string } }> };
    expect(audit.entries.map((e) => `${e.action} ${e.connector.name}`).sort()).toEqual(['create signal', 'delete matrix', 'update telegram']);
    // And it can be undone like any change.
    expect((await api('POST', `/api/connectors/telegram/revisions/${created.revision}/restore`)).status).toBe(200);

    // A crash between a write and its revision: the write is in the file, its revision line is not.
    expect((await post({ botToken: TOKEN_B, allowFrom: ['carol'] })).status).toBe(200);
    await app!.stop();
    const revisionsFile = join(dir, 'milady.revisions.jsonl');
    const lines = (await readFile(revisionsFile, 'utf8')).trimEnd().split('\n');
    await writeFile(revisionsFile, `${lines.slice(0, -1).join('\n')}\n`);
    await start(env);
    const [recovered] = await revisions();
    expect(recovered).toMatchObject({ action: 'update', keyId: 'file' });
    expect(recovered.fields.sort()).toEqual(['allowFrom', 'botToken']);

    // Nothing more to record at the next boot.
    const counts = async () => Promise.all(['telegram', 'matrix', 'signal'].map(async (name) => (await revisions(name)).length));
    const before = await counts();
    await app!.stop();
    await start(env);
    expect(await counts()).toEqual(before);
  });

  it('announces an edit of the config file made outside Switchboard, and keeps its revision', async () => {
    await start();
    await post({ botToken: TOKEN_A, allowFrom: ['alice'] });
    const stream = await subscribe();
    const file = JSON.parse(await readFile(configPath, 'utf8')) as { connectors: Record<string, Record<string, unknown>> };
    file.connectors.telegram.botToken = TOKEN_B;
    await writeFile(configPath, JSON.stringify(file, null, 2));
    const edited = await stream.next((e) => e.event === 'updated', 3000);
    expect(dataOf(edited)).toMatchObject({ keyId: 'file', fields: ['botToken'], connector: { name: 'telegram' } });
    const [outside, created] = await revisions();
    expect(outside).toMatchObject({ action: 'update', keyId: 'file', fields: ['botToken'] });
    expect(outside.fingerprints.botToken).not.toBe(created.fingerprints.botToken);
    // And it can be undone like any change.
    expect((await api('POST', `/api/connectors/telegram/revisions/${created.revision}/restore`)).status).toBe(200);
    expect((JSON.parse(await readFile(configPath, 'utf8')) as typeof file).connectors.telegram.botToken).toBe(TOKEN_A);
  });
});
