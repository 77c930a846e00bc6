#!/usr/bin/env node
import { runCli } from './cli/run-cli.js';
import { discoverPlugins } from './plugins.js';

/** The `switchboard` command: store maintenance (copy between stores, migrations, key rotation, backup restore) next to the service. */
const status = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  plugins: (extraModules) => discoverPlugins(new URL('../package.json', import.meta.url), extraModules),
});
process.exitCode = status;
