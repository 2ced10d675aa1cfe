// SPDX-License-Identifier: MIT
// The arithmetic of the benchmarks: exact percentiles of samples, the log2 latency histogram
// the runtime keeps in its shared image (docs/runtime.md section 3) and percentiles read from
// it, ratios against a floor measured in the same run, gates (pass/fail against a target),
// least-squares fits. Pure functions, no I/O; unit-tested in test/unit/bench-stats.test.ts.
// @ts-check

/** Buckets of the runtime's latency histogram: bucket k counts [2^k, 2^(k+1)) ns, bucket 0 also 0. */
export const LOG2_BUCKETS = 64;

/**
 * Percentile of sorted samples, linear interpolation between the two closest ranks
 * (Hyndman-Fan type 7, what numpy and R use by default). `p` in [0, 1].
 * @param {ArrayLike<number>} sorted ascending
 * @param {number} p
 * @returns {number} NaN for no samples
 */
export function percentileSorted(sorted, p) {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile ${p} is outside [0, 1]`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = /** @type {number} */ (sorted[lo]);
  const b = /** @type {number} */ (sorted[hi]);
  return a + (h - lo) * (b - a);
}

/**
 * Sort a copy of the samples numerically (a Float64Array sorts numerically by default).
 * @param {ArrayLike<number>} samples
 * @returns {Float64Array}
 */
export function sortedCopy(samples) {
  const out = Float64Array.from(samples);
  out.sort();
  return out;
}

/**
 * The usual summary of a sample set.
 * @param {ArrayLike<number>} samples
 * @returns {{n: number, min: number, p50: number, p90: number, p99: number, p999: number, max: number, mean: number}}
 */
export function summarize(samples) {
  const s = sortedCopy(samples);
  const n = s.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += /** @type {number} */ (s[i]);
  return {
    n,
    min: n ? /** @type {number} */ (s[0]) : NaN,
    p50: percentileSorted(s, 0.5),
    p90: percentileSorted(s, 0.9),
    p99: percentileSorted(s, 0.99),
    p999: percentileSorted(s, 0.999),
    max: n ? /** @type {number} */ (s[n - 1]) : NaN,
    mean: n ? sum / n : NaN,
  };
}

/** Median of numbers (copy sorted). NaN when empty. @param {ArrayLike<number>} xs */
export function median(xs) {
  return percentileSorted(sortedCopy(xs), 0.5);
}

/**
 * The runtime's bucket for a latency: floor(log2(ns)), 0 for ns <= 1 (negative latencies are
 * clamped to 0 by the runtime before bucketing, so they land in bucket 0 too).
 * @param {number} ns
 */
export function log2Bucket(ns) {
  if (!(ns > 1)) return 0;
  // Math.log2 is exact at powers of two; guard the float rounding just below them.
  let k = Math.floor(Math.log2(ns));
  if (2 ** k > ns) k--;
  else if (2 ** (k + 1) <= ns) k++;
  return Math.min(k, LOG2_BUCKETS - 1);
}

/**
 * Histogram of samples with the runtime's log2 buckets.
 * @param {ArrayLike<number>} samples
 * @returns {number[]}
 */
export function log2Histogram(samples) {
  const h = new Array(LOG2_BUCKETS).fill(0);
  for (let i = 0; i < samples.length; i++) h[log2Bucket(/** @type {number} */ (samples[i]))]++;
  return h;
}

/**
 * Counts of `after` minus `before`, bucket by bucket (a snapshot difference). Throws when a
 * bucket went down: the two snapshots are not of the same run.
 * @param {readonly number[]} after
 * @param {readonly number[]} before
 */
export function histogramDiff(after, before) {
  return after.map((a, k) => {
    const d = a - (before[k] ?? 0);
    if (d < 0) throw new RangeError(`histogram bucket ${k} went down (${before[k]} -> ${a}): snapshots of different runs`);
    return d;
  });
}

/** Bucket-wise sum of histograms. @param {ReadonlyArray<readonly number[]>} hs */
export function histogramSum(hs) {
  const out = new Array(LOG2_BUCKETS).fill(0);
  for (const h of hs) for (let k = 0; k < LOG2_BUCKETS; k++) out[k] += h[k] ?? 0;
  return out;
}

/** Samples in a histogram. @param {readonly number[]} h */
export function histogramTotal(h) {
  let t = 0;
  for (const c of h) t += c;
  return t;
}

/**
 * Percentile estimated from a log2 histogram. The rank p*total falls in some bucket
 * [2^k, 2^(k+1)); within it the samples are assumed spread evenly (linear interpolation),
 * bucket 0 spanning [0, 2). The same estimator is applied to the runtime and to the floor, so
 * their ratio compares like with like; the floor's exact percentiles are reported beside it to
 * show the estimator's error. NaN for an empty histogram.
 * @param {readonly number[]} h
 * @param {number} p in [0, 1]
 */
export function histogramPercentile(h, p) {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile ${p} is outside [0, 1]`);
  const total = histogramTotal(h);
  if (total === 0) return NaN;
  const rank = p * total;
  let seen = 0;
  for (let k = 0; k < h.length; k++) {
    const c = h[k] ?? 0;
    if (c === 0) continue;
    if (seen + c >= rank) {
      const lo = k === 0 ? 0 : 2 ** k;
      const hi = 2 ** (k + 1);
      const f = (rank - seen) / c;
      return lo + Math.max(0, Math.min(1, f)) * (hi - lo);
    }
    seen += c;
  }
  // Only reached through float rounding with p = 1: the top of the highest non-empty bucket.
  for (let k = h.length - 1; k >= 0; k--) if ((h[k] ?? 0) > 0) return 2 ** (k + 1);
  return NaN;
}

