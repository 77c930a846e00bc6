// Case 5 — boot time of the real process (`node apps/api/dist/main.js`, every connector plugin)
// against the same boot with one plugin (bench/servers/boot-one.js), spawn to "switchboard listening";
// and memory (RSS) with a large store.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BENCH_ENV } from '../lib/bench-env.js';
import { bootProcess } from '../lib/boot.js';
import { median } from '../lib/load.js';
import { API_DIST, importFromCore, SERVERS_DIR } from '../lib/paths.js';
import { fmt, table } from '../lib/report.js';

const MAIN = join(API_DIST, 'main.js');
const ONE = join(SERVERS_DIR, 'boot-one.js');

function envFor(ctx, configPath) {
  return { ...BENCH_ENV, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ELIZA_CONFIG_PATH: configPath, HOME: ctx.tmp };
}

async function timeBoot(ctx, entry, configPath) {
  const booted = await bootProcess(entry, envFor(ctx, configPath));
  const { rss } = await booted.rss();
  await booted.stop();
  return { ms: booted.ms, rss };
}

export async function boot(ctx) {
  // An empty store (the file does not exist yet): what is timed is the process, Nest and the plugins.
  const emptyConfig = join(await ctx.dir('boot-empty'), 'milady.json');
  const variants = { 'every plugin (apps/api/dist/main.js)': MAIN, 'one plugin (bench/servers/boot-one.js)': ONE };
  const runs = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  await timeBoot(ctx, MAIN, emptyConfig); // warm the file cache
  const names = Object.keys(variants);
  for (let round = 0; round < ctx.settings.bootRounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      const result = await timeBoot(ctx, variants[name], emptyConfig);
      runs[name].push(result);
      ctx.log(`    round ${round + 1} ${name}: ${result.ms.toFixed(0)} ms, RSS ${fmt.mb(result.rss)}`);
    }
  }
  const [all, one] = names.map((name) => ({ ms: median(runs[name].map((r) => r.ms)), rss: median(runs[name].map((r) => r.rss)) }));
  const ratio = all.ms / one.ms;
  ctx.target('5', 'boot time, every plugin / one plugin', ratio, 1.5, 'max');

  // Memory with a large store, in the real process.
  const count = ctx.settings.memoryCount;
  const { path } = await ctx.elizaFile(count, 'boot-large');
  const large = await bootProcess(MAIN, envFor(ctx, path));
  const afterBoot = await large.rss();
  let started = performance.now();
  const map = await (await fetch(`${large.url}/api/connectors`)).arrayBuffer();
  const firstMapMs = performance.now() - started;
  const afterMap = await large.rss();
  started = performance.now();
  await (await fetch(`${large.url}/ilert/api/connectors?start-index=${count >> 1}&max-results=100`)).arrayBuffer();
  const firstPageMs = performance.now() - started;
  const afterPage = await large.rss();
  await large.stop();

  // What parsing a large store costs with JSON5 against JSON.parse (the store should try the latter first).
  const text = await readFile(path, 'utf8');
  let parseLine = '';
  try {
    const { default: JSON5 } = await importFromCore('json5');
    started = performance.now();
    JSON5.parse(text);
    const json5Ms = performance.now() - started;
    started = performance.now();
    JSON.parse(text);
    const jsonMs = performance.now() - started;
    parseLine =
      `* Parsing that file in the bench process: JSON5.parse ${fmt.ms(json5Ms)} ms, JSON.parse ${fmt.ms(jsonMs)} ms (${fmt.ratio(json5Ms / jsonMs)}); ` +
      'a store that parsed it with JSON5 alone would pay the first figure at every boot.';
  } catch {
    // @switchboard/core no longer depends on json5: nothing to compare.
  }

  return [
    `Real processes, spawn to the "switchboard listening" log line (LOG_LEVEL=info, empty store, file cache warm), ` +
      `${ctx.settings.bootRounds} interleaved rounds each; the one-plugin entry is main.js with \`discoverPlugins\` replaced by one import (telegram).`,
    '',
    table(
      ['variant', 'boot ms (median)', 'RSS at listening'],
      Object.entries({ [names[0]]: all, [names[1]]: one }).map(([name, v]) => [name, fmt.ms(v.ms), fmt.mb(v.rss)]),
    ),
    '',
    `* every plugin / one plugin = **${fmt.ratio(ratio)}** (target <= 1.5x): ${ratio <= 1.5 ? 'met' : '**missed**'}`,
    '',
    `**${count.toLocaleString('en')} connectors stored** (Eliza config file of ${fmt.mb(text.length)}), \`node apps/api/dist/main.js\`:`,
    '',
    table(
      ['moment', 'RSS', 'peak RSS', 'took'],
      [
        ['listening', fmt.mb(afterBoot.rss), fmt.mb(afterBoot.peak), `${(large.ms / 1000).toFixed(1)} s boot`],
        [`after the first GET /api/connectors (${fmt.mb(map.byteLength)} answer)`, fmt.mb(afterMap.rss), fmt.mb(afterMap.peak), `${fmt.ms(firstMapMs)} ms`],
        ['after the first ilert page', fmt.mb(afterPage.rss), fmt.mb(afterPage.peak), `${fmt.ms(firstPageMs)} ms`],
      ],
    ),
    '',
    parseLine,
    '',
  ].join('\n');
}
