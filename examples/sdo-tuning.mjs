#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Read and change drive parameters by SDO while the bus is cycling.
//
// What it shows: SDO uploads and downloads as Promises (typed: numbers, bigint, strings),
// served off the cyclic thread while process data keeps flowing; the effect of a changed
// parameter on a move (profile position mode: the drive's own profile, 0x6081/0x6083); an SDO
// abort reported with its code and meaning; an ESC register read.
//
// Run:       node examples/sdo-tuning.mjs   (after npm install)
// Hardware:  none. It runs on the virtual master built from examples/two-axis.yaml. For a real
//            drive: --device /dev/EtherCAT0 --bus <your bus.yaml> --axis <slave name>. --watchdog <ms>
//            sets the output watchdog (default 100).
// @ts-check
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Master, attachAxis, EtherCATError } from 'ecat';

const here = (/** @type {string} */ file) => fileURLToPath(new URL(file, import.meta.url));
const { values: args } = parseArgs({
  options: {
    axis: { type: 'string', default: 'axis-x' },
    device: { type: 'string' },
    watchdog: { type: 'string', default: '100' }, // ms without publish() before the safe outputs apply
    bus: { type: 'string', default: here('bus-two-axis.yaml') },
    topology: { type: 'string', default: here('two-axis.yaml') },
  },
});
const hex = (/** @type {number} */ n, digits = 4) => `0x${n.toString(16).padStart(digits, '0')}`;

async function main() {
  const master = await Master.open(args.device ? { device: args.device } : { sim: args.topology, simPersist: false });
  process.once('SIGINT', () => {
    master.close();
    process.exit(130);
  });
  try {
    const cycling = await (await master.configure(args.bus)).activate().start({ watchdogMs: Number(args.watchdog) });
    await cycling.waitOperational({ timeoutMs: 5000 });
    cycling.on('watchdog', (e) => console.log(e.tripped ? 'output watchdog tripped: the safe outputs apply (drives disable)' : 'output watchdog cleared'));
    const slave = args.axis;
    const sdo = cycling.sdo;

    console.log(`${slave}: ${await sdo.upload(slave, 0x1008, 0, 'string')}`);
    console.log(`  device type ${hex(await sdo.upload(slave, 0x1000, 0, 'uint32'), 8)}, vendor ${hex(await sdo.upload(slave, 0x1018, 1, 'uint32'), 8)}, product ${hex(await sdo.upload(slave, 0x1018, 2, 'uint32'), 8)}`);

    /** @type {Array<[string, number, number, 'uint32' | 'uint16' | 'int16']>} */
    const parameters = [
      ['following error window', 0x6065, 0, 'uint32'],
      ['following error timeout (ms)', 0x6066, 0, 'uint16'],
      ['profile velocity', 0x6081, 0, 'uint32'],
      ['profile acceleration', 0x6083, 0, 'uint32'],
      ['quick stop deceleration', 0x6085, 0, 'uint32'],
      ['quick stop option code', 0x605a, 0, 'int16'],
    ];
    const show = async (/** @type {string} */ title) => {
      console.log(title);
      for (const [name, index, sub, type] of parameters) console.log(`  ${hex(index)}:${hex(sub, 2).slice(2)} ${name.padEnd(30)} ${await sdo.upload(slave, index, sub, type)}`);
    };
    await show('parameters (read while cycling):');

    // A profile position move uses the drive's own profile: time it at two profile velocities.
    const axis = attachAxis(cycling, slave);
    await axis.setMode('pp');
    await axis.enable();
    for (const velocity of [100_000, 400_000]) {
      await sdo.download(slave, 0x6081, 0, velocity, 'uint32');
      await sdo.download(slave, 0x6083, 0, 2_000_000, 'uint32');
      const target = (axis.position ?? 0) === 0 ? 200_000 : 0;
      const t0 = cycling.stats().cycles;
      const r = await axis.moveTo(target, { velocity, acceleration: 2_000_000 });
      console.log(`PP move to ${target} at profile velocity ${velocity}: ${cycling.stats().cycles - t0} cycles, at ${r.position}`);
    }
    await axis.disable();

    await sdo.download(slave, 0x6065, 0, 150_000, 'uint32');
    await sdo.download(slave, 0x605a, 0, 6, 'int16');
    await show('after tuning:');

    // What a refused transfer looks like: the statusword is read-only.
    try {
      await sdo.download(slave, 0x6041, 0, 0, 'uint16');
    } catch (err) {
      if (!(err instanceof EtherCATError) || err.code !== 'SDO_ABORT') throw err;
      console.log(`refused as expected: ${err.message}`);
    }
    const al = await cycling.registers.read(slave, 0x0130, 2);
    console.log(`AL status register 0x0130: ${hex(al.readUInt16LE(0))} (8 = OP)`);
    cycling.stop();
  } finally {
    master.close();
  }
}

main().catch((err) => {
  console.error(err instanceof EtherCATError ? `${err.code}: ${err.message}${err.hint ? `\n  ${err.hint}` : ''}` : err);
  process.exitCode = 1;
});
