import { describe, expect, it } from '@jest/globals';
import { LatencyHistogram } from './latency-histogram.js';

describe('LatencyHistogram', () => {
  it('gives percentiles within one bucket (~19%) above the true value, never above the largest time', () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) histogram.record(ms);
    expect(histogram.count).toBe(100);
    expect(histogram.max).toBe(100);
    expect(histogram.quantile(0.5)).toBeGreaterThanOrEqual(50);
    expect(histogram.quantile(0.5)).toBeLessThanOrEqual(50 * 1.19);
    expect(histogram.quantile(0.99)).toBeGreaterThanOrEqual(99);
    expect(histogram.quantile(0.99)).toBeLessThanOrEqual(100);
    expect(histogram.quantile(1)).toBe(100);
  });

  it('keeps times under 10 µs and past the last bucket without losing count', () => {
    const histogram = new LatencyHistogram();
    histogram.record(0);
    histogram.record(0.004);
    histogram.record(1e9);
    expect(histogram.count).toBe(3);
    expect(histogram.quantile(0.5)).toBeLessThanOrEqual(0.01);
    expect(histogram.quantile(1)).toBe(1e9);
  });
});
