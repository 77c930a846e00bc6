// Case 5's "one plugin" boot: apps/api/dist/main.js line for line, except that instead of discovering
// every connector dependency it loads one plugin module (telegram). Same env, same log line
// ("switchboard listening"), same shutdown.
import { API_PACKAGE_JSON, importApiDist } from '../lib/paths.js';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const { loadEnv } = await importApiDist('env.js');
const { createServer } = await importApiDist('server.js');
try {
  const env = loadEnv(process.env);
  const telegram = await import(pathToFileURL(createRequire(API_PACKAGE_JSON).resolve('@switchboard/connector-telegram')).href);
  const server = await createServer(env, { plugins: [telegram.default] });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(
      signal,
      () =>
        void server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        ),
    );
  }
  await server.listen();
} catch (error) {
  process.stderr.write(`switchboard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
