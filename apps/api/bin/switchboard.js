#!/usr/bin/env node
// The installed `switchboard` command. A committed file, not dist/cli.js itself, so that `pnpm install`
// on a fresh clone can link it before anything is built.
import '../dist/cli.js';
