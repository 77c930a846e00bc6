// What every bench server child shares: its options, telling the parent it is ready, answering
// questions over IPC (memory; a CPU profile of a window of time), and a clean exit on SIGTERM.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';

export const options = JSON.parse(process.argv[2] ?? '{}');

let profiler;

const answers = {
  /** CPU time (user + system, µs) this process has used: per-request cost that a busy machine does not blur. */
  cpu() {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
  /**
   * The event loop's busy and idle time so far (ms): busy is wall time between waits for I/O, so a
   * thread that waits for a core while it has work counts as busy.
   */
  elu() {
    const { idle, active } = performance.eventLoopUtilization();
    return { idle, active };
  },
  memory() {
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    return { rss, heapUsed, heapTotal, external, arrayBuffers };
  },
  // The V8 CPU profiler (what --cpu-prof uses), started and stopped around the load only, so boot
  // and module loading do not blur the picture.
  async 'profile-start'() {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    return true;
  },
  async 'profile-stop'({ file }) {
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    await writeFile(file, JSON.stringify(profile));
    return file;
  },
};

export function announce(url, close) {
  process.on('message', async (message) => {
    const answer = answers[message?.ask];
    if (answer) process.send({ answer: message.ask, value: await answer(message) });
  });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => {
      Promise.resolve(close()).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  // IPC keeps the child alive until it is told to stop; the parent going away ends it too.
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: url });
}

export function fail(error) {
  process.send?.({ failed: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
