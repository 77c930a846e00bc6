// Case 2 — the ilert surface: a page of 100 from the middle and a get-by-id, with 1k / 10k / 100k
// connectors stored (Eliza config files seeded directly, with Switchboard metadata).
import { load, interleave, withServerCpu } from '../lib/load.js';
import { fmt, table } from '../lib/report.js';
import { profileUnderLoad } from '../lib/profile.js';

const CONNECTIONS = 4;

export async function ilertRead(ctx) {
  const sizes = ctx.settings.ilertSizes;
  const stores = [];
  for (const count of sizes) {
    const { path, records } = await ctx.elizaFile(count, `ilert-${count}`);
    const started = performance.now();
    const server = await ctx.server('switchboard.js', { configPath: path, logLevel: 'warn' });
    const bootMs = performance.now() - started;
    const middle = Math.floor(count / 2);
    stores.push({
      count,
      server,
      bootMs,
      path,
      pagePath: `/ilert/api/connectors?start-index=${middle}&max-results=100`,
      idPath: `/ilert/api/connectors/${records[middle].id}`,
    });
  }
  for (const store of stores) {
    for (const p of [store.pagePath, store.idPath]) {
      const response = await fetch(`${store.server.url}${p}`);
      if (response.status !== 200) throw new Error(`case 2: ${p} answered ${response.status}`);
    }
  }

  const endpoints = { 'page of 100': 'pagePath', 'get by id': 'idPath' };
  const results = {};
  for (const [endpoint, key] of Object.entries(endpoints)) {
    const run = (store, seconds) => withServerCpu(store.server, () => load({ url: store.server.url, path: store[key], connections: CONNECTIONS, seconds }));
    for (const store of stores) await run(store, ctx.settings.warmup)();
    ctx.log(`  ${endpoint}`);
    results[endpoint] = await interleave(
      Object.fromEntries(stores.map((store) => [`${store.count}`, run(store, ctx.settings.seconds)])),
      ctx.settings.ilertRounds,
      ctx.log,
    );
  }
  const memory = [];
  for (const store of stores) memory.push(await store.server.ask('memory'));
  await Promise.all(stores.map((store) => store.server.stop()));

  const smallest = `${sizes[0]}`;
  const largest = `${sizes[sizes.length - 1]}`;
  const rows = [];
  const lines = [];
  for (const endpoint of Object.keys(endpoints)) {
    const byCount = results[endpoint];
    for (const store of stores) {
      const s = byCount[`${store.count}`];
      const meanUs = (CONNECTIONS / s.rps) * 1e6;
      rows.push([
        endpoint,
        store.count.toLocaleString('en'),
        fmt.rps(s.rps),
        meanUs.toFixed(0),
        String(s.p99),
        s.cpuUs.toFixed(0),
        fmt.ratio(byCount[smallest].rps / s.rps),
        s.non2xx + s.errors ? `**${s.non2xx + s.errors}**` : '0',
      ]);
    }
    const slowdown = byCount[smallest].rps / byCount[largest].rps;
    if (endpoint === 'page of 100') ctx.target('2', `ilert page latency ${largest} / ${smallest} stored`, slowdown, 1.5, 'max');
    lines.push(
      `* ${endpoint}: latency with ${Number(largest).toLocaleString('en')} stored is **${fmt.ratio(slowdown)}** that with ${Number(smallest).toLocaleString('en')}` +
        (endpoint === 'page of 100' ? ` (target <= 1.5x): ${slowdown <= 1.5 ? 'met' : '**missed**'}` : ''),
    );
  }

  let markdown = [
    `${CONNECTIONS} connections; mean latency = connections / throughput. ` +
      `Page: \`?start-index=<count/2>&max-results=100\`; get by id: the record in the middle. ${ctx.settings.ilertRounds} interleaved rounds of ${ctx.settings.seconds} s.`,
    '',
    table(['request', 'stored', 'req/s (median)', 'mean latency µs', 'p99 ms', 'server CPU µs/req', 'latency vs smallest', 'failed'], rows),
    '',
    ...lines,
    '',
    table(
      ['stored', 'file size', 'time to ready (switchboard child)', 'RSS after the run', 'heap used'],
      stores.map((store, i) => [
        store.count.toLocaleString('en'),
        fmt.mb(ctx.fileSize(store.path)),
        `${(store.bootMs / 1000).toFixed(1)} s`,
        fmt.mb(memory[i].rss),
        fmt.mb(memory[i].heapUsed),
      ]),
    ),
    '',
  ].join('\n');

  const pageSlowdown = results['page of 100'][smallest].rps / results['page of 100'][largest].rps;
  if (ctx.profile && pageSlowdown > 1.5) {
    const { path } = await ctx.elizaFile(Number(largest), `ilert-${largest}-profile`);
    const store = stores[stores.length - 1];
    markdown += await profileUnderLoad(
      ctx,
      `case 2 switchboard ilert page at ${largest}`,
      'switchboard.js',
      { configPath: path, logLevel: 'warn' },
      (url, seconds) => load({ url, path: store.pagePath, connections: CONNECTIONS, seconds }),
    );
  }
  return markdown;
}
