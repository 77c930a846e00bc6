// Case 3 — durable writes to the Eliza config file: POST /api/connectors (replace an existing
// connector's config, new secrets each time) at 32 concurrent clients, Switchboard (group commit)
// against a naive server that rewrites and fsyncs the whole file once per request under a mutex.
import { readFile } from 'node:fs/promises';
import { connectorAt, updatedConfig } from '../lib/fixtures.js';
import { load, interleave, withServerCpu } from '../lib/load.js';
import { fmt, LOAD_HEADER, loadRow, table } from '../lib/report.js';
import { profileUnderLoad } from '../lib/profile.js';

export const WRITE_CONNECTIONS = 32;
const POOL = 4096;

/** Bodies of Eliza POSTs that replace random stored connectors (deterministic), cycled through. */
export function elizaWriteBodies(count) {
  let state = 12345;
  const bodies = [];
  for (let k = 0; k < POOL; k++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const i = state % count;
    bodies.push(JSON.stringify({ name: connectorAt(i).name, config: updatedConfig(i, k) }));
  }
  let next = 0;
  return () => ({ method: 'POST', path: '/api/connectors', headers: { 'content-type': 'application/json' }, body: bodies[next++ % POOL] });
}

export async function assertWriteAccepted(url, nextRequest) {
  const request = nextRequest();
  const response = await fetch(`${url}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
  if (response.status >= 300) throw new Error(`write answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  await response.arrayBuffer();
}

async function measure(ctx, count, rounds, seconds) {
  const sw = await ctx.elizaFile(count, `writes-switchboard-${count}`);
  const naive = await ctx.elizaFile(count, `writes-naive-${count}`);
  const servers = {
    switchboard: await ctx.server('switchboard.js', { configPath: sw.path, logLevel: 'warn' }),
    'naive (rewrite + fsync per request)': await ctx.server('naive-writer.js', { configPath: naive.path }),
  };
  const run = (server, seconds) => {
    const nextRequest = elizaWriteBodies(count);
    return withServerCpu(server, () => load({ url: server.url, connections: WRITE_CONNECTIONS, seconds, nextRequest }));
  };
  for (const server of Object.values(servers)) {
    await assertWriteAccepted(server.url, elizaWriteBodies(count));
    await run(server, ctx.settings.warmup)();
  }
  ctx.log(`  ${count} stored`);
  const result = await interleave(Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, run(server, seconds)])), rounds, ctx.log);
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  // Both files must still hold every connector (and parse): the writes really landed.
  for (const { path } of [sw, naive]) {
    const document = JSON.parse(await readFile(path, 'utf8'));
    if (Object.keys(document.connectors).length !== count) throw new Error(`case 3: ${path} lost connectors`);
  }
  return { result, size: ctx.fileSize(sw.path) };
}

export async function fileWrites(ctx) {
  const sections = [];
  const figures = [];
  let profileWanted;
  for (const { count, rounds, seconds } of ctx.settings.writeSizes) {
    const { result, size } = await measure(ctx, count, rounds, seconds);
    const [sw, naive] = Object.values(result);
    const ratio = naive.rps > 0 ? sw.rps / naive.rps : Infinity;
    figures.push({ count, sw, naive, ratio, size });
    if (count === 1000) {
      ctx.target('3', 'durable writes/s, Switchboard / naive, 1,000 stored', ratio, 3);
      if (ratio < 3) profileWanted = { count, reason: 'target missed' };
    }
    sections.push(
      `**${count.toLocaleString('en')} stored** (file ${fmt.mb(size)}, every answer is the redacted map: ${fmt.kb(sw.bytesPerReq)}), ${rounds} interleaved round(s) of ${seconds} s`,
      '',
      table(
        [...LOAD_HEADER, 'failed'],
        Object.entries(result).map(([name, s]) => loadRow(name, s)),
      ),
      '',
      `* Switchboard / naive = **${Number.isFinite(ratio) ? fmt.ratio(ratio) : 'n/a (the naive server acknowledged no write within a run)'}**` +
        (count === 1000 ? ` (target >= 3x): ${ratio >= 3 ? 'met' : '**missed**'}` : ''),
      '',
    );
  }
  if (figures.length > 1) {
    const [first, last] = [figures[0], figures[figures.length - 1]];
    sections.push(
      `* From ${first.count.toLocaleString('en')} to ${last.count.toLocaleString('en')} stored, Switchboard's acknowledged writes/s fall to ` +
        `${fmt.ratio(last.sw.rps / first.sw.rps)} and the naive server's to ${fmt.ratio(last.naive.rps / first.naive.rps)}.`,
      '',
    );
  }
  let markdown = [
    `${WRITE_CONNECTIONS} concurrent clients, each POST replaces the config of a random stored connector with new secrets ` +
      `(validated and merged like any write); req/s = acknowledged (2xx) durable writes per second. ` +
      'Baseline: `bench/servers/naive-writer.js`, a bare Fastify server with the same route, body, validation and answer, ' +
      'whose store serialises the whole document and writes temp + fsync + rename + fsync(dir) once per request, one request at a time.',
    '',
    ...sections,
  ].join('\n');
  // Not a target, but where the time goes as the file grows is the question: profile the largest too.
  const largest = figures[figures.length - 1].count;
  profileWanted ??= largest > 1000 ? { count: largest, reason: 'how throughput falls as the file grows' } : undefined;
  if (ctx.profile && profileWanted) {
    const { path } = await ctx.elizaFile(profileWanted.count, 'writes-profile');
    markdown += await profileUnderLoad(
      ctx,
      `case 3 switchboard writes at ${profileWanted.count} (${profileWanted.reason})`,
      'switchboard.js',
      { configPath: path, logLevel: 'warn' },
      (url, seconds) => load({ url, connections: WRITE_CONNECTIONS, seconds, nextRequest: elizaWriteBodies(profileWanted.count) }),
    );
  }
  return markdown;
}
