// Micro-benchmark, not part of `pnpm bench`: what validating one connector config costs, the sdk's
// way (compiled validity check, class-validator only for refused configs) against class-validator
// alone (plainToInstance + validateSync), over the bench's fixture configs, interleaved, medians.
//   pnpm build && node bench/micro/validation.js
import { discoverPlugins } from '../../apps/api/dist/plugins.js';
import { classValidatorProblems } from '../../packages/sdk/dist/index.js';
import { FIXTURE_TYPES, connectorAt, updatedConfig } from '../lib/fixtures.js';
import { median } from '../lib/load.js';

const plugins = new Map((await discoverPlugins(new URL('../../apps/api/package.json', import.meta.url))).map((p) => [p.type, p]));
const samples = [];
for (let i = 0; i < 1000; i++) {
  const plugin = plugins.get(connectorAt(i).type);
  if (plugin) samples.push({ plugin, config: updatedConfig(i, 1) });
}
if (samples.length === 0) throw new Error(`no plugin for the fixture types ${FIXTURE_TYPES.join(', ')}`);

const variants = {
  'sdk validate (compiled check first)': ({ plugin, config }) => plugin.validate(config),
  'class-validator alone': ({ plugin, config }) => classValidatorProblems(plugin.config, config),
};

function timeOnce(validate, count) {
  let problems = 0;
  const start = process.hrtime.bigint();
  for (let k = 0; k < count; k++) problems += validate(samples[k % samples.length]).length;
  const micros = Number(process.hrtime.bigint() - start) / 1e3 / count;
  if (problems !== 0) throw new Error(`fixture configs must be valid; ${problems} problems found`);
  return micros;
}

const COUNT = 20_000;
for (const validate of Object.values(variants)) timeOnce(validate, COUNT); // warm-up
const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let round = 0; round < 7; round++) {
  for (const [name, validate] of Object.entries(variants)) times[name].push(timeOnce(validate, COUNT));
}
const [fast, slow] = Object.keys(variants).map((name) => median(times[name]));
for (const name of Object.keys(variants)) console.log(`${name}: ${median(times[name]).toFixed(1)} µs a config (median of 7 × ${COUNT})`);
console.log(
  `class-validator alone / sdk = ${(slow / fast).toFixed(1)}x, over ${samples.length} configs of ${new Set(samples.map((s) => s.plugin.type)).size} types`,
);
