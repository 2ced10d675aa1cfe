#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Two-axis motion in cyclic synchronous position mode (CSP) - the `npm start` demo.
//
// What it shows: opening a master, configuring it from a bus file, reaching OP, enabling two
// CiA 402 drives, moving both at once along trapezoidal profiles generated in JS (one set-point
// per bus cycle, queued ahead of the bus), progress while they move, and a summary: targets
// reached, cycles run, jitter.
//
// Run:       npm start                    (after npm install; builds nothing, runs dist/)
//            node examples/two-axis-csp.mjs [--x 500000] [--y -300000] [--cycle 1ms] [--watchdog 100]
// Hardware:  none. It runs on the virtual master built from examples/two-axis.yaml (two
//            virtual servo drives). For real drives: --device /dev/EtherCAT0 --bus <your bus.yaml>
//            (variables named like examples/bus-two-axis.yaml, or change the slave names below).
// @ts-check
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Master, attachAxis, EtherCATError } from 'ecat';

const here = (/** @type {string} */ file) => fileURLToPath(new URL(file, import.meta.url));
const { values: args } = parseArgs({
  options: {
    x: { type: 'string', default: '500000' },
    y: { type: 'string', default: '-300000' },
    cycle: { type: 'string', default: '1ms' },
    device: { type: 'string' },
    watchdog: { type: 'string', default: '100' }, // ms without publish() before the safe outputs apply
    bus: { type: 'string', default: here('bus-two-axis.yaml') },
    topology: { type: 'string', default: here('two-axis.yaml') },
  },
});
const targets = { 'axis-x': Number(args.x), 'axis-y': Number(args.y) };
const profile = { velocity: 400_000, acceleration: 2_000_000 }; // counts/s, counts/s²

async function main() {
  // The virtual master starts from the topology file every run (no saved state), so the demo
  // always begins with both axes at 0.
  const master = await Master.open(args.device ? { device: args.device } : { sim: args.topology, simPersist: false });
  console.log(`opened ${master.path}: ${master.scan().map((s) => `${s.position}:${s.name}`).join(', ')}`);
  // Ctrl-C: close the master (stops the cyclic thread, releases the bus) before exiting.
  process.once('SIGINT', () => {
    master.close();
    process.exit(130);
  });
  try {
    const configured = await master.configure(args.bus);
    for (const w of configured.warnings) console.log(`warning: ${w.path}: ${w.message}`);
    const active = configured.activate();
    // Each drive's target position (0x607A) gets a set-point queue: the axes write their
    // profiles ahead, so a late JS tick (GC, a busy event loop) does not stall the motion.
    const setpoints = active.layout.variables.filter((v) => v.index === 0x607a && v.subindex === 0 && v.direction === 'output').map((v) => v.name);
    const cycling = await active.start({ cycleTime: args.cycle, watchdogMs: Number(args.watchdog), setpoints });
    for (const w of cycling.warnings) console.log(`note: ${w}`);
    cycling.on('state', (e) => console.log(`  ${e.slave}: ${e.from} -> ${e.to}`));
    cycling.on('error', (e) => console.error(`cycle error: ${e.message}`));
    cycling.on('watchdog', (e) => console.log(e.tripped ? '  output watchdog tripped: the safe outputs apply (drives disable)' : '  output watchdog cleared'));
    await cycling.waitOperational({ timeoutMs: 5000 });
    console.log('all slaves operational');

    const axes = Object.keys(targets).map((name) => attachAxis(cycling, name));
    await Promise.all(axes.map((a) => a.setMode('csp')));
    await Promise.all(axes.map((a) => a.enable()));
    console.log(`enabled: ${axes.map((a) => `${a.name} ${a.state}`).join(', ')}`);
    for (const q of cycling.setpoints.values()) console.log(`  ${q.variable}: set-points queued up to ${q.depth} cycles ahead`);

    const progress = setInterval(() => {
      const line = axes.map((a) => `${a.name} ${String(a.position).padStart(8)} (${String(a.velocity).padStart(7)}/s)`).join('   ');
      console.log(`  cycle ${String(cycling.stats().cycles).padStart(6)}   ${line}`);
    }, 200);
    const started = cycling.stats().cycles;
    let results;
    try {
      results = await Promise.all(axes.map((a) => a.moveTo(targets[/** @type {'axis-x' | 'axis-y'} */ (a.name)], profile)));
    } finally {
      clearInterval(progress);
    }
    await Promise.all(axes.map((a) => a.disable()));
    const stats = cycling.stats();
    cycling.stop();

    console.log('\nsummary');
    // A move completes within 10 counts of its target (the axis' position window).
    const reached = results.map((r) => Math.abs(r.position - r.target) <= 10);
    results.forEach((r, i) => {
      const name = axes[i]?.name;
      console.log(`  ${name}: target ${r.target}, at ${r.position} - ${reached[i] ? 'reached' : 'NOT reached'} after ${r.cycles} cycles (profile ${r.profileMs.toFixed(0)} ms)`);
    });
    const us = (/** @type {number} */ ns) => `${(ns / 1000).toFixed(1)} us`;
    console.log(`  cycles run: ${stats.cycles} (${stats.cycles - started} during the move), overruns: ${stats.overruns}`);
    console.log(`  period: min ${us(stats.periodNs.min)}, max ${us(stats.periodNs.max)}, jitter ${us(stats.jitterNs)} at ${us(stats.cycleTimeNs)}`);
    console.log(`  wake-up latency: max ${us(stats.latencyNs.max)}, p99 < ${us(stats.latencyP99Ns)}; execution max ${us(stats.executionNs.max)}`);
    const g = stats.granted;
    console.log(`  real-time: SCHED_FIFO ${g.schedFifo ? 'yes' : 'no'}, CPU pinned ${g.affinity ? 'yes' : 'no'}, memory locked ${g.mlockall ? 'yes' : 'no'}`);
    process.exitCode = reached.every(Boolean) ? 0 : 1;
  } finally {
    master.close();
  }
}

main().catch((err) => {
  console.error(err instanceof EtherCATError ? `${err.code}: ${err.message}${err.hint ? `\n  ${err.hint}` : ''}` : err);
  process.exitCode = 1;
});
