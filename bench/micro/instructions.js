// Case 1's GET counted in instructions instead of seconds: each server runs under valgrind's
// callgrind, is warmed up, and then the instructions its main thread executes per GET are counted
// in windows of N GETs; the figure is the median of the last three windows, in the steady state
// where V8 has optimised the hot code. The first windows run much of it in V8's baseline tier:
// counted after 3,000 GETs, the bare server measured ~45% above its steady state (~106k against
// ~61k), Switchboard ~55% (133k against 85.6k). Both settle within ~15,000 GETs.
// Unlike throughput, the count does not move with the other tenants of a shared machine, so a
// change of 2% shows (the throughput A/B of bench/ab.js needs ~15% to rise above its noise). User
// space only (the kernel's share is the same for both servers); ~1 min a server and run.
//
//   node bench/micro/instructions.js [--requests=2000] [--windows=8] [--runs=2] [--only=switchboard|bare]
//
// --only counts one server (to try a change to Switchboard without recounting the bare one).
// --log-levels adds Switchboard at LOG_LEVEL=info (the default) and debug (a line per request): what
// request logging costs in instructions (user space: the write to the log is the kernel's).
// --keep=DIR copies each run's last window (a callgrind file: callgrind_annotate reads it) to DIR.
// Under the flag --perf-basic-prof (NODE_FLAGS env, given to the server) V8 writes the names of its
// compiled code to /tmp/perf-<pid>.map, which names the anonymous addresses in such a file.
//
// Needs valgrind (Debian's package) and a build (`pnpm build`). Not part of `pnpm bench`.
import { execFileSync, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeElizaConfig } from '../lib/fixtures.js';
import { median } from '../lib/load.js';
import { SERVERS_DIR } from '../lib/paths.js';

// strict: an unknown option stops it instead of being ignored.
const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    windows: { type: 'string', default: '8' },
    runs: { type: 'string', default: '2' },
    only: { type: 'string' },
    keep: { type: 'string' },
    'log-levels': { type: 'boolean', default: false },
  },
  strict: true,
});
const REQUESTS = Number(args.requests);
const RUNS = Number(args.runs);
const WARM_UP = 3000;
const WINDOWS = Math.max(3, Number(args.windows));
// The last three windows' spread above which a run is flagged as not settled.
const SETTLED = 0.02;
const ONLY = args.only;
const KEEP = args.keep;

const SERVERS = {
  'switchboard (LOG_LEVEL=warn)': ['switchboard.js', { logLevel: 'warn' }],
  'bare Fastify, precomputed buffer': ['bare-read.js', { mode: 'buffer' }],
  ...(args['log-levels']
    ? { 'switchboard (LOG_LEVEL=info)': ['switchboard.js', { logLevel: 'info' }], 'switchboard (LOG_LEVEL=debug)': ['switchboard.js', { logLevel: 'debug' }] }
    : {}),
};

/** `count` GETs over 4 keep-alive connections; every answer must be a 200 of `expectedLength` bytes. */
async function get(url, count, expectedLength) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  let left = count;
  const one = () =>
    new Promise((resolve, reject) => {
      http
        .get(`${url}/api/connectors`, { agent }, (res) => {
          let length = 0;
          res.on('data', (chunk) => (length += chunk.length));
          res.on('end', () =>
            res.statusCode === 200 && (expectedLength === undefined || length === expectedLength)
              ? resolve(length)
              : reject(new Error(`answer ${res.statusCode}, ${length} bytes`)),
          );
        })
        .on('error', reject);
    });
  let length;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (left-- > 0) length = await one();
    }),
  );
  agent.destroy();
  return length;
}

