// Case 1 — GET /api/connectors with 50 connectors: Switchboard (warn, and info = request logs on)
// against bare Fastify sending the same bytes from a buffer (the limit) and bare Fastify building the
// redacted map per request (a hand-written server).
import { pinLoadAndServers } from '../lib/cpu-pinning.js';
import { load, interleave, pairedRatio, withServerCpu } from '../lib/load.js';
import { fmt, LOAD_HEADER, loadRow, table } from '../lib/report.js';
import { profileUnderLoad } from '../lib/profile.js';

const COUNT = 50;
const CONNECTIONS = 16;

export async function elizaRead(ctx) {
  // Each server gets its own copy of the same file (a Switchboard locks the file it manages).
  const copy = async (label) => (await ctx.elizaFile(COUNT, `eliza-read-${label}`)).path;
  const servers = {
    'switchboard (LOG_LEVEL=warn)': await ctx.server('switchboard.js', { configPath: await copy('warn'), logLevel: 'warn' }),
    'switchboard (LOG_LEVEL=info)': await ctx.server('switchboard.js', { configPath: await copy('info'), logLevel: 'info' }),
    'bare Fastify, precomputed buffer': await ctx.server('bare-read.js', { configPath: await copy('buffer'), mode: 'buffer' }),
    'bare Fastify, redact per request': await ctx.server('bare-read.js', { configPath: await copy('per-request'), mode: 'per-request' }),
  };
  // Same bytes everywhere, or the comparison means nothing.
  const bodies = await Promise.all(Object.values(servers).map(async (s) => (await fetch(`${s.url}/api/connectors`)).text()));
  if (new Set(bodies).size !== 1) throw new Error('case 1: the servers do not answer the same body');
  const size = Buffer.byteLength(bodies[0]);

  const pinning = pinLoadAndServers(Object.values(servers).map((server) => server.pid));
  ctx.log(`  ${pinning.note}`);
  let result, vsBuffer, vsPerRequest, infoVsWarn;
  try {
    const run = (server, seconds, headers) =>
      withServerCpu(server, () => load({ url: server.url, path: '/api/connectors', connections: CONNECTIONS, seconds, headers }));
    for (const server of Object.values(servers)) await run(server, ctx.settings.warmup)();
    const variants = Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, run(server, ctx.settings.seconds)]));
    // What a Go client (the ilert client, Terraform) or a browser asks for: gzip, compressed per request.
    const gzip = { 'accept-encoding': 'gzip' };
    const gzipName = 'switchboard (LOG_LEVEL=warn), client sends Accept-Encoding: gzip';
    variants[gzipName] = run(servers['switchboard (LOG_LEVEL=warn)'], ctx.settings.seconds, gzip);
    result = await interleave(variants, ctx.settings.rounds, ctx.log);
    // The targets: Switchboard against each baseline in adjacent pairs of runs (bench/README.md, why).
    const again = (name) => run(servers[name], ctx.settings.seconds);
    vsBuffer = await pairedRatio(again('switchboard (LOG_LEVEL=warn)'), again('bare Fastify, precomputed buffer'), ctx.settings.pairs, ctx.log);
    vsPerRequest = await pairedRatio(again('switchboard (LOG_LEVEL=warn)'), again('bare Fastify, redact per request'), ctx.settings.pairs, ctx.log);
    // Issue 25: the default log level (request logs on) keeps at least 0.9x of a quiet one.
    infoVsWarn = await pairedRatio(again('switchboard (LOG_LEVEL=info)'), again('switchboard (LOG_LEVEL=warn)'), ctx.settings.pairs, ctx.log);
  } finally {
    pinning.release();
  }
  await Promise.all(Object.values(servers).map((s) => s.stop()));

  const [warn, info, buffer, perRequest, gzipped] = Object.values(result);
  ctx.target('1', 'Eliza GET, Switchboard (warn) / bare buffer', vsBuffer.ratio, 0.7);
  ctx.target('1', 'Eliza GET, Switchboard (warn) / bare redact-per-request', vsPerRequest.ratio, 1.5);
  ctx.target('1', 'Eliza GET, Switchboard at LOG_LEVEL=info (the default) / warn', infoVsWarn.ratio, 0.9);

  const rows = Object.entries(result).map(([name, summary]) => loadRow(name, summary, [fmt.ratio(summary.rps / buffer.rps)]));
  const paired = (measured, limit) =>
    `**${fmt.ratio(measured.ratio)}** (target >= ${limit}x): ${measured.ratio >= limit ? 'met' : '**missed**'}; ` +
    `median of ${measured.ratios.length} adjacent pairs of ${ctx.settings.seconds} s runs, middle half of the pairs ${fmt.ratio(measured.low)}-${fmt.ratio(measured.high)}`;
  let markdown = [
    `${COUNT} connectors (${ctx.typesNote}), answer ${fmt.kb(size)} (identical bytes from every server, checked), ` +
      `${CONNECTIONS} connections, ${pinning.note}. The table: ${ctx.settings.rounds} interleaved rounds of ${ctx.settings.seconds} s each after a ${ctx.settings.warmup} s warm-up; ` +
      'its "vs buffer" column is the ratio of the rounds\' medians. The targets: adjacent pairs (below).',
    '',
    table([...LOAD_HEADER, 'vs buffer', 'failed'], rows),
    '',
    `* Switchboard (warn) / bare buffer = ${paired(vsBuffer, 0.7)}`,
    `* Switchboard (warn) / bare redact-per-request = ${paired(vsPerRequest, 1.5)}`,
    `* Server CPU per request (user + system, a figure a busy machine blurs less than throughput): Switchboard ${warn.cpuUs.toFixed(0)} µs, ` +
      `bare buffer ${buffer.cpuUs.toFixed(0)} µs (${fmt.ratio(buffer.cpuUs / warn.cpuUs)} of Switchboard's), bare redact-per-request ${perRequest.cpuUs.toFixed(0)} µs. ` +
      'When the bare buffer server is not saturated (its CPU/request x req/s well under 1 s/s) the load generator is its limit, and its throughput ratio flatters Switchboard.',
    `* Switchboard at LOG_LEVEL=info (the default: request logs on, to a file) / warn = ${paired(infoVsWarn, 0.9)} (the rounds above: ${fmt.ratio(info.rps / warn.rps)})`,
    `* A client asking for gzip (Go's net/http does by default: the ilert client, Terraform) gets ${fmt.kb(gzipped.bytesPerReq)} a response at ` +
      `${fmt.ratio(gzipped.rps / warn.rps)} of the uncompressed throughput, ${gzipped.cpuUs.toFixed(0)} µs CPU a request ` +
      '(not a target: the baselines send identity bytes; far below 1x means the answer is compressed per request).',
    '',
  ].join('\n');

  if (ctx.profile && (vsBuffer.ratio < 0.7 || vsPerRequest.ratio < 1.5)) {
    // The baseline too: busy time per request side by side says what Switchboard adds.
    const drive = (url, seconds) => load({ url, path: '/api/connectors', connections: CONNECTIONS, seconds });
    markdown += await profileUnderLoad(ctx, 'case 1 switchboard eliza GET', 'switchboard.js', { configPath: await copy('profile'), logLevel: 'warn' }, drive);
    markdown += await profileUnderLoad(ctx, 'case 1 bare buffer eliza GET', 'bare-read.js', { configPath: await copy('profile-bare'), mode: 'buffer' }, drive);
  }
  return markdown;
}
