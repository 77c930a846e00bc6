// The newest modification time under apps/api/dist and packages/*/dist: when it moves during a run,
// someone rebuilt mid-run and the figures mix builds (RESULTS.md says so).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';

function newest(dir) {
  let latest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export function buildStamp() {
  const packages = readdirSync(join(ROOT, 'packages')).map((name) => join(ROOT, 'packages', name, 'dist'));
  return Math.max(newest(join(ROOT, 'apps', 'api', 'dist')), ...packages.map(newest));
}
