// SPDX-License-Identifier: MIT
// The outputs of a run: the short table on stdout, a Markdown summary (bench/results/latest.md)
// and a self-contained HTML report (inline SVG charts and CSS; no script, font, image or other
// external resource), from the same result object that goes into the JSON file.
// @ts-check
import { histogramTotal } from './stats.mjs';

/** @typedef {import('./stats.mjs').Gate} Gate */
/**
 * @typedef {object} Chart
 * @property {'histogram' | 'bars' | 'lines'} kind
 * @property {string} title
 * @property {string} [unit]         bars/lines: unit of the values
 * @property {string} [xLabel]
 * @property {string} [yLabel]
 * @property {boolean} [logX]
 * @property {boolean} [logY]
 * @property {string[]} [labels]     bars: one per group
 * @property {Array<{name: string, hist?: number[], values?: number[], points?: Array<[number, number]>}>} series
 * @property {{value: number, label: string}} [limit]  a horizontal target line
 */
/**
 * @typedef {object} ScenarioResult
 * @property {string} id
 * @property {string} title
 * @property {'ok' | 'not available' | 'error'} status
 * @property {string} [reason]
 * @property {string} [method]
 * @property {Array<{label: string, value: string, ratio?: string}>} [rows]
 * @property {Gate[]} gates
 * @property {Chart[]} [charts]
 * @property {number} [seconds]
 */

