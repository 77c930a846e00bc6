// `node bench/ab.js --base=<dir>` — one Switchboard build against another, side by side: the built
// tree at <dir> (A, e.g. a `git worktree` of the previous commit, installed and built) and this one
// (B), each on its own copy of the same data, under the same load, rounds alternating A B, B A, ...
// Reports each round's B/A throughput ratio, their median and range, and each side's server CPU per
// request. For telling whether a change helps: on this shared machine a change under ~7% cannot be
// told from noise (run it with the same build on both sides first: that is the noise).
//
//   node bench/ab.js --base=/tmp/sb-base [--workload=eliza-post|ilert-put|eliza-get] [--rounds=10] [--seconds=3]
//
// eliza-post and ilert-put: 1,000 connectors in a PostgreSQL database per side (BENCH_DATABASE_URL or
// the project's default server), 32 clients replacing random configs, as case 4 does. eliza-get: 50
// connectors in an Eliza config file per side, 16 clients, as case 1 does. Builds nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { admin, ilertPutBodies, seededDatabase, serverUrl, writeChanges } from './cases/postgres.js';
import { elizaWriteBodies } from './cases/file-writes.js';
import { writeElizaConfig } from './lib/fixtures.js';
import { load, median, withServerCpu } from './lib/load.js';
import { importFromApi, ROOT } from './lib/paths.js';

const WORKLOADS = {
  'eliza-post': { store: 'postgres', connections: 32 },
  'ilert-put': { store: 'postgres', connections: 32 },
  'eliza-get': { store: 'file', connections: 16 },
};

function parseArgs(argv) {
  const args = { base: undefined, workload: 'eliza-post', rounds: 10, seconds: 3, warmup: 5 };
  for (const arg of argv) {
    const [key, value] = arg.replace(/^--/, '').split('=');
    if (arg === '--') continue;
    if (key === 'base') args.base = resolve(value);
    else if (key === 'workload' && value in WORKLOADS) args.workload = value;
    else if (['rounds', 'seconds', 'warmup'].includes(key) && Number(value) > 0) args[key] = Number(value);
    else throw new Error(`unknown or invalid argument ${arg} (see the head of bench/ab.js)`);
  }
  if (!args.base || !existsSync(join(args.base, 'bench', 'lib', 'child.js')))
    throw new Error('--base=<dir> must name a Switchboard checkout (with its bench/ and built dist)');
  if (!existsSync(join(args.base, 'apps', 'api', 'dist', 'server.js'))) throw new Error(`${args.base} is not built: run pnpm install && pnpm build there`);
  return args;
}

/** Starts the Switchboard of `tree` through that tree's own bench harness, so each side runs its own code. */
async function startSide(tree, options, logFile) {
  const { startServer } = await import(pathToFileURL(join(tree, 'bench', 'lib', 'child.js')).href);
  return startServer('switchboard.js', options, { logFile });
}

/** The request generator of a write workload, over the seeded records (the same ones case 4 sends). */
function writes(workload, records) {
  return workload === 'eliza-post' ? elizaWriteBodies(records.length) : ilertPutBodies(records, writeChanges(records.length));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { store, connections } = WORKLOADS[args.workload];
  const tmp = await mkdtemp(join(tmpdir(), 'switchboard-ab-'));
  const databases = [];
  const servers = [];
  let pgServer;
  try {
    const sides = {};
    for (const [key, tree] of [
      ['A', args.base],
      ['B', ROOT],
    ]) {
      const options = { configPath: join(tmp, `${key}.json`), logLevel: 'warn' };
      let nextRequest;
      if (store === 'postgres') {
        pgServer ??= await serverUrl({ log: (line) => console.error(line) });
        const core = await importFromApi('@switchboard/core');
        const name = `switchboard_ab_${process.pid}_${key.toLowerCase()}`;
        const seeded = await seededDatabase(pgServer, name, core.PostgresStore);
        databases.push(name);
        options.databaseUrl = seeded.url;
        nextRequest = writes(args.workload, seeded.records);
      } else {
        await writeElizaConfig(options.configPath, 50);
      }
      const server = await startSide(tree, options, join(tmp, `${key}.log`));
      servers.push(server);
      const path = args.workload === 'eliza-get' ? '/api/connectors' : undefined;
      sides[key] = {
        run: withServerCpu(server, () => load({ url: server.url, path, connections, seconds: args.seconds, nextRequest })),
        warm: () => load({ url: server.url, path, connections, seconds: args.warmup, nextRequest }),
      };
    }
    for (const side of Object.values(sides)) await side.warm();
    const runs = { A: [], B: [] };
    for (let round = 0; round < args.rounds; round++) {
      for (const key of round % 2 ? ['B', 'A'] : ['A', 'B']) runs[key].push(await sides[key].run());
      const [a, b] = [runs.A[round], runs.B[round]];
      const failed = a.non2xx + a.errors + b.non2xx + b.errors;
      console.log(
        `round ${round + 1}: A ${a.rps.toFixed(0)}/s (${a.cpuUs.toFixed(0)} µs) | B ${b.rps.toFixed(0)}/s (${b.cpuUs.toFixed(0)} µs) | B/A ${(b.rps / a.rps).toFixed(3)}${failed ? ` | ${failed} FAILED` : ''}`,
      );
    }
    const ratios = runs.A.map((a, i) => runs.B[i].rps / a.rps);
    const failed = [...runs.A, ...runs.B].reduce((sum, r) => sum + r.non2xx + r.errors, 0);
    console.log(
      `${args.workload}, ${args.rounds} rounds of ${args.seconds} s: B/A ${median(ratios).toFixed(3)} (median of rounds; ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}); ` +
        `req/s A ${median(runs.A.map((r) => r.rps)).toFixed(0)}, B ${median(runs.B.map((r) => r.rps)).toFixed(0)}; ` +
        `server CPU µs/req A ${median(runs.A.map((r) => r.cpuUs)).toFixed(0)}, B ${median(runs.B.map((r) => r.cpuUs)).toFixed(0)}; failed ${failed}`,
    );
    if (failed > 0) process.exitCode = 1;
  } finally {
    // Each side was started by its own tree's harness: stop them here, also after a failure.
    await Promise.all(servers.map((server) => server.stop()));
    for (const name of databases) await admin(pgServer, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench/ab.js: ${error.message}`);
  process.exitCode = 1;
});
