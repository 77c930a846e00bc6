// Case 5: a real `node <entry>` process, timed from spawn to its "switchboard listening" log line.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { stopChild } from './child.js';

/**
 * Spawns `node <entry>` with `env` (nothing else from the bench's environment but PATH) and resolves
 * once it logs "switchboard listening": { ms, url, pid, rss(), stop() }. Rejects if it exits first
 * or takes longer than `timeoutMs`.
 */
export function bootProcess(entry, env, { timeoutMs = 180_000, execArgv = [] } = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [...execArgv, entry], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not log "switchboard listening" within ${timeoutMs} ms`));
    }, timeoutMs);
    const onData = (chunk) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (!line.includes('switchboard listening')) continue;
        const ms = performance.now() - started;
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume(); // keep draining later log lines
        resolve({
          ms,
          pid: child.pid,
          url: JSON.parse(line).address,
          rss: () => rssOf(child.pid),
          stop: () => stopChild(child),
        });
      }
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before listening: ${stderr.trim().split('\n').pop() ?? ''}`));
    });
  });
}

/** Resident set size and its peak (VmHWM) of a process, in bytes, from /proc. */
export async function rssOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** CPU time (user + system, every thread) a process has used so far, in ms, from /proc. */
export async function cpuMsOf(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // utime and stime are fields 14 and 15; the command name (field 2) may hold spaces, so count from its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}
