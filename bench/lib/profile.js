// Where a Switchboard server spends its time under load: a fresh server is warmed up, then V8's CPU
// profiler (the one behind `node --cpu-prof`) records it over a window of load only, and the
// .cpuprofile is reduced to the top functions by self time and the time per package. Profiles are kept under
// bench/.work/profiles/ (git-ignored) to open in Chrome DevTools.
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BENCH_DIR } from './paths.js';

export const PROFILE_DIR = join(BENCH_DIR, '.work', 'profiles');

/** Where a script URL belongs: a package name, a workspace package, node internals, or the bench. */
function ownerOf(url) {
  if (!url) return '(native/VM)';
  if (url.startsWith('node:')) return 'node internals';
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pnpm) return pnpm[1];
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (modules) return modules[1];
  const workspace = /\/(packages|apps)\/([^/]+)\//.exec(url);
  if (workspace) return `${workspace[1]}/${workspace[2]}`;
  return url.replace(/^file:\/\//, '');
}

/** Self time by function and by owner, idle excluded; percentages of busy time. */
export function summariseProfile(profile, top = 15) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const functions = new Map();
  const owners = new Map();
  let busy = 0;
  let idle = 0;
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    if (functionName === '(idle)') {
      idle += micros;
      continue;
    }
    busy += micros;
    const where = url ? `${ownerOf(url)} ${url.split('/').pop()}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}|${where}`;
    functions.set(key, (functions.get(key) ?? 0) + micros);
    const owner = ['(garbage collector)', '(program)'].includes(functionName) ? functionName : ownerOf(url);
    owners.set(owner, (owners.get(owner) ?? 0) + micros);
  }
  const rank = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, micros]) => ({ key, ms: micros / 1000, share: micros / busy }));
  return { busyMs: busy / 1000, idleMs: idle / 1000, functions: rank(functions), owners: rank(owners) };
}

/** Markdown for a summary. */
export function profileMarkdown(label, summary, file) {
  const pct = (share) => `${(share * 100).toFixed(1)}%`;
  const lines = [
    '',
    `**${label}** — ${summary.busyMs.toFixed(0)} ms busy, ${summary.idleMs.toFixed(0)} ms idle` +
      (summary.cpuPerRequestUs ? `, **${summary.cpuPerRequestUs.toFixed(0)} µs of busy main-thread time per answered request**` : '') +
      ` (profile: \`${file}\`)`,
    '',
    '| self time by package | share |',
    '|---|---:|',
    ...summary.owners.slice(0, 8).map((o) => `| ${o.key} | ${pct(o.share)} |`),
    '',
    '| top functions (self time) | where | share |',
    '|---|---|---:|',
    ...summary.functions.map((f) => {
      const [name, where] = f.key.split('|');
      return `| \`${name}\` | ${where} | ${pct(f.share)} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

/**
 * Starts `script` with `options`, warms it up with `drive(url, warmupSeconds)`, then records a V8 CPU
 * profile (the profiler `node --cpu-prof` uses, over the load only, not boot) while
 * `drive(url, seconds)` runs; returns the markdown summary.
 */
export async function profileUnderLoad(ctx, label, script, options, drive) {
  const dir = await mkdtemp(join(ctx.tmp, 'profile-'));
  const server = await ctx.server(script, options);
  const raw = join(dir, 'server.cpuprofile');
  let loadResult;
  try {
    await drive(server.url, ctx.settings.warmup);
    await server.ask('profile-start');
    loadResult = await drive(server.url, ctx.settings.profileSeconds);
    await server.ask('profile-stop', { file: raw });
  } finally {
    await server.stop();
  }
  await mkdir(PROFILE_DIR, { recursive: true });
  const name = `${label
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()}.cpuprofile`;
  await copyFile(raw, join(PROFILE_DIR, name));
  const summary = summariseProfile(JSON.parse(await readFile(raw, 'utf8')));
  // Busy main-thread time per answered request: comparable between variants, unlike shares.
  if (loadResult?.rps) summary.cpuPerRequestUs = (summary.busyMs * 1000) / (loadResult.rps * ctx.settings.profileSeconds);
  return profileMarkdown(label, summary, `bench/.work/profiles/${name}`);
}
