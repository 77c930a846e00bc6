// `pnpm bench` — Switchboard's benchmarks against peers, measured side by side in one run, written to
// bench/RESULTS.md. Builds nothing (run `pnpm build` first). Everything listens on 127.0.0.1, port 0;
// every config file lives in a temp dir that is removed at the end.
//
//   pnpm bench                 full run (~11 min), writes bench/RESULTS.md
//   pnpm bench --quick         smoke run (~2.5 min), writes bench/.work/RESULTS-quick.md
//   pnpm bench --only=1,3      some cases only (writes bench/.work/RESULTS-partial.md)
//   pnpm bench --profile       also profile missed targets in a quick/partial run (on by default in a full run)
//   pnpm bench --no-profile    never profile
//   pnpm bench --keep          keep the temp dir (config files, server logs)
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { boot } from './cases/boot.js';
import { elizaRead } from './cases/eliza-read.js';
import { fileWrites } from './cases/file-writes.js';
import { ilertRead } from './cases/ilert-read.js';
import { postgres } from './cases/postgres.js';
import { killAllNow, startServer, stopAll } from './lib/child.js';
import { LOAD_GENERATOR } from './lib/load.js';
import { FIXTURE_TYPES, metadataFileOf, writeElizaConfig } from './lib/fixtures.js';
import { buildStamp } from './lib/build-stamp.js';
import { gitRevision } from './lib/git.js';
import { API_DIST, BENCH_DIR } from './lib/paths.js';
import { fmt, table } from './lib/report.js';

const SETTINGS = {
  full: {
    // Warm-up per variant: with 2 s, the first round of every Switchboard write variant of case 4
    // still cost 15-60% more server CPU a request than the later rounds (four full runs).
    seconds: 3,
    rounds: 5,
    warmup: 6,
    profileSeconds: 8,
    // Case 1's targets: adjacent pairs of runs as long as the rounds' (lib/load.js pairedRatio).
    pairs: 10,
    ilertSizes: [1_000, 10_000, 100_000],
    ilertRounds: 4,
    writeSizes: [
      { count: 1_000, rounds: 5, seconds: 3 },
      { count: 10_000, rounds: 3, seconds: 6 },
    ],
    bootRounds: 7,
    memoryCount: 100_000,
  },
  quick: {
    seconds: 2,
    rounds: 2,
    warmup: 1,
    profileSeconds: 4,
    pairs: 4,
    ilertSizes: [1_000, 10_000],
    ilertRounds: 2,
    writeSizes: [
      { count: 1_000, rounds: 2, seconds: 2 },
      { count: 10_000, rounds: 1, seconds: 4 },
    ],
    bootRounds: 3,
    memoryCount: 10_000,
  },
};

const CASES = [
  { id: '1', title: 'Read, Eliza surface: GET /api/connectors', run: elizaRead },
  { id: '2', title: 'Read, ilert surface: page and get-by-id as the store grows', run: ilertRead },
  { id: '3', title: 'Durable writes, Eliza config file store', run: fileWrites },
  { id: '4', title: 'PostgreSQL store', run: postgres },
  { id: '5', title: 'Boot time and memory', run: boot },
];

function parseArgs(argv) {
  const args = { quick: false, profile: undefined, keep: false, only: undefined };
  for (const arg of argv) {
    if (arg === '--') continue;
    else if (arg === '--quick') args.quick = true;
    else if (arg === '--profile') args.profile = true;
    else if (arg === '--no-profile') args.profile = false;
    else if (arg === '--keep') args.keep = true;
    else if (arg.startsWith('--only='))
      args.only = arg
        .slice(7)
        .split(',')
        .map((s) => s.trim());
    else throw new Error(`unknown argument ${arg} (see the top of bench/run.js)`);
  }
  return args;
}

