// SPDX-License-Identifier: MIT
// Shared setup of the runtime unit tests: a small bus (digital inputs, digital outputs, a CiA 402
// drive) on the fake native master, its configuration in the file's shape, and helpers to bring a
// master to a phase.
import { Master, defineVariables } from '../../src/runtime/index.js';
import type { ActiveMaster, CyclingMaster, StartOptions, VariableSpecs } from '../../src/runtime/index.js';
import { bitSyncs, driveSyncs, fakeNative } from './runtime-fake.js';
import type { FakeNative, FakeSlave } from './runtime-fake.js';

/** Inputs follow outputs: di<n> = do<n>; the drive echoes its controlword into the statusword. */
export function testSlaves(): FakeSlave[] {
  let outputs = 0;
  return [
    { name: 'EL2008', vendorId: 2, productCode: 0x07d83052, syncs: bitSyncs('output'), model: (io) => { outputs = 0; for (let n = 0; n < 8; n++) outputs |= io.get(0x7000 + 0x10 * n, 1) << n; } },
    { name: 'EL1008', vendorId: 2, productCode: 0x03f03052, syncs: bitSyncs('input'), model: (io) => { for (let n = 0; n < 8; n++) io.set(0x6000 + 0x10 * n, 1, (outputs >> n) & 1); } },
    {
      name: 'servo',
      vendorId: 0xeca7,
      productCode: 0x00060001,
      alias: 7,
      syncs: driveSyncs(),
      sdo: { '6081:0': [0xa0, 0x86, 0x01, 0x00], '1008:0': [...Buffer.from('servo\0')], '6064:0': [1, 0, 0, 0] },
      model: (io) => {
        io.set(0x6041, 0, io.get(0x6040, 0));
        io.set(0x6064, 0, io.getSigned(0x607a, 0));
        io.set(0x6061, 0, io.getSigned(0x6060, 0));
      },
    },
  ];
}

/** The configuration of testSlaves() in the file's shape. */
export function testConfig(): Record<string, unknown> {
  return {
    cycleTime: '1ms',
    domains: [{ name: 'main' }],
    slaves: [
      {
        name: 'outputs',
        position: 0,
        vendorId: 2,
        productCode: 0x07d83052,
        variables: [
          { name: 'do1', entry: '0x7000:01', type: 'bool', safe: true },
          { name: 'do2', entry: '0x7010:01', type: 'bool' },
          { name: 'do8', entry: '0x7070:01', type: 'bool' },
        ],
      },
      {
        name: 'inputs',
        position: 1,
        vendorId: 2,
        productCode: 0x03f03052,
        variables: [
          { name: 'di1', entry: '0x6000:01', type: 'bool' },
          { name: 'di2', entry: '0x6010:01', type: 'bool' },
          { name: 'di8', entry: '0x6070:01', type: 'bool' },
        ],
      },
      {
        name: 'axis',
        alias: 7,
        vendorId: 0xeca7,
        productCode: 0x00060001,
        variables: [
          { name: 'axis.controlword', entry: '0x6040:00', type: 'uint16', safe: 6 },
          { name: 'axis.target_position', entry: '0x607a:00', type: 'int32' },
          { name: 'axis.target_velocity', entry: '0x60ff:00', type: 'int32' },
          { name: 'axis.mode', entry: '0x6060:00', type: 'int8' },
          { name: 'axis.statusword', entry: '0x6041:00', type: 'uint16' },
          { name: 'axis.position', entry: '0x6064:00', type: 'int32' },
          { name: 'axis.velocity', entry: '0x606c:00', type: 'int32' },
          { name: 'axis.mode_display', entry: '0x6061:00', type: 'int8' },
          { name: 'axis.error_code', entry: '0x603f:00', type: 'uint16' },
        ],
      },
    ],
  };
}

/** An opened Master on a fresh fake. */
export async function openFake(slaves = testSlaves(), options: Parameters<typeof fakeNative>[1] = {}): Promise<{ master: Master; fake: FakeNative }> {
  const fake = fakeNative(slaves, options);
  const master = await Master.open({ native: fake, closeOnExit: false });
  return { master, fake };
}

/** A master brought to ActiveMaster. */
export async function activeFake<V extends VariableSpecs>(variables?: V): Promise<{ master: Master; fake: FakeNative; active: ActiveMaster<V> }> {
  const { master, fake } = await openFake();
  const configured = await master.configure<V>(testConfig(), variables ? { variables } : {});
  return { master, fake, active: configured.activate() };
}

/** A master cycling on the fake (automatic 1 ms stepping, application loop off unless asked). */
export async function cyclingFake<V extends VariableSpecs>(options: StartOptions = {}, variables?: V): Promise<{ fake: FakeNative; cycling: CyclingMaster<V>; active: ActiveMaster<V> }> {
  const { fake, active } = await activeFake(variables);
  const cycling = await active.start({ loop: false, ...options });
  return { fake, cycling, active };
}

/** The variables the process-image tests declare (a subset of the fake bus). */
export const imageVars = defineVariables({
  do1: { type: 'bool', direction: 'output' },
  do2: { type: 'bool', direction: 'output' },
  do8: { type: 'bool', direction: 'output' },
  di1: { type: 'bool', direction: 'input' },
  di2: { type: 'bool', direction: 'input' },
  di8: { type: 'bool', direction: 'input' },
  'axis.controlword': { type: 'uint16', direction: 'output' },
  'axis.target_position': { type: 'int32', direction: 'output' },
  'axis.mode': { type: 'int8', direction: 'output' },
  'axis.statusword': { type: 'uint16', direction: 'input' },
  'axis.position': { type: 'int32', direction: 'input' },
  'axis.mode_display': { type: 'int8', direction: 'input' },
});
