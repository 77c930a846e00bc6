// CPU time of processes other than the server under test, for accounting where a write's CPU goes
// on a machine where everything shares two cores: PostgreSQL's processes (read from /proc, Linux
// only) and the bench process itself (the load generator and the raw `pg` loop run in it).
import { readdirSync, readFileSync } from 'node:fs';

const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

/** User + system CPU of every process named `postgres`, in µs; NaN where /proc is not there. */
export function postgresCpuUs() {
  let total = 0;
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return NaN;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat; fields[0] here is field 3.
      total += (Number(fields[11]) + Number(fields[12])) * TICK_US;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Wraps a run that reports `count` (load() and rawLoop() do): adds `pgUs` (PostgreSQL CPU per op) and `benchUs` (this process's CPU per op). */
export function withSideCpu(run) {
  return async () => {
    const pg0 = postgresCpuUs();
    const self0 = process.cpuUsage();
    const result = await run();
    const self = process.cpuUsage(self0);
    return { ...result, pgUs: (postgresCpuUs() - pg0) / result.count, benchUs: (self.user + self.system) / result.count };
  };
}
