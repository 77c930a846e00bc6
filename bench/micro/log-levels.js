// What request logging costs at each level: case 1's GET (50 connectors, 16 connections, servers
// pinned to one core, the load generator to the other) against three Switchboards that differ only
// in LOG_LEVEL: warn (no request logs), info (the default: writes and errors a line each, reads
// counted in a summary line a minute) and debug (two lines a request, which is what info wrote before
// the summary). Interleaved rounds for the table, then adjacent pairs for each ratio to warn, as
// case 1 measures its targets (bench/README.md, why). Server logs go to a file, as in case 1.
//
//   node bench/micro/log-levels.js [--rounds=5] [--seconds=3] [--pairs=10] [--warmup=6]
//
// Needs a build (`pnpm build`). Not part of `pnpm bench`.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, stopAll } from '../lib/child.js';
import { pinLoadAndServers } from '../lib/cpu-pinning.js';
import { metadataFileOf, writeElizaConfig } from '../lib/fixtures.js';
import { interleave, load, pairedRatio, withServerCpu } from '../lib/load.js';
import { fmt, LOAD_HEADER, loadRow, table } from '../lib/report.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
    pairs: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '6' },
  },
  strict: true,
});
const [rounds, seconds, pairs, warmup] = [args.rounds, args.seconds, args.pairs, args.warmup].map(Number);
const LEVELS = ['warn', 'info', 'debug'];
const log = (line) => process.stderr.write(`${line}\n`);

const tmp = await mkdtemp(join(tmpdir(), 'switchboard-log-levels-'));
try {
  const seed = join(tmp, 'seed.json');
  await writeElizaConfig(seed, 50);
  const servers = {};
  for (const level of LEVELS) {
    const configPath = join(tmp, `${level}.json`);
    await copyFile(seed, configPath);
    await copyFile(metadataFileOf(seed), metadataFileOf(configPath));
    servers[level] = await startServer('switchboard.js', { configPath, logLevel: level }, { logFile: join(tmp, 'servers.log') });
  }
  const pinning = pinLoadAndServers(Object.values(servers).map((server) => server.pid));
  log(pinning.note);
  const run = (level, time) => withServerCpu(servers[level], () => load({ url: servers[level].url, path: '/api/connectors', connections: 16, seconds: time }));
  let result;
  const ratios = {};
  try {
    for (const level of LEVELS) await run(level, warmup)();
    result = await interleave(Object.fromEntries(LEVELS.map((level) => [`LOG_LEVEL=${level}`, run(level, seconds)])), rounds, log);
    for (const level of ['info', 'debug']) ratios[level] = await pairedRatio(run(level, seconds), run('warn', seconds), pairs, log);
  } finally {
    pinning.release();
  }
  const warn = result['LOG_LEVEL=warn'];
  console.log(
    table(
      [...LOAD_HEADER, 'vs warn', 'failed'],
      Object.entries(result).map(([name, summary]) => loadRow(name, summary, [fmt.ratio(summary.rps / warn.rps)])),
    ),
  );
  console.log('');
  for (const [level, measured] of Object.entries(ratios)) {
    console.log(
      `* ${level} / warn = **${fmt.ratio(measured.ratio)}**: median of ${measured.ratios.length} adjacent pairs of ${seconds} s runs, middle half ${fmt.ratio(measured.low)}-${fmt.ratio(measured.high)}`,
    );
  }
  console.log(`* ${pinning.note}; ${rounds} interleaved rounds of ${seconds} s after ${warmup} s of warm-up per server`);
} finally {
  await stopAll();
  await rm(tmp, { recursive: true, force: true });
}
