// SPDX-License-Identifier: MIT
// The benchmark harness's parsing and formatting (bench/lib): strace summaries, figures for
// people, the self-contained HTML report and the stdout table. No timing here.
import { describe, expect, it } from 'vitest';
// @ts-ignore: plain ESM JavaScript without declarations (bench/ is not part of the package)
import { chartSvg, fmt, fmtNs, html, markdown, textTable } from '../../bench/lib/report.mjs';
// @ts-ignore: as above
import { parseStraceSummary } from '../../bench/lib/strace.mjs';
// @ts-ignore: as above
import { gate } from '../../bench/lib/stats.mjs';

describe('bench report', () => {
  it('parses strace -c summaries, with and without an errors column', () => {
    const text = [
      '% time     seconds  usecs/call     calls    errors syscall',
      '------ ----------- ----------- --------- --------- ----------------',
      ' 68.27    0.018963         287        66        33 wait4',
      ' 25.10    0.006971         211        33           clock_nanosleep',
      '  0.00    0.000000           0         2           futex',
      '------ ----------- ----------- --------- --------- ----------------',
      '100.00    0.027777          52       101        33 total',
    ].join('\n');
    expect(parseStraceSummary(text)).toEqual({ wait4: 66, clock_nanosleep: 33, futex: 2 });
    expect(parseStraceSummary('')).toEqual({});
  });

  it('formats figures for people', () => {
    expect(fmt(1.2345)).toBe('1.23');
    expect(fmt(12.345)).toBe('12.3');
    expect(fmt(123.45)).toBe('123');
    expect(fmt(0)).toBe('0');
    expect(fmt(NaN)).toBe('n/a');
    expect(fmt(Infinity)).toBe('∞');
    expect(fmtNs(850)).toBe('850 ns');
    expect(fmtNs(48100)).toBe('48.1 µs');
    expect(fmtNs(2_500_000)).toBe('2.50 ms');
  });

  it('writes a self-contained HTML report (no external resources) with escaped text', () => {
    const machine = {
      cpuModel: 'CPU <x>',
      logicalCpus: 2,
      onlineCpus: '0-1',
      isolatedCpus: 'none',
      kernel: { release: 'r', version: 'v', preemptModel: 'PREEMPT_DYNAMIC', preemptRt: false },
      clocksource: 'tsc',
      hypervisor: 'kvm',
      container: null,
      node: 'v20',
      v8: '11',
      memoryBytes: 2 ** 30,
      loadAverageAtStart: [1, 2, 3],
      uid: 0,
      limits: { rtprio: '0', memlockBytes: '1' },
      git: { commit: 'abc', changedFiles: 0 },
      time: 't',
    };
    const hist = new Array(64).fill(0);
    hist[15] = 10;
    hist[16] = 3;
    const run = {
      machine,
      machineLine: 'm',
      options: {},
      totals: { pass: 1, fail: 1, na: 0, unavailable: [] },
      scenarios: [
        {
          id: 's',
          title: 'S & T',
          status: 'ok',
          rows: [{ label: 'a', value: 'b' }],
          gates: [gate('g.1', 'w', 1.2, '<=', 1.1), gate('g.2', 'w', 1, '<=', 1.1)],
          charts: [
            { kind: 'histogram', title: 'h', series: [{ name: 'x', hist }] },
            { kind: 'bars', title: 'b', labels: ['p', 'q'], series: [{ name: 'x', values: [1, 2] }], limit: { value: 1.5, label: 'lim' } },
            { kind: 'lines', title: 'l', logX: true, logY: true, series: [{ name: 'x', points: [[1, 2], [16, 20]] }] },
          ],
        },
      ],
    };
    const page = html(run);
    expect(page).toContain('<!doctype html>');
    expect(page).toContain('CPU &lt;x&gt;');
    expect(page).toContain('S &amp; T');
    expect(page.match(/<svg /g)?.length).toBe(3);
    expect(page).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(page).toContain('class="fail"');
    const table = textTable(run);
    expect(table).toContain('FAIL  g.1');
    expect(table).toContain('PASS  g.2');
    expect(markdown({ ...run, file: 'f.json' })).toContain('| g.1: w | 1.20 | <= 1.10 | fail |');
  });

  it('draws nothing misleading for empty data', () => {
    expect(chartSvg({ kind: 'histogram', title: 'none', series: [{ name: 'x', hist: new Array(64).fill(0) }] })).toContain('no samples');
    expect(chartSvg({ kind: 'lines', title: 'none', series: [{ name: 'x', points: [] }] })).toContain('no points');
  });
});
