/**
 * Request logging at the default level (issue 25, item 6), read from the real process's stdout:
 * a write and a 4xx each get their line, successful reads are counted in periodic summary lines
 * (the last one written at a clean SIGTERM stop), and no secret reaches any line.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { type ApiProcess, listening, spawnApi } from './support/api-process.js';
import { call, removeDir, tempDir } from './support/test-server.js';

const KEY = 'request-log-writer-key-0123456789';
const TELEGRAM_TOKEN = '123456789:PLANTED-request-log-token_abcdef';
const QUERY_SECRET = 'PLANTED-query-value-77aa1c';

interface LogLine {
  level: number;
  msg: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  summary?: {
    seconds: number;
    reads: number;
    requests: { method: string; route: string; status: number; count: number; p50Ms: number; p99Ms: number; maxMs: number }[];
  };
}

const lines = (api: ApiProcess): LogLine[] =>
  api.stdout
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('request logs at LOG_LEVEL=info (the default): writes and errors a line each, reads summarised (real process, real log stream)', () => {
  let dir: string;
  let api: ApiProcess;
  let url: string;
  const auth = { 'x-api-key': KEY };

  beforeAll(async () => {
    dir = await tempDir();
    // LOG_LEVEL unset: the default is what is tested.
    api = spawnApi({
      ELIZA_CONFIG_PATH: join(dir, 'milady.json'),
      PORT: '0',
      SWITCHBOARD_API_KEYS: `w:${KEY}:read,write`,
      LOG_REQUEST_SUMMARY_SECONDS: '1',
      RATE_LIMIT_PER_KEY: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
    });
    url = await listening(api);
  });
  afterAll(async () => {
    if (api?.child.exitCode === null) api.child.kill('SIGKILL');
    await api?.exited;
    await removeDir(dir);
  });

  it('logs a write and a 4xx with method, masked URL and status; a successful read gets no line of its own', async () => {
    expect((await call(url, 'POST', '/api/connectors', { headers: auth, json: { name: 'telegram', config: { botToken: TELEGRAM_TOKEN } } })).status).toBe(200);
    expect((await call(url, 'POST', `/api/connectors?trace=${QUERY_SECRET}`, { headers: auth, json: { config: {} } })).status).toBe(400);
    expect((await call(url, 'GET', '/ilert/api/connectors/no-such-id', { headers: auth })).status).toBe(404);
    expect((await call(url, 'GET', '/api/connectors', { headers: auth })).status).toBe(200);
    await pause(200); // the child's stdout arrives asynchronously
    const completed = lines(api).filter((line) => line.msg === 'request completed');
    expect(completed.map((line) => [line.req?.method, line.req?.url, line.res?.statusCode])).toEqual([
      ['POST', '/api/connectors', 200],
      ['POST', '/api/connectors?trace=[REDACTED]', 400],
      ['GET', '/ilert/api/connectors/no-such-id', 404],
    ]);
    expect(lines(api).some((line) => line.msg === 'incoming request')).toBe(false);
  });

  it('counts successful reads per method, route pattern and status in a summary line per interval, and writes the last one at SIGTERM', async () => {
    const before = lines(api).length;
    for (let i = 0; i < 20; i++) expect((await call(url, 'GET', '/api/connectors', { headers: auth })).status).toBe(200);
    const page = await call(url, 'GET', '/ilert/api/connectors?start-index=0&max-results=5', { headers: auth });
    const id = (page.json as { id: string }[])[0].id;
    for (let i = 0; i < 5; i++) expect((await call(url, 'GET', `/ilert/api/connectors/${id}?view=${QUERY_SECRET}`, { headers: auth })).status).toBe(200);
    // A summary comes within the interval (1 s) without any request.
    const deadline = Date.now() + 5_000;
    while (
      !lines(api)
        .slice(before)
        .some((line) => line.summary) &&
      Date.now() < deadline
    )
      await pause(50);
    const periodic = lines(api)
      .slice(before)
      .filter((line) => line.summary);
    expect(periodic.length).toBeGreaterThan(0);
    expect(periodic[0].level).toBe(30);

    // Reads right before a clean stop are not lost: the last summary is written before "stopped".
    for (let i = 0; i < 7; i++) expect((await call(url, 'GET', '/api/connectors', { headers: auth })).status).toBe(200);
    api.child.kill('SIGTERM');
    expect(await api.exited).toEqual({ code: 0, signal: null });

    const all = lines(api);
    const summaries = all.filter((line) => line.summary);
    const counted = (method: string, route: string, status: number) =>
      summaries
        .flatMap((line) => line.summary!.requests)
        .filter((r) => r.method === method && r.route === route && r.status === status)
        .reduce((sum, r) => sum + r.count, 0);
    // 1 + 20 + 7 map reads (the first from the previous test), the page, 5 reads by id.
    expect(counted('GET', '/api/connectors', 200)).toBe(28);
    expect(counted('GET', '/ilert/api/connectors', 200)).toBe(1);
    expect(counted('GET', '/ilert/api/connectors/:id', 200)).toBe(5);
    for (const entry of summaries.flatMap((line) => line.summary!.requests)) {
      expect(entry.count).toBeGreaterThan(0);
      expect(entry.p50Ms).toBeGreaterThan(0);
      expect(entry.p50Ms).toBeLessThanOrEqual(entry.p99Ms);
      expect(entry.p99Ms).toBeLessThanOrEqual(entry.maxMs);
    }
    // Every read counted (above) and the clean stop logged: the counts of the last interval were written at SIGTERM.
    expect(all.some((line) => line.msg === 'stopped')).toBe(true);
    expect(all.filter((line) => line.msg === 'request completed')).toHaveLength(3);

    const text = api.stdout.join('');
    for (const secret of [TELEGRAM_TOKEN, KEY, QUERY_SECRET]) expect(text).not.toContain(secret);
  });
});
