// Latency figures of a load run, in the shape the report uses (ms, two decimals for percentiles).

/** The value at quantile `q` (0..1) of ascending `sorted` values (nearest rank); NaN when empty. */
export function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** { p50, p99, mean } of `latencies` (ms; sorted in place); NaN when there are none. */
export function latencySummary(latencies) {
  latencies.sort((a, b) => a - b);
  const at = (q) => quantile(latencies, q);
  return {
    p50: +at(0.5).toFixed(2),
    p99: +at(0.99).toFixed(2),
    mean: latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : NaN,
  };
}
