// SPDX-License-Identifier: MIT
// Type-level tests of the public API (checked by typecheck.test.ts with tsc; never run). Each
// `@ts-expect-error` line must fail to compile - if a misuse starts compiling, tsc reports the
// unused directive and the test fails. expectTypeOf pins the types of what the API returns.
import { expectTypeOf } from 'vitest';
import { Master, attachAxis, defineVariables, DriveError } from 'ecat';
import type { ActiveMaster, Axis, ConfiguredMaster, CyclingMaster, DriveState, MoveResult, ProcessImage, SetpointQueue, StateEvent, VariableValue } from 'ecat';

declare const configured: ConfiguredMaster;
declare const active: ActiveMaster;
declare const cycling: CyclingMaster;

// Each phase has only its own calls.
expectTypeOf(configured).toHaveProperty('activate');
expectTypeOf(configured).not.toHaveProperty('start');
expectTypeOf(configured).not.toHaveProperty('image');
expectTypeOf(active).not.toHaveProperty('activate');
expectTypeOf(active).toHaveProperty('start');
expectTypeOf(active).not.toHaveProperty('stop');
expectTypeOf(active).not.toHaveProperty('sdo');
expectTypeOf(cycling).not.toHaveProperty('activate');
expectTypeOf(cycling).not.toHaveProperty('start');
expectTypeOf(cycling).not.toHaveProperty('configure');
expectTypeOf(configured.activate()).toEqualTypeOf<ActiveMaster>();
expectTypeOf(active.start()).resolves.toEqualTypeOf<CyclingMaster>();
expectTypeOf(cycling.stop()).toEqualTypeOf<ActiveMaster>();

// @ts-expect-error activating twice: an ActiveMaster has no activate()
active.activate();
// @ts-expect-error starting a configured master: activate() first
void configured.start();
// @ts-expect-error stopping an active master
active.stop();
// @ts-expect-error no public constructor: Master.open() is the way in
new Master();

async function flow(): Promise<void> {
  const master = await Master.open({ sim: 'examples/two-axis.yaml' });
  expectTypeOf(master.configure).toBeFunction();
  // @ts-expect-error a master is opened, not yet configured: it has no image
  void master.image;
  const vars = defineVariables({
    'axis_x.controlword': { type: 'uint16', direction: 'output' },
    'axis_x.statusword': { type: 'uint16', direction: 'input' },
    'axis_x.position': { type: 'int32', direction: 'input' },
    counter: { type: 'uint64', direction: 'input' },
    lamp: { type: 'bool', direction: 'output' },
    wide: { type: 'bits', bitLength: 40, direction: 'output' },
    narrow: { type: 'bits', bitLength: 3, direction: 'output' },
    gain: { type: 'real32', direction: 'output' },
  });
  const c = await master.configure('bus.yaml', { variables: vars });
  expectTypeOf(c).toEqualTypeOf<ConfiguredMaster<typeof vars>>();
  const run = await c.activate().start({ cycleTime: '1ms' });
  const image: ProcessImage<typeof vars> = run.image;

  // Typed reads.
  expectTypeOf(image.get('axis_x.statusword')).toEqualTypeOf<number>();
  expectTypeOf(image.get('counter')).toEqualTypeOf<bigint>();
  expectTypeOf(image.get('lamp')).toEqualTypeOf<boolean>();
  expectTypeOf(image.get('wide')).toEqualTypeOf<bigint>();
  expectTypeOf(image.get('narrow')).toEqualTypeOf<number>();
  expectTypeOf(image.vars.axis_x_position).toEqualTypeOf<number>();
  expectTypeOf(image.variable('counter').get()).toEqualTypeOf<bigint>();

  // Typed writes of outputs.
  image.set('axis_x.controlword', 0x0f);
  image.set('lamp', true);
  image.set('wide', 1n << 39n);
  image.vars.axis_x_controlword = 6;
  image.vars.gain = 0.5;
  // @ts-expect-error writing an input variable
  image.set('axis_x.statusword', 1);
  // @ts-expect-error an input property is read-only
  image.vars.axis_x_statusword = 1;
  // @ts-expect-error an unknown name
  image.get('axis_x.postion');
  // @ts-expect-error a number for a bool
  image.set('lamp', 1);
  // @ts-expect-error a number for a 64-bit variable
  image.set('wide', 1);
  // @ts-expect-error counter is an input
  image.set('counter', 1n);
  master.close();
}
void flow;

// Untyped images take any name and the union of values.
expectTypeOf(cycling.image.get('anything')).toEqualTypeOf<VariableValue>();
cycling.image.set('anything', 1);
expectTypeOf(cycling.image.vars).toEqualTypeOf<Record<string, VariableValue>>();

// Events are typed by name.
cycling.on('state', (e) => expectTypeOf(e).toEqualTypeOf<StateEvent>());
cycling.on('wkc', (e) => expectTypeOf(e.state).toEqualTypeOf<'zero' | 'incomplete' | 'complete'>());
cycling.on('cycle', (info) => expectTypeOf(info.cycle).toEqualTypeOf<number>());
// @ts-expect-error an unknown event name
cycling.on('statechange', () => undefined);
// @ts-expect-error the wrong listener shape
cycling.on('overrun', (e: string) => e);

// SDO values are typed by the CoE type asked for.
expectTypeOf(cycling.sdo.upload('axis-x', 0x6064, 0)).resolves.toEqualTypeOf<Buffer>();
expectTypeOf(cycling.sdo.upload('axis-x', 0x6064, 0, 'int32')).resolves.toEqualTypeOf<number>();
expectTypeOf(cycling.sdo.upload(0, 0x1018, 4, 'uint64')).resolves.toEqualTypeOf<bigint>();
expectTypeOf(cycling.sdo.upload('axis-x', 0x1008, 0, 'string')).resolves.toEqualTypeOf<string>();
expectTypeOf(cycling.sdo.upload('axis-x', 0x6060, 0, 'bool')).resolves.toEqualTypeOf<boolean>();
// @ts-expect-error not a CoE type name of this API
void cycling.sdo.upload('axis-x', 0x6064, 0, 'dword');

// Set-point queues: asked for by name (optionally with a depth), found by name, written per cycle.
void active.start({ setpoints: ['axis_x.target_position', { variable: 'axis_y.target_position', depth: 64 }] });
// @ts-expect-error a queue is named by its variable, not by a number
void active.start({ setpoints: [7] });
expectTypeOf(cycling.setpoints.get('axis_x.target_position')).toEqualTypeOf<SetpointQueue | undefined>();
expectTypeOf<SetpointQueue['write']>().returns.toEqualTypeOf<boolean>();

// The CiA 402 helper.
const axis: Axis = attachAxis(cycling, 'axis-x');
expectTypeOf(axis.state).toEqualTypeOf<DriveState>();
expectTypeOf(axis.moveTo(1000, { velocity: 1, acceleration: 1 })).resolves.toEqualTypeOf<MoveResult>();
// @ts-expect-error a move needs its velocity and acceleration
void axis.moveTo(1000);
// @ts-expect-error an unknown mode
void axis.setMode('cyclic');
expectTypeOf<DriveError['state']>().toEqualTypeOf<DriveState>();
