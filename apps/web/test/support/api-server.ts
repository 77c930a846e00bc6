import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// The built service as operators run it (apps/api, a devDependency so turbo builds it first); it
// serves this package's build (apps/web/dist) at /ui/.
const MAIN = join(dirname(createRequire(import.meta.url).resolve('@switchboard/api/package.json')), 'dist', 'main.js');

export interface ApiServer {
  url: string;
  dir: string;
  configPath: string;
  /** Everything the process wrote (JSON log lines), over every start. */
  output: string[];
  /** Ends the process and removes its files. */
  stop(): Promise<void>;
  /** Ends the process, keeping its files: a server gone down (startAgain brings it back). */
  halt(): Promise<void>;
  /** Starts the process again on the same port, over the same files, with the same environment. */
  startAgain(): Promise<void>;
}

interface Running {
  url: string;
  stop(): Promise<void>;
}

/** One process of the API over `configPath`, listening on `port` (0: a free one); resolves once it listens. */
async function spawnApi(configPath: string, port: number, env: Record<string, string>, output: string[]): Promise<Running> {
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent-home', ELIZA_CONFIG_PATH: configPath, PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: 'pipe',
  });
  const lines: string[] = [];
  const take = (chunk: Buffer) => {
    lines.push(chunk.toString());
    output.push(chunk.toString());
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  while (!url && Date.now() < deadline && !gone) {
    const line = lines
      .join('')
      .split('\n')
      .find((l) => l.includes('"switchboard listening"'));
    if (line) url = (JSON.parse(line) as { address: string }).address.replace('[::1]', '127.0.0.1');
    else await new Promise((r) => setTimeout(r, 25));
  }
  if (!url) {
    child.kill('SIGKILL');
    throw new Error(`the API did not start: ${lines.join('')}`);
  }
  return {
    url,
    async stop() {
      if (!gone) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Starts the real API on a free loopback port over a temporary config file (with `config` as its content, if given). */
export async function startApi(options: { config?: unknown; env?: Record<string, string> } = {}): Promise<ApiServer> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-web-test-'));
  const configPath = join(dir, 'milady.json');
  if (options.config !== undefined) await writeFile(configPath, JSON.stringify(options.config, null, 2), { mode: 0o600 });
  const env = options.env ?? {};
  const output: string[] = [];
  let running = await spawnApi(configPath, 0, env, output);
  const url = running.url;
  return {
    url,
    dir,
    configPath,
    output,
    async stop() {
      await running.stop();
      await rm(dir, { recursive: true, force: true });
    },
    halt: () => running.stop(),
    async startAgain() {
      running = await spawnApi(configPath, Number(new URL(url).port), env, output);
    },
  };
}
