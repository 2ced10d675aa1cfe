// SPDX-License-Identifier: MIT
// The benchmark harness's arithmetic (bench/lib/stats.mjs): exact percentiles, the runtime's
// log2 histogram and percentiles read from it, ratios, gates and fits. No timing here.
import { describe, expect, it } from 'vitest';
// @ts-ignore: plain ESM JavaScript without declarations (bench/ is not part of the package)
import * as S from '../../bench/lib/stats.mjs';

describe('bench stats: exact percentiles', () => {
  it('interpolates between the closest ranks (type 7)', () => {
    const s = [10, 20, 30, 40];
    expect(S.percentileSorted(s, 0)).toBe(10);
    expect(S.percentileSorted(s, 1)).toBe(40);
    expect(S.percentileSorted(s, 0.5)).toBe(25);
    expect(S.percentileSorted(s, 1 / 3)).toBeCloseTo(20, 12);
    expect(S.percentileSorted([7], 0.99)).toBe(7);
    expect(S.percentileSorted([], 0.5)).toBeNaN();
    expect(() => S.percentileSorted(s, 1.5)).toThrow(RangeError);
  });

  it('summarizes unsorted samples without changing them', () => {
    const xs = [5, 1, 4, 2, 3];
    const sum = S.summarize(xs);
    expect(xs).toEqual([5, 1, 4, 2, 3]);
    expect(sum).toMatchObject({ n: 5, min: 1, max: 5, p50: 3, mean: 3 });
    expect(sum.p99).toBeCloseTo(4.96, 12);
    // Numeric, not lexicographic, order.
    expect(S.median([100, 9, 20])).toBe(20);
  });
});

describe('bench stats: the log2 latency histogram', () => {
  it('buckets like the runtime: floor(log2 ns), 0 and 1 (and negatives) in bucket 0', () => {
    expect(S.log2Bucket(0)).toBe(0);
    expect(S.log2Bucket(1)).toBe(0);
    expect(S.log2Bucket(-5)).toBe(0);
    expect(S.log2Bucket(2)).toBe(1);
    expect(S.log2Bucket(3)).toBe(1);
    expect(S.log2Bucket(4)).toBe(2);
    expect(S.log2Bucket(1023)).toBe(9);
    expect(S.log2Bucket(1024)).toBe(10);
    expect(S.log2Bucket(2 ** 40 - 1)).toBe(39);
    expect(S.log2Bucket(2 ** 40)).toBe(40);
    expect(S.log2Bucket(Number.MAX_SAFE_INTEGER)).toBe(52);
    const h = S.log2Histogram([0, 1, 2, 3, 1000, 1024, 1500]);
    expect(h).toHaveLength(64);
    expect(h[0]).toBe(2);
    expect(h[1]).toBe(2);
    expect(h[9]).toBe(1);
    expect(h[10]).toBe(2);
    expect(S.histogramTotal(h)).toBe(7);
  });

  it('reads percentiles by linear interpolation inside the bucket', () => {
    const h = new Array(64).fill(0);
    h[10] = 100; // [1024, 2048)
    expect(S.histogramPercentile(h, 0.5)).toBe(1536);
    expect(S.histogramPercentile(h, 1)).toBe(2048);
    expect(S.histogramPercentile(h, 0)).toBe(1024);
    h[12] = 100; // [4096, 8192)
    expect(S.histogramPercentile(h, 0.5)).toBe(2048); // end of the first bucket
    expect(S.histogramPercentile(h, 0.75)).toBe(6144);
    expect(S.histogramPercentile(new Array(64).fill(0), 0.5)).toBeNaN();
    const z = new Array(64).fill(0);
    z[0] = 4; // bucket 0 spans [0, 2)
    expect(S.histogramPercentile(z, 0.5)).toBe(1);
  });

  it('estimates percentiles of known samples within their bucket (error below 2x)', () => {
    // 10 000 latencies uniform in [20 us, 80 us): the estimate must land in the right bucket.
    const xs = Array.from({ length: 10000 }, (_, i) => 20000 + i * 6);
    const h = S.log2Histogram(xs);
    const exact = S.summarize(xs);
    for (const [p, e] of [
      [0.5, exact.p50],
      [0.99, exact.p99],
    ] as const) {
      const est = S.histogramPercentile(h, p);
      expect(S.log2Bucket(est)).toBe(S.log2Bucket(e));
      expect(est / e).toBeGreaterThan(0.5);
      expect(est / e).toBeLessThan(2);
    }
  });

  it('gives equal estimates for equal distributions (ratio 1) and shows a shift', () => {
    const xs = Array.from({ length: 5000 }, (_, i) => 30000 + ((i * 7919) % 40000));
    const a = S.log2Histogram(xs);
    const b = S.log2Histogram([...xs].reverse());
    expect(S.ratio(S.histogramPercentile(a, 0.5), S.histogramPercentile(b, 0.5))).toBe(1);
    // A 30 % slower copy: the estimate moves (by how much depends on where the bucket edges fall).
    const slower = S.log2Histogram(xs.map((x) => x * 1.3));
    expect(S.ratio(S.histogramPercentile(slower, 0.5), S.histogramPercentile(a, 0.5))).toBeGreaterThan(1.1);
  });

  it('subtracts and adds snapshots bucket by bucket', () => {
    const before = new Array(64).fill(0);
    const after = new Array(64).fill(0);
    before[5] = 3;
    after[5] = 10;
    after[6] = 2;
    const d = S.histogramDiff(after, before);
    expect(d[5]).toBe(7);
    expect(d[6]).toBe(2);
    expect(() => S.histogramDiff(before, after)).toThrow(/went down/);
    expect(S.histogramSum([d, d])[5]).toBe(14);
  });
});

