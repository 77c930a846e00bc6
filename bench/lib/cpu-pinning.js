// Case 1 gives the server under test a core of its own and the load generator the others, with
// taskset (util-linux). Why: on this shared 2-core machine an unpinned server shares its cores with
// the load generator and is moved between them, and slow spells come and go; two identical servers
// measured in adjacent pairs of runs came out 0.69-1.00x of each other unpinned and 0.91-1.03x
// pinned (bench/FINDINGS.md, case 1). Every variant of the case gets the same core.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const CORES = availableParallelism();

function taskset(cpus, pid) {
  // -a: every thread of the process (V8's helpers too); threads started later inherit it.
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

/**
 * Pins servers to the last core and this process (the load generator) to the others, or does
 * nothing (and says why) on one core or without taskset. `release()` gives this process every core
 * back; the servers die with the case.
 */
export function pinLoadAndServers(serverPids) {
  const serverCore = String(CORES - 1);
  const loadCores = CORES > 2 ? `0-${CORES - 2}` : '0';
  if (CORES < 2) return { pinned: false, note: 'not pinned (one core)', release() {} };
  try {
    taskset(loadCores, process.pid);
    for (const pid of serverPids) taskset(serverCore, pid);
  } catch (error) {
    release();
    return { pinned: false, note: `not pinned (taskset failed: ${error.message.split('\n')[0]})`, release() {} };
  }
  return { pinned: true, note: `servers pinned to core ${serverCore}, the load generator to core ${loadCores} (taskset)`, release };
}

function release() {
  try {
    taskset(`0-${CORES - 1}`, process.pid);
  } catch {
    // Nothing to give back if taskset is not there.
  }
}