/** Main-thread instructions per GET of one server, window by window, from a fresh process under callgrind. */
async function count(script, options, dir, keepAs) {
  const out = join(dir, 'callgrind');
  await rm(out, { recursive: true, force: true });
  await mkdir(out);
  // --smc-check: V8 writes machine code into anonymous memory; --separate-threads: one count per thread.
  const flags = (process.env.NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--smc-check=all-non-file',
      '--separate-threads=yes',
      `--callgrind-out-file=${out}/run.%p`,
      process.execPath,
      ...flags,
      join(SERVERS_DIR, script),
      JSON.stringify(options),
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const windows = [];
  try {
    const url = await new Promise((resolve, reject) => {
      child.on('message', (message) => (message?.ready ? resolve(message.ready) : message?.failed && reject(new Error(message.failed))));
      child.once('exit', () => reject(new Error(`${script} exited under valgrind: ${stderr}`)));
    });
    const length = await get(url, WARM_UP);
    while (windows.length < WINDOWS) {
      execFileSync('callgrind_control', ['--zero', String(child.pid)], { stdio: 'ignore' });
      await get(url, REQUESTS, length);
      execFileSync('callgrind_control', ['--dump', String(child.pid)], { stdio: 'ignore' });
      windows.push((await mainThreadTotal(out, windows.length + 1)) / REQUESTS);
    }
    if (keepAs) await copyFile(join(out, await mainThreadFile(out, windows.length)), `${keepAs}.${child.pid}.callgrind`);
  } finally {
    child.kill('SIGKILL');
  }
  const last = windows.slice(-3);
  const settled = Math.max(...last) - Math.min(...last) <= SETTLED * Math.min(...last);
  return { perGet: median(last), windows, settled };
}

/**
 * The main thread's total of the `dump`th dump: callgrind names it "<file>.<dump>-01" (thread 1).
 * V8's helper threads are left out: in the steady state they add 1-2k a GET (garbage collection),
 * and under valgrind, which runs one thread at a time, which thread does the collector's work
 * varies from process to process (bench/FINDINGS.md, case 1).
 */
async function mainThreadTotal(out, dump) {
  return Number(/^totals: (\d+)/m.exec(await readFile(join(out, await mainThreadFile(out, dump)), 'utf8'))?.[1] ?? NaN);
}

async function mainThreadFile(out, dump) {
  const name = (await readdir(out)).find((file) => file.endsWith(`.${dump}-01`));
  if (!name) throw new Error(`callgrind wrote no main-thread file for dump ${dump}`);
  return name;
}

const dir = await mkdtemp(join(tmpdir(), 'switchboard-instructions-'));
try {
  const results = {};
  for (const [name, [script, options]] of Object.entries(SERVERS)) {
    if (ONLY && !name.startsWith(ONLY)) continue;
    results[name] = [];
    for (let run = 0; run < RUNS; run++) {
      const configPath = join(dir, `${run}-${script}.json`); // a fresh file: a Switchboard locks the one it manages
      await writeElizaConfig(configPath, 50);
      const keepAs = KEEP && join(KEEP, `${script.replace(/\.js$/, '')}-${run + 1}`);
      const { perGet, windows, settled } = await count(script, { ...options, configPath }, dir, keepAs);
      results[name].push(perGet);
      const trail = windows.map((n) => (n / 1000).toFixed(1)).join(' → ');
      console.log(
        `${name} run ${run + 1}: main thread ${(perGet / 1000).toFixed(1)}k instructions a GET (windows of ${REQUESTS}: ${trail}${settled ? '' : '; the last three differ by more than 2%: not settled'})`,
      );
    }
  }
  const [switchboard, bare, info, debug] = Object.keys(SERVERS).map((name) => results[name] && median(results[name]));
  if (info && debug)
    console.log(
      `\nmain thread, median of ${RUNS}: warn / info = ${(switchboard / info).toFixed(2)}x, warn / debug = ${(switchboard / debug).toFixed(2)}x (the read speed each level keeps, counted in instructions)`,
    );
  if (ONLY) console.log(`\nmain thread, median of ${RUNS}: ${(median(Object.values(results)[0]) / 1000).toFixed(1)}k a GET`);
  else
    console.log(
      `\nmain thread, median of ${RUNS}: switchboard ${(switchboard / 1000).toFixed(1)}k, bare buffer ${(bare / 1000).toFixed(1)}k a GET; bare / switchboard = ${(bare / switchboard).toFixed(2)}x`,
    );
} finally {
  await rm(dir, { recursive: true, force: true });
}
