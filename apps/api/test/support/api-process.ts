import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built service, as operators run it. */
export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface ApiProcess {
  child: ChildProcess;
  pid: number;
  stdout: string[];
  stderr: string[];
  /** Resolves once the process has exited and been reaped: its pid then runs nothing. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node apps/api/dist/main.js` with only the given environment (plus PATH, and a HOME that is not the user's). */
export function spawnApi(env: Record<string, string>): ApiProcess {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent-home', ...env }, stdio: 'pipe' });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, pid: child.pid!, stdout, stderr, exited };
}

/** The address from the "switchboard listening" log line; fails with the process's stderr if it exits or takes too long. */
export async function listening(api: ApiProcess, timeoutMs = 30_000): Promise<string> {
  let exited = false;
  void api.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = api.stdout
      .join('')
      .split('\n')
      .find((l) => l.includes('"switchboard listening"'));
    if (line) return (JSON.parse(line) as { address: string }).address;
    if (exited) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`server did not start: ${api.stderr.join('')}`);
}

/** JSON log lines the process wrote so far. */
export function logLines(api: ApiProcess): { level: number; msg: string }[] {
  return api.stdout
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string });
}

/** Whether the process has exited (or been killed) already. */
export function hasExited(api: ApiProcess): boolean {
  return api.child.exitCode !== null || api.child.signalCode !== null;
}

/** Ends a process the test started: SIGTERM, SIGKILL if it is still there after `graceMs`; resolves once it is reaped. */
export async function stopApi(api: ApiProcess, graceMs = 5000): Promise<void> {
  if (hasExited(api)) return;
  api.child.kill('SIGTERM');
  const timer = setTimeout(() => api.child.kill('SIGKILL'), graceMs);
  await api.exited;
  clearTimeout(timer);
}
