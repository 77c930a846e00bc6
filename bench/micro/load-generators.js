// Micro-benchmark, not part of `pnpm bench`: what the load generator itself costs. A bare node:http
// server (child process, sized-answer-server.js) answers every POST with SIZE bytes and counts the
// requests it answered;
// the bench's load generator (bench/lib/http-load.js) and autocannon (bodies dropped, as
// bench/lib/load.js runs it), 32 connections each, interleaved, 5 rounds of 3 s, in this process.
// Prints the medians of throughput and of the client's and the server's CPU per response, and
// checks that each generator's count of answers matches the server's.
//   node bench/micro/load-generators.js            # 206 KB: the Eliza map of 1,000 connectors
//   SIZE=10000 node bench/micro/load-generators.js # about the 50-connector map of case 1
import { fork } from 'node:child_process';
import autocannon from 'autocannon';
import { httpLoad } from '../lib/http-load.js';
import { discardResponseBodies, LOAD_GENERATOR, median } from '../lib/load.js';

const size = Number(process.env.SIZE ?? 206 * 1024);

if (LOAD_GENERATOR !== 'http-load') throw new Error('unset BENCH_LOAD_GENERATOR: this script runs both generators');
const server = fork(new URL('./sized-answer-server.js', import.meta.url).pathname, [], { env: { ...process.env, SIZE: String(size) } });
const port = await new Promise((resolve) => server.once('message', resolve));
const ask = () =>
  new Promise((resolve) => {
    server.once('message', resolve);
    server.send('ask');
  });
const url = `http://127.0.0.1:${port}/`;
const body = '{"name":"x","config":{}}';
const headers = { 'content-type': 'application/json' };
const generators = {
  'http-load': async () => {
    const result = await httpLoad({ url, method: 'POST', connections: 32, seconds: 3, nextRequest: () => ({ body, headers }) });
    return { count: result.count + result.non2xx, rps: result.rps };
  },
  'autocannon (bodies dropped)': async () => {
    const result = await autocannon({
      url,
      method: 'POST',
      connections: 32,
      duration: 3,
      body,
      headers,
      setupClient: discardResponseBodies,
    });
    return { count: result.requests.total, rps: result['2xx'] / result.duration };
  },
};
const runs = Object.fromEntries(Object.keys(generators).map((name) => [name, []]));
const names = Object.keys(generators);
for (let round = 0; round < 5; round++) {
  for (const name of round % 2 ? [...names].reverse() : names) {
    const before = await ask();
    const client = process.cpuUsage();
    const { count, rps } = await generators[name]();
    const clientCpu = process.cpuUsage(client);
    await new Promise((resolve) => setTimeout(resolve, 200)); // let a generator's last in-flight requests land
    const after = await ask();
    const served = after.answered - before.answered;
    runs[name].push({ rps, clientUs: (clientCpu.user + clientCpu.system) / count, serverUs: (after.cpu - before.cpu) / served, served, count });
  }
}
server.kill();
for (const [name, list] of Object.entries(runs)) {
  const figure = (key) => median(list.map((r) => r[key])).toFixed(0);
  const counts = list.map((r) => `${r.count}/${r.served}`).join(' ');
  console.log(
    `${size} B, ${name}: ${figure('rps')} req/s, client ${figure('clientUs')} µs/response, server ${figure('serverUs')} µs/response ` +
      `(medians of 5; answers counted by the generator / by the server: ${counts})`,
  );
}
