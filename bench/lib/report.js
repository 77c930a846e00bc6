// Small formatting helpers for bench/RESULTS.md.

export const fmt = {
  rps: (value) => (value >= 100 ? value.toFixed(0) : value.toFixed(1)),
  ratio: (value) => `${value.toFixed(2)}x`,
  ms: (value) => (value >= 100 ? value.toFixed(0) : value.toFixed(1)),
  mb: (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`,
  kb: (bytes) => `${(bytes / 1024).toFixed(1)} KB`,
};

/** A markdown table from a header row and rows of cells. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  // Columns whose first cell reads as a figure are right-aligned.
  const numeric = header.map((_, i) => rows.length > 0 && /^\**[\d.]/.test(String(rows[0][i])));
  return [line(header), line(numeric.map((right) => (right ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

/** The usual row of a load summary: req/s, latency p50/p99 (ms), server CPU per request, server event loop busy, errors. */
export function loadRow(label, summary, extra = []) {
  const failures = summary.non2xx + summary.errors;
  const latency = (ms) => String(+ms.toFixed(ms < 10 ? 2 : 1));
  const cpu = Number.isFinite(summary.cpuUs) ? summary.cpuUs.toFixed(0) : '—';
  const busy = Number.isFinite(summary.busy) ? `${(100 * summary.busy).toFixed(0)}%` : '—';
  return [label, fmt.rps(summary.rps), latency(summary.p50), latency(summary.p99), cpu, busy, ...extra, failures ? `**${failures}**` : '0'];
}

export const LOAD_HEADER = ['variant', 'req/s (median)', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'server event loop busy'];
