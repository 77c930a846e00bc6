// Boot time and memory of the real process (`node apps/api/dist/main.js`, LOG_LEVEL=info) over a
// large store, one build against another: rounds alternate A B, B A, ... Each round boots each build
// twice over a fresh copy of the seeded file: "first boot" (the seed's metadata file has no content
// hashes, as case 5's, so the store writes it once) and "restart" (the same copy again: the metadata
// file as Switchboard itself wrote it). Reported: medians of spawn-to-"switchboard listening" time,
// the process's CPU time until then (user + system: what a loaded machine moves less than the wall
// time), RSS at listening and its peak (VmHWM), per build and boot kind, and B/A.
//
//   node bench/micro/boot-large.js --base=/path/to/other/tree [--count=100000] [--rounds=5]
//   node bench/micro/boot-large.js [--count=100000] [--rounds=3]            (this tree alone)
//   node bench/micro/boot-large.js --cpu-prof=DIR                           (this tree, one boot, V8 CPU profile)
//
// Needs a build (`pnpm build`) in each tree. Not part of `pnpm bench`.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_ENV } from '../lib/bench-env.js';
import { bootProcess, cpuMsOf } from '../lib/boot.js';
import { metadataFileOf, writeElizaConfig } from '../lib/fixtures.js';
import { median } from '../lib/load.js';
import { API_DIST } from '../lib/paths.js';
import { fmt, table } from '../lib/report.js';

const { values: args } = parseArgs({
  options: { base: { type: 'string' }, count: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '5' }, 'cpu-prof': { type: 'string' } },
  strict: true,
});
const count = Number(args.count);
const builds = { ...(args.base ? { A: join(resolve(args.base), 'apps/api/dist/main.js') } : {}), [args.base ? 'B' : 'this']: join(API_DIST, 'main.js') };
const log = (line) => process.stderr.write(`${line}\n`);

const tmp = await mkdtemp(join(tmpdir(), 'switchboard-boot-large-'));
try {
  const seed = join(tmp, 'seed', 'milady.json');
  await mkdir(join(tmp, 'seed'));
  await writeElizaConfig(seed, count);
  let copies = 0;
  const freshCopy = async () => {
    const dir = join(tmp, `copy-${++copies}`);
    await mkdir(dir);
    const path = join(dir, 'milady.json');
    await copyFile(seed, path);
    await copyFile(metadataFileOf(seed), metadataFileOf(path));
    return path;
  };
  const boot = async (entry, configPath, execArgv = []) => {
    const env = { ...BENCH_ENV, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ELIZA_CONFIG_PATH: configPath, HOME: tmp };
    const booted = await bootProcess(entry, env, { execArgv });
    const [{ rss, peak }, cpuMs] = [await booted.rss(), await cpuMsOf(booted.pid)];
    await booted.stop();
    return { ms: booted.ms, cpuMs, rss, peak };
  };

  if (args['cpu-prof']) {
    const dir = resolve(args['cpu-prof']);
    const result = await boot(builds.this ?? builds.B, await freshCopy(), ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    console.log(
      `one first boot under --cpu-prof: ${fmt.ms(result.ms)} ms (CPU ${fmt.ms(result.cpuMs)} ms), RSS ${fmt.mb(result.rss)} (peak ${fmt.mb(result.peak)}); profile in ${dir}`,
    );
  } else {
    await boot(Object.values(builds)[0], await freshCopy()); // the file cache warm for every build
    const names = Object.keys(builds);
    const runs = Object.fromEntries(
      names.flatMap((name) => [
        [`${name} first boot`, []],
        [`${name} restart`, []],
      ]),
    );
    for (let round = 0; round < Number(args.rounds); round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length];
        const path = await freshCopy();
        for (const kind of ['first boot', 'restart']) {
          const result = await boot(builds[name], path);
          runs[`${name} ${kind}`].push(result);
          log(
            `  round ${round + 1} ${name} ${kind}: ${fmt.ms(result.ms)} ms, CPU ${fmt.ms(result.cpuMs)} ms, RSS ${fmt.mb(result.rss)}, peak ${fmt.mb(result.peak)}`,
          );
        }
        await rm(join(path, '..'), { recursive: true, force: true });
      }
    }
    const summary = Object.fromEntries(
      Object.entries(runs).map(([name, list]) => [
        name,
        {
          ms: median(list.map((r) => r.ms)),
          cpuMs: median(list.map((r) => r.cpuMs)),
          rss: median(list.map((r) => r.rss)),
          peak: median(list.map((r) => r.peak)),
        },
      ]),
    );
    const rows = Object.entries(summary).map(([name, s]) => {
      const [build, ...kind] = name.split(' ');
      const base = build === 'B' ? summary[`A ${kind.join(' ')}`] : undefined;
      const vs = (key) => (base ? fmt.ratio(s[key] / base[key]) : '—');
      return [name, fmt.ms(s.ms), fmt.ms(s.cpuMs), fmt.mb(s.rss), fmt.mb(s.peak), vs('ms'), vs('cpuMs'), vs('rss'), vs('peak')];
    });
    console.log(`${count.toLocaleString('en')} connectors, ${args.rounds} rounds${args.base ? ` (A: ${args.base}, B: this tree)` : ''}, medians:\n`);
    console.log(table(['build, boot', 'boot ms', 'CPU ms', 'RSS at listening', 'peak RSS', 'ms B/A', 'CPU B/A', 'RSS B/A', 'peak B/A'], rows));
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}
