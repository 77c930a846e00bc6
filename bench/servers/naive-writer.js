// Baseline of case 3: a bare Fastify server with Switchboard's POST /api/connectors route and body,
// whose store is the naive one: every request, one at a time under a mutex, serialises the whole
// document and rewrites the file atomically (temp file, fsync, rename, fsync of the folder) before
// it is answered. Same validation and secret round trip as Switchboard (the plugins' own code),
// same answer (the redacted map; only the changed entry is re-redacted).
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import Fastify from 'fastify';
import { announce, fail, options } from './common.js';
import { loadElizaFile } from './eliza-file.js';

async function rewriteDurably(path, text) {
  const temp = join(dirname(path), `.${basename(path)}.naive.tmp`);
  const file = await open(temp, 'w', 0o600);
  try {
    await file.writeFile(text, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

try {
  const path = options.configPath;
  const { document, metadata, pluginOf, redact, sdk } = await loadElizaFile(path);
  const redacted = {};
  for (const [name, config] of Object.entries(document.connectors)) redacted[name] = redact(name, config);

  let tail = Promise.resolve();
  const exclusive = (work) => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.post('/api/connectors', async (request, reply) => {
    const { name, config } = request.body ?? {};
    if (typeof name !== 'string' || !name.trim() || !sdk.isPlainObject(config)) {
      return reply.status(400).send({ error: 'Request body must be a JSON object with "name" and "config"' });
    }
    const problem = await exclusive(async () => {
      const plugin = pluginOf(name);
      const stored = document.connectors[name];
      const clean = sdk.stripUnsafeKeys(config);
      const { value, unresolvedMasks } = plugin ? plugin.restore(clean, stored) : sdk.restoreSecrets(clean, stored, new Map());
      if (unresolvedMasks.length) return `${unresolvedMasks.join(', ')} holds a mask`;
      const problems = plugin?.validate(value) ?? [];
      if (problems.length) return problems.map((p) => p.message).join('; ');
      const now = new Date().toISOString();
      const previous = metadata[name];
      document.connectors[name] = value;
      metadata[name] = previous
        ? { ...previous, updatedAt: now, version: previous.version + 1 }
        : { id: crypto.randomUUID(), type: name, createdAt: now, updatedAt: now, version: 1, seq: Object.keys(metadata).length + 1 };
      await rewriteDurably(path, `${JSON.stringify(document, null, 2)}\n`);
      redacted[name] = redact(name, value);
      return undefined;
    });
    if (problem) return reply.status(400).send({ error: `Invalid config for connector "${name}": ${problem}` });
    return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ connectors: redacted }));
  });
  announce(await app.listen({ host: '127.0.0.1', port: 0 }), () => app.close());
} catch (error) {
  fail(error);
}
