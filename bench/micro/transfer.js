// Micro-benchmark, not part of `pnpm bench`: what moving one answer of a given size costs on
// loopback, with no Switchboard at all. A bare node:http server (child process, sized-answer-server.js) answers
// every POST with SIZE bytes; autocannon (32 connections, in this process, dropping bodies as bench/lib/load.js
// does, and keeping them as autocannon does by default), interleaved, 7 rounds of 3 s. Prints the
// medians of CPU per response of the server and of the client. (Keeping bodies costs nothing
// measurable here, in a small process; in the bench process it does: see bench/lib/load.js.)
//   node bench/micro/transfer.js            # 206 KB: the Eliza map of 1,000 connectors
//   SIZE=1000 node bench/micro/transfer.js  # a small answer, for comparison
import { fork } from 'node:child_process';
import autocannon from 'autocannon';
import { discardResponseBodies, median } from '../lib/load.js';

const size = Number(process.env.SIZE ?? 206 * 1024);

const server = fork(new URL('./sized-answer-server.js', import.meta.url).pathname, [], { env: { ...process.env, SIZE: String(size) } });
const port = await new Promise((resolve) => server.once('message', resolve));
const serverCpu = () =>
  new Promise((resolve) => {
    server.once('message', (m) => resolve(m.cpu));
    server.send('ask');
  });
const run = async (keepBodies) => {
  const serverBefore = await serverCpu();
  const clientBefore = process.cpuUsage();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/`,
    method: 'POST',
    connections: 32,
    duration: 3,
    body: '{"name":"x","config":{}}',
    headers: { 'content-type': 'application/json' },
    ...(keepBodies ? {} : { setupClient: discardResponseBodies }),
  });
  const client = process.cpuUsage(clientBefore);
  const count = result.requests.total;
  const serverUs = ((await serverCpu()) - serverBefore) / count;
  return { rps: count / 3, serverUs, clientUs: (client.user + client.system) / count };
};
const runs = { dropped: [], kept: [] };
for (let round = 0; round < 7; round++) {
  for (const variant of round % 2 ? ['kept', 'dropped'] : ['dropped', 'kept']) runs[variant].push(await run(variant === 'kept'));
}
server.kill();
for (const [variant, list] of Object.entries(runs)) {
  const figure = (key) => median(list.map((r) => r[key])).toFixed(0);
  console.log(
    `${size} B, bodies ${variant === 'kept' ? 'kept (autocannon default)' : 'dropped (bench/lib/load.js)'}: ` +
      `${figure('rps')} req/s, server ${figure('serverUs')} µs/response, client ${figure('clientUs')} µs/response (medians of 7)`,
  );
}