async function main() {
  const argv = process.argv.slice(2).filter((arg) => arg !== '--');
  const args = parseArgs(argv);
  if (!existsSync(join(API_DIST, 'main.js'))) throw new Error('apps/api/dist/main.js is missing: run `pnpm build` first');
  const mode = args.quick ? 'quick' : 'full';
  const cases = CASES.filter((c) => !args.only || args.only.includes(c.id));
  const partial = cases.length !== CASES.length;
  const output = !args.quick && !partial ? join(BENCH_DIR, 'RESULTS.md') : join(BENCH_DIR, '.work', `RESULTS-${args.quick ? 'quick' : 'partial'}.md`);
  const command = `pnpm bench${argv.length ? ` ${argv.join(' ')}` : ''}`;
  const commit = gitRevision();
  const builtBefore = buildStamp();
  const began = performance.now();
  const loadBefore = loadavg();
  const tmp = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
  tempDir = tmp;
  const log = (message) => process.stdout.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);

  const targets = [];
  const masters = new Map();
  const ctx = {
    tmp,
    settings: SETTINGS[mode],
    profile: args.profile ?? mode === 'full',
    log,
    typesNote: `${FIXTURE_TYPES.join(', ')} configs with their secrets, by turns`,
    async dir(label) {
      const dir = join(tmp, label);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      return dir;
    },
    /** A private copy of a seeded Eliza config file with `count` connectors (seeded once per count). */
    async elizaFile(count, label) {
      if (!masters.has(count)) {
        const path = join(tmp, 'seed', `${count}.json`);
        masters.set(
          count,
          writeElizaConfig(path, count).then((records) => ({ path, records })),
        );
      }
      const master = await masters.get(count);
      const path = join(await ctx.dir(label), 'milady.json');
      await copyFile(master.path, path);
      await copyFile(metadataFileOf(master.path), metadataFileOf(path));
      return { path, records: master.records };
    },
    fileSize: (path) => statSync(path).size,
    server: (script, options) => startServer(script, options, { logFile: join(tmp, 'servers.log') }),
    target(caseId, what, value, limit, kind = 'min') {
      targets.push({ caseId, what, value, limit, kind, met: kind === 'min' ? value >= limit : value <= limit });
    },
    skip(caseId, reason) {
      targets.push({ caseId, what: reason, skipped: true });
    },
  };

  const sections = [];
  let failed = false;
  try {
    for (const c of cases) {
      log(`case ${c.id}: ${c.title}`);
      const t0 = performance.now();
      let body;
      try {
        body = await c.run(ctx);
      } catch (error) {
        failed = true;
        log(`case ${c.id} failed: ${error.stack ?? error}`);
        body = `**Failed:** ${error.message}\n`;
        await stopAll();
      }
      sections.push(`## ${c.id}. ${c.title}\n\n${body}\n_(case took ${((performance.now() - t0) / 1000).toFixed(0)} s)_\n`);
    }
  } finally {
    await stopAll();
    if (args.keep) log(`kept ${tmp}`);
    else await rm(tmp, { recursive: true, force: true });
  }

  const loadAfter = loadavg();
  const rebuilt = buildStamp() !== builtBefore;
  const commitAfter = gitRevision();
  const minutes = ((performance.now() - began) / 60000).toFixed(1);
  const summary = targets.map((t) =>
    t.skipped
      ? [t.caseId, t.what, '—', '—', 'not run']
      : [t.caseId, t.what, fmt.ratio(t.value), `${t.kind === 'min' ? '>=' : '<='} ${t.limit}x`, t.met ? 'met' : '**missed**'],
  );
  const report = [
    '# Switchboard benchmark results',
    '',
    `* command: \`${command}\` (${mode} settings${partial ? `, cases ${cases.map((c) => c.id).join(',')}` : ''}), took ${minutes} min`,
    `* commit: \`${commit}\` (built code in apps/api/dist and packages/*/dist, last built ${new Date(builtBefore).toISOString()}; \`pnpm build\` is assumed to have run)` +
      (commitAfter !== commit ? `; **HEAD moved to \`${commitAfter}\` during the run**` : ''),
    ...(rebuilt ? ['* **warning: the build changed during this run (someone ran a build): later cases measured other code than earlier ones; re-run**'] : []),
    `* date: ${new Date().toISOString()}`,
    `* machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${fmt.mb(totalmem())} RAM, Node ${process.version}; ` +
      `load average ${loadBefore.map((l) => l.toFixed(1)).join(' / ')} at start, ${loadAfter.map((l) => l.toFixed(1)).join(' / ')} at end (the machine is shared: ` +
      'absolute figures are noisy, ratios are measured side by side, interleaved, medians)',
    `* load generator: ${LOAD_GENERATOR === 'autocannon' ? 'autocannon (BENCH_LOAD_GENERATOR=autocannon)' : 'bench/lib/http-load.js'} (in the bench process); every server in its own child process on 127.0.0.1:0; ` +
      `runs of ${ctx.settings.seconds} s, ${ctx.settings.rounds} rounds unless said otherwise`,
    '',
    '## Targets',
    '',
    table(['case', 'what', 'measured', 'target', ''], summary),
    '',
    ...sections,
  ].join('\n');
  // The hand-written analysis travels with the figures (it names the commit it was written against).
  const findings = await readFile(join(BENCH_DIR, 'FINDINGS.md'), 'utf8').catch(() => '');
  await mkdir(join(BENCH_DIR, '.work'), { recursive: true });
  await writeFile(
    output,
    findings
      ? `${report}
${findings}`
      : report,
  );
  log(`wrote ${output}`);
  process.stdout.write(`\n${table(['case', 'what', 'measured', 'target', ''], summary)}\n`);
  if (failed) process.exitCode = 1;
}

let tempDir;

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAllNow();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    process.exit(130);
  });
}

main().catch(async (error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  killAllNow();
  process.exitCode = 1;
});