const esc = (/** @type {unknown} */ s) =>
  String(s).replace(/[&<>"']/g, (c) => /** @type {Record<string, string>} */ ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A figure for people: 3 significant digits, no exponent for usual sizes. */
export function fmt(/** @type {number} */ x) {
  if (typeof x !== 'number') return String(x);
  if (x === Infinity) return '∞';
  if (!Number.isFinite(x)) return 'n/a';
  const a = Math.abs(x);
  if (a !== 0 && (a < 0.001 || a >= 1e7)) return x.toExponential(2);
  if (Number.isInteger(x)) return String(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toPrecision(2);
}

/** ns as µs/ms text. */
export function fmtNs(/** @type {number} */ ns) {
  if (!Number.isFinite(ns)) return 'n/a';
  if (ns >= 1e6) return `${fmt(ns / 1e6)} ms`;
  if (ns >= 1e3) return `${fmt(ns / 1e3)} µs`;
  return `${fmt(ns)} ns`;
}

function gateLine(/** @type {Gate} */ g) {
  const v = g.verdict === 'pass' ? 'PASS' : g.verdict === 'fail' ? 'FAIL' : g.verdict === 'info' ? 'INFO' : 'N/A ';
  return `  ${v}  ${g.id.padEnd(28)} ${fmt(g.value).padStart(9)} ${g.op} ${fmt(g.limit).padEnd(6)} ${g.what}${g.note ? ` [${g.note}]` : ''}`;
}

/** The stdout table. @param {{machine: any, machineLine: string, scenarios: ScenarioResult[], totals: any}} run */
export function textTable(run) {
  const out = [`machine: ${run.machineLine}`, ''];
  for (const s of run.scenarios) {
    out.push(`== ${s.title}${s.seconds !== undefined ? ` (${s.seconds.toFixed(0)} s)` : ''}`);
    if (s.status !== 'ok') out.push(`  ${s.status.toUpperCase()}: ${s.reason ?? ''}`);
    for (const r of s.rows ?? []) out.push(`  ${r.label.padEnd(30)} ${r.value}${r.ratio ? `  -> ${r.ratio}` : ''}`);
    for (const g of s.gates) out.push(gateLine(g));
    out.push('');
  }
  const t = run.totals;
  out.push(`targets: ${t.pass} pass, ${t.fail} fail, ${t.na} not measured; scenarios not available: ${t.unavailable.length ? t.unavailable.join(', ') : 'none'}`);
  return out.join('\n');
}

/** Markdown summary (committed as bench/results/latest.md for the README). */
export function markdown(/** @type {{machine: any, machineLine: string, scenarios: ScenarioResult[], totals: any, file: string}} */ run) {
  const out = [`# Benchmark summary`, '', `Measured ${run.machine.time} on: ${run.machineLine}`, '', `Commit ${run.machine.git.commit ?? '?'}${run.machine.git.changedFiles ? ` with ${run.machine.git.changedFiles} changed files in the work tree` : ''}. Full results: \`${run.file}\`.`, ''];
  out.push('| target | measured | limit | verdict | note |', '|---|---|---|---|---|');
  for (const s of run.scenarios) {
    if (s.status !== 'ok' && s.gates.length === 0) out.push(`| ${s.title} | — | — | not available | ${s.reason ?? ''} |`);
    for (const g of s.gates) out.push(`| ${g.id}: ${g.what} | ${fmt(g.value)} | ${g.op} ${fmt(g.limit)} | ${g.verdict} | ${g.note ?? ''} |`);
  }
  const t = run.totals;
  out.push('', `${t.pass} pass, ${t.fail} fail, ${t.na} not measured.`);
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------
// SVG charts

const COLORS = ['#1f6fb4', '#e07b00', '#2a9d3a', '#c0392b', '#7d4fb5', '#6b6b6b'];
const W = 640;
const H = 260;
const M = { l: 64, r: 16, t: 28, b: 44 };

function axisTicks(/** @type {number} */ lo, /** @type {number} */ hi, /** @type {boolean} */ log) {
  if (log) {
    const ticks = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) ticks.push(10 ** e);
    return ticks.filter((t) => t >= lo * 0.999 && t <= hi * 1.001);
  }
  const span = hi - lo || 1;
  const step = 10 ** Math.floor(Math.log10(span / 4));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= 6) ?? step * 10;
  const ticks = [];
  for (let v = Math.ceil(lo / nice) * nice; v <= hi + 1e-9; v += nice) ticks.push(Math.round(v / nice) * nice);
  return ticks;
}

function frame(/** @type {string} */ title, /** @type {string} */ body, /** @type {string[]} */ legend) {
  const items = legend
    .map((name, i) => `<rect x="${M.l + i * 150}" y="8" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${M.l + 14 + i * 150}" y="17" font-size="11">${esc(name)}</text>`)
    .join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">${items}${body}</svg></figure>`;
}

/** Latency histograms of several series over the same log2 buckets, as fractions of each series. */
function histogramSvg(/** @type {Chart} */ c) {
  const series = c.series.filter((s) => s.hist && histogramTotal(s.hist) > 0);
  if (!series.length) return `<p>${esc(c.title)}: no samples.</p>`;
  let lo = 63;
  let hi = 0;
  for (const s of series) {
    const h = /** @type {number[]} */ (s.hist);
    h.forEach((n, k) => {
      if (n > 0) {
        lo = Math.min(lo, k);
        hi = Math.max(hi, k);
      }
    });
  }
  const buckets = hi - lo + 1;
  const fr = series.map((s) => {
    const h = /** @type {number[]} */ (s.hist);
    const t = histogramTotal(h);
    return h.slice(lo, hi + 1).map((n) => n / t);
  });
  // Fractions on a log scale down to the smallest non-zero one, so the tail shows.
  const minF = Math.min(...fr.flat().filter((f) => f > 0));
  const yLo = 10 ** Math.floor(Math.log10(minF));
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const y = (/** @type {number} */ f) => M.t + ph - (f <= 0 ? 0 : ((Math.log10(f) - Math.log10(yLo)) / -Math.log10(yLo)) * ph);
  const gw = pw / buckets;
  const bw = Math.max(1, (gw - 4) / series.length);
  let body = '';
  for (let e = Math.log10(yLo); e <= 0; e++) {
    const yy = y(10 ** e);
    body += `<line x1="${M.l}" x2="${W - M.r}" y1="${yy}" y2="${yy}" stroke="#ddd"/><text x="${M.l - 6}" y="${yy + 4}" font-size="10" text-anchor="end">${e === 0 ? '100%' : `1e${e}`}</text>`;
  }
  fr.forEach((vals, si) => {
    vals.forEach((f, b) => {
      if (f <= 0) return;
      const x = M.l + b * gw + 2 + si * bw;
      const yy = y(f);
      body += `<rect x="${x.toFixed(1)}" y="${yy.toFixed(1)}" width="${bw.toFixed(1)}" height="${(M.t + ph - yy).toFixed(1)}" fill="${COLORS[si % COLORS.length]}"><title>${esc(series[si]?.name)}: ${(f * 100).toPrecision(3)}% in [${fmtNs(2 ** (lo + b))}, ${fmtNs(2 ** (lo + b + 1))})</title></rect>`;
    });
  });
  for (let b = 0; b < buckets; b++) {
    if (buckets > 16 && b % 2) continue;
    body += `<text x="${(M.l + b * gw + gw / 2).toFixed(1)}" y="${H - M.b + 14}" font-size="10" text-anchor="middle">${esc(fmtNs(2 ** (lo + b)))}</text>`;
  }
  body += `<text x="${M.l + pw / 2}" y="${H - 8}" font-size="11" text-anchor="middle">wake-up latency, log2 bucket lower bound</text>`;
  body += `<line x1="${M.l}" x2="${W - M.r}" y1="${M.t + ph}" y2="${M.t + ph}" stroke="#333"/>`;
  return frame(c.title, body, series.map((s) => s.name));
}

/** Grouped bars: one group per label, one bar per series. */
function barsSvg(/** @type {Chart} */ c) {
  const labels = c.labels ?? [];
  const all = c.series.flatMap((s) => (s.values ?? []).filter(Number.isFinite));
  if (c.limit) all.push(c.limit.value);
  const max = Math.max(...all, 0) * 1.1 || 1;
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const gw = pw / Math.max(1, labels.length);
  const bw = Math.max(2, (gw - 10) / Math.max(1, c.series.length));
  const y = (/** @type {number} */ v) => M.t + ph - (v / max) * ph;
  let body = '';
  for (const t of axisTicks(0, max, false)) body += `<line x1="${M.l}" x2="${W - M.r}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text x="${M.l - 6}" y="${y(t) + 4}" font-size="10" text-anchor="end">${esc(fmt(t))}</text>`;
  c.series.forEach((s, si) => {
    (s.values ?? []).forEach((v, li) => {
      if (!Number.isFinite(v)) return;
      const x = M.l + li * gw + 5 + si * bw;
      body += `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${bw.toFixed(1)}" height="${(M.t + ph - y(v)).toFixed(1)}" fill="${COLORS[si % COLORS.length]}"><title>${esc(s.name)} ${esc(labels[li])}: ${esc(fmt(v))} ${esc(c.unit ?? '')}</title></rect>`;
    });
  });
  labels.forEach((l, li) => (body += `<text x="${(M.l + li * gw + gw / 2).toFixed(1)}" y="${H - M.b + 14}" font-size="10" text-anchor="middle">${esc(l)}</text>`));
  if (c.limit) body += `<line x1="${M.l}" x2="${W - M.r}" y1="${y(c.limit.value)}" y2="${y(c.limit.value)}" stroke="#c0392b" stroke-dasharray="5,3"/><text x="${W - M.r}" y="${y(c.limit.value) - 4}" font-size="10" text-anchor="end" fill="#c0392b">${esc(c.limit.label)}</text>`;
  body += `<text x="14" y="${M.t + ph / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 14 ${M.t + ph / 2})">${esc(c.yLabel ?? c.unit ?? '')}</text>`;
  body += `<line x1="${M.l}" x2="${W - M.r}" y1="${M.t + ph}" y2="${M.t + ph}" stroke="#333"/>`;
  return frame(c.title, body, c.series.map((s) => s.name));
}

/** Points joined by lines, optional log axes. */
function linesSvg(/** @type {Chart} */ c) {
  const pts = c.series.flatMap((s) => s.points ?? []).filter(([x, yv]) => Number.isFinite(x) && Number.isFinite(yv));
  if (!pts.length) return `<p>${esc(c.title)}: no points.</p>`;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  if (c.limit) ys.push(c.limit.value);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (!c.logY) y0 = Math.min(0, y0);
  if (x0 === x1) x1 = x0 + 1;
  if (y0 === y1) y1 = y0 + 1;
  if (!c.logY) y1 *= 1.08;
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const tx = (/** @type {number} */ v) => (c.logX ? Math.log10(v) : v);
  const ty = (/** @type {number} */ v) => (c.logY ? Math.log10(v) : v);
  const X = (/** @type {number} */ v) => M.l + ((tx(v) - tx(x0)) / (tx(x1) - tx(x0))) * pw;
  const Y = (/** @type {number} */ v) => M.t + ph - ((ty(v) - ty(y0)) / (ty(y1) - ty(y0))) * ph;
  let body = '';
  for (const t of axisTicks(y0, y1, !!c.logY)) body += `<line x1="${M.l}" x2="${W - M.r}" y1="${Y(t)}" y2="${Y(t)}" stroke="#ddd"/><text x="${M.l - 6}" y="${Y(t) + 4}" font-size="10" text-anchor="end">${esc(fmt(t))}</text>`;
  for (const t of c.logX ? [...new Set(xs)].sort((a, b) => a - b) : axisTicks(x0, x1, false)) body += `<text x="${X(t)}" y="${H - M.b + 14}" font-size="10" text-anchor="middle">${esc(fmt(t))}</text>`;
  c.series.forEach((s, si) => {
    const p = (s.points ?? []).filter(([x, yv]) => Number.isFinite(x) && Number.isFinite(yv) && (!c.logY || yv > 0));
    if (!p.length) return;
    const col = COLORS[si % COLORS.length];
    body += `<polyline fill="none" stroke="${col}" stroke-width="1.5" points="${p.map(([x, yv]) => `${X(x).toFixed(1)},${Y(yv).toFixed(1)}`).join(' ')}"/>`;
    if (p.length <= 40) for (const [x, yv] of p) body += `<circle cx="${X(x).toFixed(1)}" cy="${Y(yv).toFixed(1)}" r="3" fill="${col}"><title>${esc(s.name)}: ${esc(fmt(x))}, ${esc(fmt(yv))}</title></circle>`;
  });
  if (c.limit) body += `<line x1="${M.l}" x2="${W - M.r}" y1="${Y(c.limit.value)}" y2="${Y(c.limit.value)}" stroke="#c0392b" stroke-dasharray="5,3"/><text x="${W - M.r}" y="${Y(c.limit.value) - 4}" font-size="10" text-anchor="end" fill="#c0392b">${esc(c.limit.label)}</text>`;
  body += `<text x="${M.l + pw / 2}" y="${H - 8}" font-size="11" text-anchor="middle">${esc(c.xLabel ?? '')}</text>`;
  body += `<text x="14" y="${M.t + ph / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 14 ${M.t + ph / 2})">${esc(c.yLabel ?? '')}</text>`;
  body += `<line x1="${M.l}" x2="${W - M.r}" y1="${M.t + ph}" y2="${M.t + ph}" stroke="#333"/>`;
  return frame(c.title, body, c.series.map((s) => s.name));
}

export function chartSvg(/** @type {Chart} */ c) {
  return c.kind === 'histogram' ? histogramSvg(c) : c.kind === 'bars' ? barsSvg(c) : linesSvg(c);
}

/** The HTML report. */
export function html(/** @type {{machine: any, machineLine: string, scenarios: ScenarioResult[], totals: any, options: any}} */ run) {
  const m = run.machine;
  const machineRows = [
    ['CPU', `${m.cpuModel} (${m.logicalCpus} logical CPUs, online ${m.onlineCpus}, isolated ${m.isolatedCpus})`],
    ['Kernel', `${m.kernel.release} ${m.kernel.version} — preemption ${m.kernel.preemptModel}, PREEMPT_RT ${m.kernel.preemptRt ? 'yes' : 'no'}`],
    ['Clock source', m.clocksource],
    ['Virtualisation', `hypervisor ${m.hypervisor}${m.container ? `, container ${m.container}` : ''}`],
    ['Node / V8', `${m.node} / ${m.v8}`],
    ['Memory', `${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB`],
    ['Load average at start', m.loadAverageAtStart.join(', ')],
    ['Limits', `uid ${m.uid}, RLIMIT_RTPRIO ${m.limits.rtprio}, RLIMIT_MEMLOCK ${m.limits.memlockBytes}`],
    ['Code', `${m.git.commit ?? '?'}${m.git.changedFiles ? ` + ${m.git.changedFiles} changed files` : ''}`],
    ['Run', `${m.time}, options ${JSON.stringify(run.options)}`],
  ];
  const sections = run.scenarios
    .map((s) => {
      const rows = (s.rows ?? []).map((r) => `<tr><td>${esc(r.label)}</td><td>${esc(r.value)}</td><td>${esc(r.ratio ?? '')}</td></tr>`).join('');
      const gates = s.gates
        .map((g) => `<tr class="${g.verdict === 'pass' ? 'pass' : g.verdict === 'fail' ? 'fail' : g.verdict === 'info' ? 'info' : 'na'}"><td>${esc(g.verdict.toUpperCase())}</td><td><code>${esc(g.id)}</code></td><td>${esc(g.what)}</td><td>${esc(fmt(g.value))}</td><td>${esc(g.op)} ${esc(fmt(g.limit))}</td><td>${esc(g.note ?? '')}</td></tr>`)
        .join('');
      return `<section><h2>${esc(s.title)}</h2>
${s.status !== 'ok' ? `<p class="status">${esc(s.status)}: ${esc(s.reason ?? '')}</p>` : ''}
${s.method ? `<p class="method">${esc(s.method)}</p>` : ''}
${rows ? `<table class="rows"><tr><th>measurement</th><th>value</th><th>ratio</th></tr>${rows}</table>` : ''}
${gates ? `<table class="gates"><tr><th>verdict</th><th>id</th><th>what</th><th>measured</th><th>target</th><th>note</th></tr>${gates}</table>` : ''}
${(s.charts ?? []).map(chartSvg).join('\n')}
</section>`;
    })
    .join('\n');
  const t = run.totals;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ecat benchmarks ${esc(m.time)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 12px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
tr.pass td:first-child{background:#d9f2dd;font-weight:600}tr.fail td:first-child{background:#f8d4d0;font-weight:600}tr.na td:first-child{background:#eee}
.method{color:#444}.status{font-weight:600;color:#8a4b00}figure{margin:12px 0}figcaption{font-weight:600;font-size:13px}
</style></head><body>
<h1>ecat benchmarks</h1>
<p>Every figure with a target is a ratio (or a count) against a floor measured in the same run on the same machine; absolute times describe this machine only. ${t.pass} pass, ${t.fail} fail, ${t.na} not measured${t.unavailable.length ? `; not available: ${esc(t.unavailable.join(', '))}` : ''}.</p>
<table>${machineRows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
${sections}
</body></html>
`;
}
