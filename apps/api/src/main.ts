import { discoverPlugins } from './plugins.js';
import { loadEnv } from './env.js';
import { createServer } from './server.js';

/** Boots the service; any boot problem (env, plugin, corrupt config file) is one line on stderr and exit 1. */
async function main(): Promise<void> {
  const env = loadEnv(process.env);
  const plugins = await discoverPlugins(new URL('../package.json', import.meta.url), env.extraPlugins);
  const server = await createServer(env, { plugins });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await server.listen();
}

main().catch((error: unknown) => {
  process.stderr.write(`switchboard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
