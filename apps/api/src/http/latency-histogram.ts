/**
 * Response times in logarithmic buckets (four per doubling, so a percentile is within ~19% of the
 * true value), for the request summary's percentiles. Recording is an array increment: it runs on
 * every read, where keeping each time or sorting would cost more than the log line it replaces.
 * A dependency (hdr-histogram-js) would bring precision the summary does not need for one line a
 * minute; this is the whole of it.
 */
const BUCKETS_PER_DOUBLING = 4;
/** Bucket 0 holds everything up to 10 µs; the last, everything past ~27 minutes (a long-lived event stream). */
const FLOOR_MS = 0.01;
const BUCKET_COUNT = 110;

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKET_COUNT);
  count = 0;
  max = 0;

  record(ms: number): void {
    const bucket = ms <= FLOOR_MS ? 0 : Math.min(BUCKET_COUNT - 1, Math.ceil(Math.log2(ms / FLOOR_MS) * BUCKETS_PER_DOUBLING));
    this.counts[bucket]++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** The upper bound of the bucket holding the q-quantile (0 < q <= 1), capped at the largest time recorded. */
  quantile(q: number): number {
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
      seen += this.counts[bucket];
      if (seen >= rank) return bucket === BUCKET_COUNT - 1 ? this.max : Math.min(this.max, FLOOR_MS * 2 ** (bucket / BUCKETS_PER_DOUBLING));
    }
    return this.max;
  }
}
