// Case 1's GET counted in instructions instead of seconds: each server runs under valgrind's
// callgrind, is warmed up, and then the instructions its main thread executes for N GETs are
// counted. Unlike throughput, the count does not move with the other tenants of a shared machine,
// so a change of 2% shows (the throughput A/B of bench/ab.js needs ~15% to rise above its noise).
// User space only (the kernel's share is the same for both servers), and a run takes ~45 s a server.
//
//   node bench/micro/instructions.js [--requests=2000] [--runs=2]
//
// Needs valgrind (Debian's package) and a build (`pnpm build`). Not part of `pnpm bench`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeElizaConfig } from '../lib/fixtures.js';
import { median } from '../lib/load.js';
import { SERVERS_DIR } from '../lib/paths.js';

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const REQUESTS = arg('requests', 2000);
const RUNS = arg('runs', 2);
const WARM_UP = 3000;

const SERVERS = {
  'switchboard (LOG_LEVEL=warn)': ['switchboard.js', { logLevel: 'warn' }],
  'bare Fastify, precomputed buffer': ['bare-read.js', { mode: 'buffer' }],
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
          res.on('end', () => (res.statusCode === 200 && (expectedLength === undefined || length === expectedLength) ? resolve(length) : reject(new Error(`answer ${res.statusCode}, ${length} bytes`))));
        })
        .on('error', reject);
    });
  let length;
  await Promise.all(Array.from({ length: 4 }, async () => { while (left-- > 0) length = await one(); }));
  agent.destroy();
  return length;
}

/** Main-thread instructions per GET of one server, from a fresh process under callgrind. */
async function count(script, options, dir) {
  const out = join(dir, 'callgrind');
  await rm(out, { recursive: true, force: true });
  await mkdir(out);
  // --smc-check: V8 writes machine code into anonymous memory; --separate-threads: one count per thread.
  const child = spawn('valgrind', ['--tool=callgrind', '--smc-check=all-non-file', '--separate-threads=yes', `--callgrind-out-file=${out}/run.%p`,
    process.execPath, join(SERVERS_DIR, script), JSON.stringify(options)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, NODE_ENV: 'production' } });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  try {
    const url = await new Promise((resolve, reject) => {
      child.on('message', (message) => (message?.ready ? resolve(message.ready) : message?.failed && reject(new Error(message.failed))));
      child.once('exit', () => reject(new Error(`${script} exited under valgrind: ${stderr}`)));
    });
    const length = await get(url, WARM_UP);
    execFileSync('callgrind_control', ['--zero', String(child.pid)], { stdio: 'ignore' });
    await get(url, REQUESTS, length);
    execFileSync('callgrind_control', ['--dump', String(child.pid)], { stdio: 'ignore' });
  } finally {
    child.kill('SIGKILL');
  }
  // The dump's first thread file (".1-01") is the main thread. The others are V8's helpers (GC,
  // compilers), whose counts under valgrind (threads run one at a time, ~50x slower) are not a
  // measure of anything: left out.
  const main = (await readdir(out)).filter((name) => name.endsWith('.1-01'))[0];
  if (!main) throw new Error(`callgrind wrote no main-thread file for ${script}`);
  return Number(/^totals: (\d+)/m.exec(await readFile(join(out, main), 'utf8'))?.[1] ?? NaN) / REQUESTS;
}

const dir = await mkdtemp(join(tmpdir(), 'switchboard-instructions-'));
try {
  const results = {};
  for (const [name, [script, options]] of Object.entries(SERVERS)) {
    results[name] = [];
    for (let run = 0; run < RUNS; run++) {
      const configPath = join(dir, `${run}-${script}.json`); // a fresh file: a Switchboard locks the one it manages
      await writeElizaConfig(configPath, 50);
      results[name].push(await count(script, { ...options, configPath }, dir));
      console.log(`${name} run ${run + 1}: main thread ${(results[name].at(-1) / 1000).toFixed(1)}k instructions a GET`);
    }
  }
  const [switchboard, bare] = Object.values(results).map((runs) => median(runs));
  console.log(`\nmain thread, median of ${RUNS}: switchboard ${(switchboard / 1000).toFixed(1)}k, bare buffer ${(bare / 1000).toFixed(1)}k a GET; bare / switchboard = ${(bare / switchboard).toFixed(2)}x`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
