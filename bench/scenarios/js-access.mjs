// SPDX-License-Identifier: MIT
// Scenario 3: JS access to 100 process variables per cycle through the typed process-image
// API versus raw DataView code on the same buffer, and allocations per cycle. The measuring
// runs in a child process (js-access-child.mjs) with --expose-gc and nothing else in it.
// @ts-check
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gate, median, medianBlockRatio, ratio } from '../lib/stats.mjs';

export const id = 'js-access';
export const title = 'JS access: 100 variables per cycle, typed API vs raw DataView';

/** @param {string[]} args @returns {Promise<any>} */
function runChild(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`js-access child exited with ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`));
      try {
        resolve(JSON.parse(out));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** @param {import('../run.mjs').Context} ctx */
export async function run(ctx) {
  if (!ctx.dist) return { id, title, status: 'not available', reason: 'dist/ (the compiled TypeScript runtime) is missing', gates: [] };
  const params = ctx.quick ? { blocks: 9, blockMs: 10, allocCycles: 50000 } : { blocks: 21, blockMs: 25, allocCycles: 200000 };
  const child = fileURLToPath(new URL('./js-access-child.mjs', import.meta.url));
  const d = await runChild(['--expose-gc', ...(process.env.ECAT_BENCH_V8 ? process.env.ECAT_BENCH_V8.split(' ') : []), child, JSON.stringify({ ...params, distDir: ctx.distDir })]);

  /** @param {string} arm @param {'access'|'cycle'} mode */
  const med = (arm, mode) => median(d.perBlock[arm][mode]);
  const arms = ['raw', 'rawTable', 'handle', 'vars', 'snapshot', 'byName'];
  /** @type {Record<string, any>} */
  const figures = {};
  for (const arm of arms) {
    figures[arm] = {};
    for (const mode of /** @type {const} */ (['access', 'cycle'])) {
      figures[arm][mode] = {
        nsPerCycle: med(arm, mode),
        nsPerVariable: med(arm, mode) / 100,
        // The gated figure: per block, the arm against the raw block run next to it, then the
        // median over blocks (robust to a block slowed by another process).
        ratioToRaw: medianBlockRatio(d.perBlock[arm][mode], d.perBlock.raw[mode]),
        ratioOfMedians: ratio(med(arm, mode), med('raw', mode)),
        ratioOfMinimums: ratio(Math.min(...d.perBlock[arm][mode]), Math.min(...d.perBlock.raw[mode])),
      };
    }
  }
  const empty = d.alloc.empty;
  /** @type {Record<string, any>} */
  const alloc = {};
  for (const arm of arms) {
    const a = d.alloc[arm];
    alloc[arm] = { ...a, excessBytesPerCycle: Math.max(0, a.newSpaceGrowthBytes - empty.newSpaceGrowthBytes) / a.cycles };
  }

  const gates = [];
  // The gated typed API for hot loops is image.inputs/outputs over the whole cycle (its work is
  // in sync()/publish()). The accessor APIs are reported next to it: they pay one call per
  // access once V8's per-function inlining budget is spent (about 40 accesses in one function).
  {
    const f = figures.snapshot.cycle;
    gates.push(
      gate(
        'js.snapshot.ratio',
        'image.inputs/outputs (plain properties) / raw DataView, 100 variables, whole cycle with sync()+publish()',
        f.ratioToRaw,
        '<=',
        1.5,
        `ratio of medians ${f.ratioOfMedians.toFixed(2)}, of minimums ${f.ratioOfMinimums.toFixed(2)}; access alone ${figures.snapshot.access.ratioToRaw.toFixed(2)}; ${f.nsPerCycle.toFixed(0)} vs ${figures.raw.cycle.nsPerCycle.toFixed(0)} ns per cycle`,
      ),
    );
  }
  for (const arm of ['handle', 'vars']) {
    const f = figures[arm].access;
    const g = gate(
      `js.${arm}.ratio`,
      `${arm === 'handle' ? 'ProcessVariable handles get()/set()' : 'image.vars properties'} / raw DataView, 100 variables (access only; reported, not gated)`,
      f.ratioToRaw,
      '<=',
      1.5,
      `ratio of medians ${f.ratioOfMedians.toFixed(2)}, of minimums ${f.ratioOfMinimums.toFixed(2)}; with sync()+publish() ${figures[arm].cycle.ratioToRaw.toFixed(2)}; ${f.nsPerVariable.toFixed(1)} vs ${figures.raw.access.nsPerVariable.toFixed(1)} ns per variable`,
    );
    // Reported with the measured figure and what it would be against the limit, not a verdict.
    g.note = `${g.verdict === 'pass' ? 'within' : 'above'} the 1.5 limit; ${g.note}`;
    g.verdict = 'info';
    gates.push(g);
  }
  for (const arm of ['handle', 'vars', 'snapshot', 'byName']) {
    const a = alloc[arm];
    gates.push(
      gate(
        `js.${arm}.alloc`,
        `${arm}: bytes allocated per cycle (young-generation growth beyond an empty loop; ${a.cycles} cycles, ${a.gcs} GCs)`,
        a.gcs > 0 ? Infinity : a.excessBytesPerCycle,
        '<=',
        0.01,
        a.gcs > 0 ? `${a.gcs} garbage collections ran during the cycles: the cycle allocates` : 'one object per cycle would be >= 16 B/cycle',
      ),
    );
  }

  const rows = arms.map((arm) => ({
    label: `${arm} (100 vars)`,
    value: `${figures[arm].access.nsPerCycle.toFixed(0)} ns/cycle access, ${figures[arm].cycle.nsPerCycle.toFixed(0)} ns with sync+publish`,
    ratio: `${figures[arm].access.ratioToRaw.toFixed(2)}x / ${figures[arm].cycle.ratioToRaw.toFixed(2)}x raw`,
  }));

  return {
    id,
    title,
    status: 'ok',
    method:
      '50 inputs read + 50 outputs written per cycle (uint16/int32/int8/int16/bool bit fields of 8 drives and I/O), straight-line code per arm; ' +
      `${d.blocks} interleaved blocks of about ${d.blockMs} ms per arm, alternating arm order; gated figure: median over blocks of (arm / raw block next to it). Floor: hand-written DataView calls at constant offsets; rawTable (a loop over a table of kinds and offsets) is a second reference. ` +
      'Allocations: young-generation growth and GC count over many cycles after a full GC, minus an empty loop.',
    variables: d.variables,
    figures,
    alloc,
    perBlock: d.perBlock,
    rows,
    gates,
    charts: [
      {
        kind: 'bars',
        title: 'ns per cycle of 100 variable accesses (median over blocks)',
        unit: 'ns',
        labels: arms,
        series: [
          { name: 'access only', values: arms.map((a) => figures[a].access.nsPerCycle) },
          { name: 'with sync()+publish()', values: arms.map((a) => figures[a].cycle.nsPerCycle) },
        ],
        limit: { value: 1.5 * figures.raw.access.nsPerCycle, label: '1.5x raw (access only)' },
      },
    ],
  };
}
