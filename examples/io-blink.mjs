#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Blink the outputs of an EL2008 and read the inputs of an EL1008 and an EL3064.
//
// What it shows: the application cycle ('cycle' events: inputs taken, outputs set, published
// right after), bool variables packed as bits in the process image, an int16 analog value, and
// the output watchdog's safe values (every output off) configured in the bus file.
//
// Run:       node examples/io-blink.mjs [--seconds 3] [--period 200] [--watchdog 100]   (after npm install)
// Hardware:  none. It runs on the virtual master built from examples/io-rack.yaml (EK1100,
//            EL1008, EL2008, EL3064; the virtual EL1008 counts in binary every 100 ms). For a
//            real rack: --device /dev/EtherCAT0 --bus <your bus.yaml> with the same variable names.
// @ts-check
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Master, EtherCATError } from 'ecat';

const here = (/** @type {string} */ file) => fileURLToPath(new URL(file, import.meta.url));
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    period: { type: 'string', default: '200' },
    device: { type: 'string' },
    watchdog: { type: 'string', default: '100' }, // ms without publish() before the safe outputs apply
    bus: { type: 'string', default: here('bus-io-rack.yaml') },
    topology: { type: 'string', default: here('io-rack.yaml') },
  },
});
const seconds = Number(args.seconds);
const periodMs = Number(args.period);
const outputs = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `do${n}`);
const inputs = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `di${n}`);

async function main() {
  const master = await Master.open(args.device ? { device: args.device } : { sim: args.topology, simPersist: false });
  process.once('SIGINT', () => {
    master.close();
    process.exit(130);
  });
  try {
    const cycling = await (await master.configure(args.bus)).activate().start({ watchdogMs: Number(args.watchdog) });
    await cycling.waitOperational({ timeoutMs: 5000 });
    const image = cycling.image;
    const cyclesPerStep = Math.max(1, Math.round((periodMs * 1e6) / cycling.cycleTimeNs));
    const end = Math.round((seconds * 1e9) / cycling.cycleTimeNs) + image.cycle;
    let lastInputs = -1;
    let steps = 0;
    let inputChanges = 0;
    let aiMin = Infinity;
    let aiMax = -Infinity;

    await new Promise((resolve) => {
      cycling.on('cycle', ({ cycle }) => {
        // A walking light: one output on at a time, moving every `period` ms of bus time.
        const step = Math.floor(cycle / cyclesPerStep);
        outputs.forEach((name, i) => image.set(name, step % outputs.length === i));
        if (step !== steps) steps = step;
        let bits = 0;
        inputs.forEach((name, i) => {
          if (image.get(name)) bits |= 1 << i;
        });
        const ai = /** @type {number} */ (image.get('ai1'));
        aiMin = Math.min(aiMin, ai);
        aiMax = Math.max(aiMax, ai);
        if (bits !== lastInputs) {
          if (lastInputs >= 0) inputChanges++;
          lastInputs = bits;
          const out = outputs.map((n) => (image.get(n) ? '#' : '.')).join('');
          const inp = inputs.map((n) => (image.get(n) ? '#' : '.')).join('');
          console.log(`cycle ${String(cycle).padStart(6)}  outputs ${out}  inputs ${inp}  ai1 ${String(ai).padStart(6)}`);
        }
        if (cycle >= end) resolve(undefined);
      });
    });
    const stats = cycling.stats();
    cycling.stop();
    console.log(`\n${stats.cycles} cycles at ${cycling.cycleTimeNs / 1e6} ms, ${inputChanges} input changes seen, ai1 between ${aiMin} and ${aiMax}, overruns ${stats.overruns}`);
  } finally {
    master.close();
  }
}

main().catch((err) => {
  console.error(err instanceof EtherCATError ? `${err.code}: ${err.message}${err.hint ? `\n  ${err.hint}` : ''}` : err);
  process.exitCode = 1;
});
