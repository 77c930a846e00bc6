// The bench's HTTP load generator: `connections` keep-alive HTTP/1.1 connections, one request in
// flight on each, for `seconds`. Written here rather than taken from a library because on this
// 2-core machine the load generator's CPU is taken from the server it measures, and the libraries
// cost several times more per large answer: receiving a 206 KB answer (the Eliza map of 1,000
// connectors) costs autocannon ~180-285 µs of CPU, this reader ~44 µs (bench/micro/load-generators.js;
// undici 6's Pool, tried once the same way, ~233 µs). What makes the difference: every answer is
// read into one preallocated buffer (net's `onread`), so reading allocates nothing, and only its
// head is decoded; bodies are counted, never kept (no case looks at them; the cases check their
// servers' answers before the timed runs). `BENCH_LOAD_GENERATOR=autocannon` uses autocannon instead.
import net from 'node:net';
import { latencySummary } from './latency.js';

const READ_BUFFER = 64 * 1024;
const TIMEOUT_MS = 30_000;
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Resolves with { count (2xx answers), rps, p50, p99, mean (latency, ms), non2xx, errors,
 * bytesPerReq }. `nextRequest` (optional) returns { method, path, body, headers } for each request.
 * Answers completed after `seconds` (those already in flight) are counted, over the time they took.
 */
export function httpLoad({ url, path = '/', method = 'GET', connections = 16, seconds = 5, headers = {}, nextRequest }) {
  const target = new URL(url);
  const port = Number(target.port || 80);
  const fixed = nextRequest ? undefined : serialize(target, { method, path, headers });
  const request = nextRequest
    ? () => {
        const next = nextRequest();
        return serialize(target, { method, path, ...next, headers: { ...headers, ...next.headers } });
      }
    : () => fixed;
  return new Promise((resolve, reject) => {
    const readBuffer = Buffer.allocUnsafe(READ_BUFFER); // shared: each read is consumed before the next
    const latencies = [];
    const tally = { ok: 0, non2xx: 0, errors: 0, bytes: 0 };
    const started = performance.now();
    const deadline = started + seconds * 1000;
    let finishedAt = started;
    let open = connections;
    const closed = () => {
      if (--open > 0) return;
      if (run.protocolError) return reject(new Error(run.protocolError));
      const elapsed = (finishedAt - started) / 1000 || seconds;
      const answered = tally.ok + tally.non2xx;
      resolve({
        count: tally.ok,
        rps: tally.ok / elapsed,
        ...latencySummary(latencies),
        non2xx: tally.non2xx,
        errors: tally.errors,
        bytesPerReq: answered ? tally.bytes / answered : 0,
      });
    };
    const onAnswer = (at) => {
      finishedAt = Math.max(finishedAt, at);
    };
    const run = { port, host: target.hostname, readBuffer, request, deadline, latencies, tally, onAnswer, closed, protocolError: undefined };
    for (let c = 0; c < connections; c++) connection(run);
  });
}

/** One request as bytes: request line, headers (host and content-length added), body. */
function serialize(target, { method, path, headers = {}, body }) {
  const payload = body === undefined ? undefined : Buffer.from(body);
  let head = `${method} ${path} HTTP/1.1\r\nhost: ${target.host}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  if (payload) head += `content-length: ${payload.length}\r\n`;
  head += '\r\n';
  return payload ? Buffer.concat([Buffer.from(head, 'latin1'), payload]) : Buffer.from(head, 'latin1');
}

/**
 * Drives one connection: sends a request, reads its answer (head, then `content-length` bytes),
 * sends the next until the deadline. A connection the server closes, an error or a timeout counts
 * as an error and the connection is opened again (before the deadline).
 */
function connection(run) {
  let head = null; // bytes of a head split across reads
  let remaining = -1; // body bytes still to come; -1 while reading a head
  let sentAt = 0;
  let timer;
  let done = false;
  let socket;

  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    socket.destroy();
    run.closed();
  };
  const stopped = () => done || run.protocolError !== undefined;
  const send = () => {
    if (stopped() || performance.now() >= run.deadline) return finish();
    sentAt = performance.now();
    socket.write(run.request());
  };
  const fail = () => {
    run.tally.errors++;
    clearTimeout(timer);
    const failed = socket;
    socket = undefined; // its 'close' is then ignored
    failed.destroy();
    head = null;
    remaining = -1;
    if (stopped() || performance.now() >= run.deadline) {
      socket = failed;
      return finish();
    }
    open();
  };
  const answered = (status) => {
    const now = performance.now();
    run.latencies.push(now - sentAt);
    run.onAnswer(now);
    if (status >= 200 && status < 300) run.tally.ok++;
    else run.tally.non2xx++;
    send();
  };
  let status = 0;
  /** Reads a head from `buffer[start, end)`; returns where its body starts, or -1 if incomplete. */
  const readHead = (buffer, start, end) => {
    const chunk = buffer.subarray(start, end);
    const joined = head ? Buffer.concat([head, chunk]) : chunk;
    const stop = joined.indexOf(HEAD_END);
    if (stop < 0) {
      head = Buffer.from(joined); // copy: the read buffer is reused
      return -1;
    }
    const text = joined.latin1Slice(0, stop);
    status = Number(text.slice(9, 12));
    // 204 and 304 have no body whatever their headers say; every other answer must give its length.
    const length = status === 204 || status === 304 ? '0' : /\r\ncontent-length:[ \t]*(\d+)/i.exec(text)?.[1];
    if (length === undefined) {
      run.protocolError = `answer without content-length (${text.split('\r\n')[0]}): the bench's load generator needs one`;
      return -2;
    }
    remaining = Number(length);
    const consumedFromChunk = stop + 4 - (head ? head.length : 0);
    head = null;
    return start + consumedFromChunk;
  };
  const onRead = (n, buffer) => {
    run.tally.bytes += n;
    let offset = 0;
    while (offset < n) {
      if (remaining < 0) {
        const bodyStart = readHead(buffer, offset, n);
        if (bodyStart === -2) return fail();
        if (bodyStart < 0) return;
        offset = bodyStart;
      }
      const take = Math.min(remaining, n - offset);
      remaining -= take;
      offset += take;
      if (remaining === 0) {
        remaining = -1;
        timer.refresh();
        answered(status);
      }
    }
  };
  const open = () => {
    const own = net.connect({ port: run.port, host: run.host, noDelay: true, onread: { buffer: run.readBuffer, callback: onRead } });
    socket = own;
    own.on('connect', () => {
      timer = setTimeout(fail, TIMEOUT_MS);
      send();
    });
    own.on('error', () => undefined); // followed by 'close'
    own.on('close', () => {
      if (socket === own && !done) fail();
    });
  };
  open();
}
