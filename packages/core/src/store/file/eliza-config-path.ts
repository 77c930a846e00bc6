import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export type PathEnv = Partial<Record<'ELIZA_CONFIG_PATH' | 'MILADY_CONFIG_PATH' | 'MILADY_STATE_DIR', string>>;

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/**
 * The Eliza config file: `ELIZA_CONFIG_PATH`, else what the runtime itself uses
 * (`MILADY_CONFIG_PATH`, `MILADY_STATE_DIR/milady.json`, `~/.milady/milady.json`).
 */
export function resolveElizaConfigPath(env: PathEnv): string {
  const explicit = env.ELIZA_CONFIG_PATH?.trim() || env.MILADY_CONFIG_PATH?.trim();
  if (explicit) return resolve(expandHome(explicit));
  const stateDir = env.MILADY_STATE_DIR?.trim();
  if (stateDir) return resolve(expandHome(stateDir), 'milady.json');
  return join(homedir(), '.milady', 'milady.json');
}
