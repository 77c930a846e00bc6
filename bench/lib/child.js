// Servers under test run in child processes (so the load generator never shares their event loop),
// each announcing its address over IPC. Every child is tracked and stopped by its own pid.
import { fork } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { SERVERS_DIR } from './paths.js';

const live = new Set();

/**
 * Forks bench/servers/<script> with `options` (JSON in argv[2]) and resolves once it sends
 * { ready: url }. Its stdout/stderr go to `logFile` (request logs at info level land there, as they
 * would in a file or a pipe in production). `execArgv` e.g. ['--cpu-prof', ...].
 */
export async function startServer(script, options, { logFile, execArgv = [], timeoutMs = 120_000 } = {}) {
  const fd = logFile ? openSync(logFile, 'a') : 'ignore';
  const child = fork(join(SERVERS_DIR, script), [JSON.stringify(options)], {
    stdio: ['ignore', fd, fd, 'ipc'],
    execArgv,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (typeof fd === 'number') closeSync(fd);
  live.add(child);
  child.once('exit', () => live.delete(child));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${timeoutMs} ms`)), timeoutMs);
    child.on('message', (message) => {
      if (message?.ready) {
        clearTimeout(timer);
        resolve(message.ready);
      } else if (message?.failed) {
        clearTimeout(timer);
        reject(new Error(`${script} failed to start: ${message.failed}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready${logFile ? ` (see ${logFile})` : ''}`));
    });
  });
  return {
    url,
    pid: child.pid,
    /** Asks the child for something over IPC (e.g. its memory use). */
    ask(question, payload = {}) {
      return new Promise((resolve) => {
        const onMessage = (message) => {
          if (message?.answer === question) {
            child.off('message', onMessage);
            resolve(message.value);
          }
        };
        child.on('message', onMessage);
        child.send({ ...payload, ask: question });
      });
    },
    stop: () => stopChild(child),
  };
}

/** SIGTERM (the server finishes in-flight work and exits; a CPU profile is written then), SIGKILL after 15 s. */
export function stopChild(child, graceMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Stops every child still running (on the way out, also after a failure). */
export async function stopAll() {
  await Promise.all([...live].map((child) => stopChild(child, 5_000)));
}

/** Last resort when the bench itself dies: kill what it started, by pid. */
export function killAllNow() {
  for (const child of live) child.kill('SIGKILL');
}
