// Baselines of case 1: bare Fastify serving GET /api/connectors from the same file, either
// { mode: 'buffer' }: the redacted map serialised once at boot, every request sends that buffer (the
//   limit of any server on this stack), or
// { mode: 'per-request' }: the redacted map built and serialised per request (a hand-written server).
import Fastify from 'fastify';
import { announce, fail, options } from './common.js';
import { loadElizaFile, redactedMap } from './eliza-file.js';

try {
  const { document, redact } = await loadElizaFile(options.configPath);
  const app = Fastify({ logger: false });
  const type = 'application/json; charset=utf-8';
  if (options.mode === 'buffer') {
    const body = Buffer.from(JSON.stringify({ connectors: redactedMap(document.connectors, redact) }));
    app.get('/api/connectors', (request, reply) => reply.header('content-type', type).send(body));
  } else {
    app.get('/api/connectors', (request, reply) =>
      reply.header('content-type', type).send(JSON.stringify({ connectors: redactedMap(document.connectors, redact) })),
    );
  }
  announce(await app.listen({ host: '127.0.0.1', port: 0 }), () => app.close());
} catch (error) {
  fail(error);
}
