// Where things are, and how bench code reaches the workspace's built packages without depending on
// them: everything is resolved the way apps/api resolves it, so a child server and the bench share
// one copy of each module.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(BENCH_DIR);
export const API_DIR = join(ROOT, 'apps', 'api');
export const API_DIST = join(API_DIR, 'dist');
export const API_PACKAGE_JSON = pathToFileURL(join(API_DIR, 'package.json'));
export const SERVERS_DIR = join(BENCH_DIR, 'servers');

const fromApi = createRequire(API_PACKAGE_JSON);

/** Imports a package (e.g. '@switchboard/sdk') as apps/api sees it. */
export function importFromApi(name) {
  return import(pathToFileURL(fromApi.resolve(name)).href);
}

/** Imports a compiled module of apps/api (e.g. 'server.js'). */
export function importApiDist(file) {
  return import(pathToFileURL(join(API_DIST, file)).href);
}

const fromCore = createRequire(pathToFileURL(join(ROOT, 'packages', 'core', 'package.json')));

/** Imports a dependency of @switchboard/core (e.g. 'json5'). */
export function importFromCore(name) {
  return import(pathToFileURL(fromCore.resolve(name)).href);
}
