// Switchboard itself, as apps/api/dist/main.js boots it, with bench-chosen settings:
// { configPath, logLevel, databaseUrl?, only?: [plugin types] }. Everything on 127.0.0.1, port 0.
import { API_PACKAGE_JSON, importApiDist } from '../lib/paths.js';
import { BENCH_ENV } from '../lib/bench-env.js';
import { announce, fail, options } from './common.js';

try {
  const { loadEnv } = await importApiDist('env.js');
  const { discoverPlugins } = await importApiDist('plugins.js');
  const { createServer } = await importApiDist('server.js');
  const env = loadEnv({
    ...BENCH_ENV,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: options.logLevel ?? 'warn',
    ELIZA_CONFIG_PATH: options.configPath,
    DATABASE_URL: options.databaseUrl,
  });
  let plugins = await discoverPlugins(API_PACKAGE_JSON);
  if (options.only) plugins = plugins.filter((plugin) => options.only.includes(plugin.type));
  const server = await createServer(env, { plugins });
  announce(await server.listen(), () => server.close());
} catch (error) {
  fail(error);
}