describe('bench stats: ratios and gates', () => {
  it('ratios need a positive floor', () => {
    expect(S.ratio(3, 2)).toBe(1.5);
    expect(S.ratio(3, 0)).toBeNaN();
    expect(S.ratio(NaN, 2)).toBeNaN();
    expect(S.ratio(3, -1)).toBeNaN();
  });

  it('a gate passes, fails, or is n/a when nothing was measured - never pass by default', () => {
    expect(S.gate('x', 'w', 1.1, '<=', 1.1).verdict).toBe('pass');
    expect(S.gate('x', 'w', 1.1000001, '<=', 1.1).verdict).toBe('fail');
    expect(S.gate('x', 'w', 0, '==', 0).verdict).toBe('pass');
    expect(S.gate('x', 'w', 1, '==', 0).verdict).toBe('fail');
    expect(S.gate('x', 'w', 5, '>=', 4).verdict).toBe('pass');
    expect(S.gate('x', 'w', NaN, '<=', 1.5).verdict).toBe('n/a');
    expect(S.gate('x', 'w', Infinity, '<=', 1.5).verdict).toBe('n/a');
    expect(S.gate('x', 'w', 2, '<=', 1.5, 'why').note).toBe('why');
  });

  it('pairs blocks for the median of per-block ratios', () => {
    expect(S.medianBlockRatio([2, 4, 6], [1, 2, 2])).toBe(2);
    expect(S.medianBlockRatio([2, 4], [0, 2])).toBe(2); // a block without a floor is skipped
    expect(S.medianBlockRatio([], [])).toBeNaN();
  });

  it('alternates the order of the arms per block', () => {
    expect(S.blockOrder(0)).toEqual(['a', 'b']);
    expect(S.blockOrder(1)).toEqual(['b', 'a']);
    expect(S.blockOrder(2)).toEqual(['a', 'b']);
  });
});

describe('bench stats: fits', () => {
  it('fits a line exactly through collinear points', () => {
    const f = S.linearFit([1, 2, 3, 4], [3, 5, 7, 9]);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.intercept).toBeCloseTo(1, 12);
    expect(f.r2).toBeCloseTo(1, 12);
    expect(() => S.linearFit([1], [1])).toThrow(RangeError);
    expect(() => S.linearFit([2, 2], [1, 3])).toThrow(RangeError);
  });

  it('reads the scaling exponent from a log-log fit', () => {
    const n = [1, 16, 64, 256];
    expect(S.scalingExponent(n, n.map((x) => 5 * x))).toBeCloseTo(1, 10);
    expect(S.scalingExponent(n, n.map((x) => 2 * x * x))).toBeCloseTo(2, 10);
    expect(S.scalingExponent(n, n.map((x) => 100 + x))).toBeLessThan(1);
    expect(() => S.scalingExponent([0, 1], [1, 2])).toThrow(RangeError);
  });
});
