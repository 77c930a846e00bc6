// Which code a figure belongs to: the short commit, marked -dirty when the work tree differs from it
// (tracked or untracked changes; the report this run writes does not count).
import { execFileSync } from 'node:child_process';
import { ROOT } from './paths.js';

export function gitRevision() {
  const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    const changes = git('status', '--porcelain')
      .split('\n')
      .filter((line) => line && !line.endsWith('bench/RESULTS.md'));
    return changes.length ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown (not a git work tree)';
  }
}