/**
 * Ratio of a measurement to its floor. NaN when either is missing or the floor is not positive.
 * @param {number} value
 * @param {number} floor
 */
export function ratio(value, floor) {
  if (!Number.isFinite(value) || !Number.isFinite(floor) || floor <= 0) return NaN;
  return value / floor;
}

/**
 * @typedef {object} Gate
 * @property {string} id         short identifier, e.g. "loop.1kHz.p50"
 * @property {string} what       what is compared, in words
 * @property {number} value      the measured figure (a ratio or a count)
 * @property {'<=' | '>=' | '=='} op
 * @property {number} limit      the target
 * @property {'pass' | 'fail' | 'n/a'} verdict  n/a when the value could not be measured
 * @property {string} [note]     anything the reader needs to judge the verdict
 */

/**
 * Compare a figure with its target. A value that is not a finite number is "n/a", never pass.
 * @param {string} id
 * @param {string} what
 * @param {number} value
 * @param {'<=' | '>=' | '=='} op
 * @param {number} limit
 * @param {string} [note]
 * @returns {Gate}
 */
export function gate(id, what, value, op, limit, note) {
  let verdict = /** @type {'pass' | 'fail' | 'n/a'} */ ('n/a');
  if (typeof value === 'number' && Number.isFinite(value)) {
    const ok = op === '<=' ? value <= limit : op === '>=' ? value >= limit : value === limit;
    verdict = ok ? 'pass' : 'fail';
  }
  /** @type {Gate} */
  const g = { id, what, value, op, limit, verdict };
  if (note) g.note = note;
  return g;
}

/**
 * Least-squares line y = a + b x with its coefficient of determination.
 * @param {readonly number[]} xs
 * @param {readonly number[]} ys
 * @returns {{intercept: number, slope: number, r2: number}}
 */
export function linearFit(xs, ys) {
  const n = xs.length;
  if (n !== ys.length || n < 2) throw new RangeError('linearFit needs two equally long series of at least 2 points');
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += /** @type {number} */ (xs[i]);
    sy += /** @type {number} */ (ys[i]);
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = /** @type {number} */ (xs[i]) - mx;
    const dy = /** @type {number} */ (ys[i]) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new RangeError('linearFit needs at least two different x values');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { intercept, slope, r2 };
}

/**
 * Scaling exponent from a fit of log(y) against log(x): 1 is linear, below 1 better than linear,
 * 2 quadratic. Points with non-positive values are rejected.
 * @param {readonly number[]} xs
 * @param {readonly number[]} ys
 */
export function scalingExponent(xs, ys) {
  if (xs.some((x) => !(x > 0)) || ys.some((y) => !(y > 0))) throw new RangeError('scalingExponent needs positive values');
  return linearFit(xs.map(Math.log), ys.map(Math.log)).slope;
}

/**
 * Order of the two arms in interleaved block i: ABAB with the order alternating per block
 * (A first in even blocks), so drift in the machine's state does not favour one arm.
 * @param {number} i
 * @returns {['a', 'b'] | ['b', 'a']}
 */
export function blockOrder(i) {
  return i % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
}

/**
 * Ratios of per-block figures, then their median (a check on the pooled ratio: one noisy block
 * moves the pooled figure but not this one).
 * @param {readonly number[]} sut
 * @param {readonly number[]} floor
 */
export function medianBlockRatio(sut, floor) {
  const rs = [];
  for (let i = 0; i < Math.min(sut.length, floor.length); i++) {
    const r = ratio(/** @type {number} */ (sut[i]), /** @type {number} */ (floor[i]));
    if (Number.isFinite(r)) rs.push(r);
  }
  return rs.length ? median(rs) : NaN;
}
