// One load run, reduced to the figures the report uses: the bench's own load generator
// (http-load.js, why there), or autocannon with BENCH_LOAD_GENERATOR=autocannon.
import autocannon from 'autocannon';
import { httpLoad } from './http-load.js';
import { quantile } from './latency.js';

export const LOAD_GENERATOR = process.env.BENCH_LOAD_GENERATOR === 'autocannon' ? 'autocannon' : 'http-load';

/**
 * Runs `connections` clients against `url` for `seconds` and resolves with { count, rps (2xx
 * answers per second), p50, p99, mean (latency, ms), non2xx, errors, bytesPerReq }. `nextRequest`
 * (optional) returns { method, path, body, headers } for every request: writes with varying bodies.
 */
export function load(options) {
  return LOAD_GENERATOR === 'autocannon' ? autocannonLoad(options) : httpLoad(options);
}

function autocannonLoad({ url, path = '/', method = 'GET', connections = 16, seconds = 5, headers, nextRequest }) {
  const options = {
    url: new URL(path, url).href,
    method,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 30,
    headers,
    setupClient: discardResponseBodies,
  };
  if (nextRequest) {
    options.requests = [
      {
        setupRequest(request) {
          const next = nextRequest();
          return {
            ...request,
            method: next.method ?? method,
            path: next.path ?? path,
            body: next.body,
            headers: { ...request.headers, ...next.headers },
          };
        },
      },
    ];
  }
  return new Promise((resolve, reject) => {
    const run = autocannon(options, (error, result) => {
      if (error) return reject(error);
      const ok = result['2xx'];
      resolve({
        count: ok,
        rps: ok / result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        mean: result.latency.average,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        bytesPerReq: result.requests.total ? result.throughput.total / result.requests.total : 0,
      });
    });
    // Without a listener autocannon prints nothing, which is what we want; keep it explicit.
    run.on('error', () => undefined);
  });
}

/**
 * autocannon keeps every response body as a string (`body += chunk` per chunk) for its `verifyBody`
 * / `onResponse` options, which no case uses. In the bench process (a large heap: fixtures, the raw
 * loop's pool) that garbage is costly with the 206 KB Eliza map: A/B quick runs of case 4 measured
 * 426 / 632 / 473 µs of bench-process CPU per Eliza POST keeping bodies against 234 / 230 / 330
 * dropping them, on the same two cores as the server. (bench/micro/transfer.js, a small process,
 * shows no difference, presumably because its heap is small: what costs is the garbage, not the
 * decoding.) Bytes are still counted and every response is still parsed to its end, so answers,
 * status codes and latencies are unchanged.
 */
export function discardResponseBodies(client) {
  client.pipelinedRequests.addBody = () => undefined;
}

/**
 * Wraps a load run on a child server so the result also carries `cpuUs`, the server's CPU time
 * (user + system) per answered request over the run, and `busy`, the share of the run's wall time
 * its event loop was not waiting for I/O; both asked over IPC before and after.
 */
export function withServerCpu(server, run) {
  return async () => {
    const [cpuBefore, eluBefore] = [await server.ask('cpu'), await server.ask('elu')];
    const result = await run();
    const [cpuAfter, eluAfter] = [await server.ask('cpu'), await server.ask('elu')];
    const active = eluAfter.active - eluBefore.active;
    const idle = eluAfter.idle - eluBefore.idle;
    return { ...result, cpuUs: result.count ? (cpuAfter - cpuBefore) / result.count : NaN, busy: active / (active + idle) };
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The throughput ratio of variant `a` to variant `b` measured in `pairs` adjacent pairs of runs,
 * the order alternating (a b, b a, ...), and summarised by the median of the pairs' ratios. Within a
 * pair both variants see the same moment of the machine, so a slow spell of a few seconds moves
 * both, where the rounds of `interleave` put up to (variants - 1) runs between them. Resolves with
 * { ratio, ratios, low, high } (low/high: the middle half of the pairs' ratios).
 */
export async function pairedRatio(a, b, pairs, log = () => undefined) {
  const ratios = [];
  for (let pair = 0; pair < pairs; pair++) {
    const aFirst = pair % 2 === 0;
    const first = await (aFirst ? a : b)();
    const second = await (aFirst ? b : a)();
    const [ra, rb] = aFirst ? [first, second] : [second, first];
    ratios.push(ra.rps / rb.rps);
    log(`    pair ${pair + 1}/${pairs}: ${ra.rps.toFixed(0)} / ${rb.rps.toFixed(0)} req/s = ${(ra.rps / rb.rps).toFixed(2)}x`);
  }
  const sorted = [...ratios].sort((x, y) => x - y);
  return { ratio: median(ratios), ratios, low: quantile(sorted, 0.25), high: quantile(sorted, 0.75) };
}

/**
 * Runs every variant `rounds` times, interleaved (A B C, then B C A, ...: each variant sees every
 * position, so drift of a noisy machine spreads over all of them), and returns per variant the
 * median of each figure plus the raw runs. `variants` is { name: () => Promise<result> }.
 */
export async function interleave(variants, rounds, log = () => undefined) {
  const names = Object.keys(variants);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      const result = await variants[name]();
      runs[name].push(result);
      log(
        `    round ${round + 1}/${rounds} ${name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms` +
          (result.cpuUs ? `, server CPU ${result.cpuUs.toFixed(0)} µs/req, event loop busy ${(100 * result.busy).toFixed(0)}%` : '') +
          (result.non2xx || result.errors ? ` (non-2xx ${result.non2xx}, errors ${result.errors})` : ''),
      );
    }
  }
  const summary = {};
  for (const name of names) {
    const list = runs[name];
    summary[name] = {
      rps: median(list.map((r) => r.rps)),
      p50: median(list.map((r) => r.p50)),
      p99: median(list.map((r) => r.p99)),
      mean: median(list.map((r) => r.mean)),
      non2xx: list.reduce((sum, r) => sum + r.non2xx, 0),
      errors: list.reduce((sum, r) => sum + r.errors, 0),
      bytesPerReq: median(list.map((r) => r.bytesPerReq)),
      cpuUs: median(list.map((r) => r.cpuUs ?? NaN)),
      busy: median(list.map((r) => r.busy ?? NaN)),
      pgUs: median(list.map((r) => r.pgUs ?? NaN)),
      benchUs: median(list.map((r) => r.benchUs ?? NaN)),
      runs: list,
    };
  }
  return summary;
}
