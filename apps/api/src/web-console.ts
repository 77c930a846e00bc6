import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ConsoleConfig } from '@switchboard/schemas';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiEnv } from './env.js';

/** Where the web console is served (the app in apps/web, built to static files). */
export const WEB_CONSOLE_PATH = '/ui';

/** apps/web's build output, beside this package in the workspace. */
export const DEFAULT_WEB_CONSOLE_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

// Vite names every file under assets/ by a hash of its content: a changed file gets a new name, so
// browsers may keep them for a year without asking again. index.html names the current ones and is
// revalidated on every load.
const HASHED_ASSETS = 'assets/';
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const RESCAN_MS = 2000;

function filesUnder(dir: string): Set<string> {
  const files = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.add(relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
  }
  return files;
}

function notFound(reply: FastifyReply, error: string): FastifyReply {
  return reply.code(404).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ error }));
}

/**
 * Serves the web console at /ui/ (same origin as the API, so no CORS): the files of its build, hashed
 * assets with a year of immutable caching, and index.html with `no-cache` for `/ui/` and every client
 * route under it (the console routes in the browser). `/ui` redirects to `/ui/`. `/ui/config.json`
 * tells the console where the ilert surface is mounted. When the console is not built the API still
 * starts: a log line says so and /ui/ answers 404 with the command to build it. Security headers
 * (CSP without inline scripts) come from http/security-headers.ts.
 */
export async function registerWebConsole(
  app: NestFastifyApplication,
  env: Pick<ApiEnv, 'ilertPrefix'>,
  options: { dir?: string; info: (message: string) => void },
): Promise<void> {
  const dir = options.dir ?? DEFAULT_WEB_CONSOLE_DIR;
  const built = existsSync(join(dir, 'index.html'));
  let files = built ? filesUnder(dir) : new Set<string>();
  // A rebuild while the service runs brings new asset names: a miss looks again, at most every 2 s.
  let scannedAt = Date.now();
  const has = (path: string): boolean => {
    if (files.has(path) || Date.now() - scannedAt < RESCAN_MS) return files.has(path);
    scannedAt = Date.now();
    files = filesUnder(dir);
    return files.has(path);
  };
  if (!built) options.info(`web console not built (no ${join(dir, 'index.html')}): ${WEB_CONSOLE_PATH}/ answers 404 until \`pnpm build\` builds apps/web`);
  const config = JSON.stringify({ ilertPrefix: env.ilertPrefix } satisfies ConsoleConfig);

  await app.register(async (instance: FastifyInstance) => {
    // In its own plugin context, as Swagger's docs assets are: the reply.sendFile decorator stays here.
    if (built) await instance.register(fastifyStatic, { root: dir, serve: false });
    instance.get(WEB_CONSOLE_PATH, (_request, reply) => reply.redirect(`${WEB_CONSOLE_PATH}/`, 301));
    instance.get(`${WEB_CONSOLE_PATH}/config.json`, (_request, reply) =>
      reply.header('cache-control', 'no-cache').header('content-type', 'application/json; charset=utf-8').send(config),
    );
    instance.get(`${WEB_CONSOLE_PATH}/*`, (request: FastifyRequest<{ Params: { '*': string } }>, reply) => {
      if (!built) return notFound(reply, 'The web console is not built: run `pnpm build` (it builds apps/web) and restart Switchboard');
      const path = request.params['*'];
      if (path !== 'index.html' && has(path)) {
        const hashed = path.startsWith(HASHED_ASSETS);
        return reply.sendFile(path, hashed ? { immutable: true, maxAge: YEAR_MS } : { maxAge: 0 });
      }
      // A missing asset is a 404, not the page: a stale index.html must not get HTML for a script.
      if (path.startsWith(HASHED_ASSETS) || /\.[a-z0-9]+$/i.test(path)) return notFound(reply, 'No such file in the web console');
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
    });
  });
}
