// SPDX-License-Identifier: MIT
// Binding an Axis to a cycling master: its process variables found by CiA 402 object index among
// one slave's variables (or named explicitly), accessed through handles (no lookup per cycle),
// ticked by the master's application cycle and ended by its 'stop' event; what is not mapped
// (modes of operation, PP profile parameters) goes by SDO.
import { runtimeError } from '../runtime/errors.js';
import type { CyclingMaster } from '../runtime/api.js';
import type { ProcessImage, ProcessVariable } from '../runtime/image/image.js';
import type { ImageLayout } from '../runtime/image/layout.js';
import type { VariableSpecs, VariableValue } from '../runtime/image/types.js';
import { Axis } from './axis.js';
import type { AxisIO, AxisOptions } from './axis.js';

/** The process variables an Axis uses, by role. controlword and statusword are required. */
export interface AxisVariables {
  controlword: string;
  statusword: string;
  mode?: string;
  modeDisplay?: string;
  targetPosition?: string;
  targetVelocity?: string;
  actualPosition?: string;
  actualVelocity?: string;
  errorCode?: string;
}

/** How to find a drive's variables. */
export interface AxisBinding {
  /** The slave's name: its variables are found by object index (0x6040, 0x6041, ...). */
  slave?: string;
  /** Variable names by role; override what was found by object index. */
  variables?: Partial<AxisVariables>;
  /** The axis name in messages (default: the slave name). */
  name?: string;
  /** Write what is not mapped by SDO (default true). */
  sdo?: boolean;
}

/** The CiA 402 object of each role. */
export const AXIS_OBJECTS: Readonly<Record<keyof AxisVariables, number>> = {
  controlword: 0x6040,
  statusword: 0x6041,
  mode: 0x6060,
  modeDisplay: 0x6061,
  targetPosition: 0x607a,
  targetVelocity: 0x60ff,
  actualPosition: 0x6064,
  actualVelocity: 0x606c,
  errorCode: 0x603f,
};

const OUTPUT_ROLES = new Set<keyof AxisVariables>(['controlword', 'mode', 'targetPosition', 'targetVelocity']);

/** The variables of `slave` that carry CiA 402 objects (subindex 0), by role. */
export function findAxisVariables(layout: ImageLayout, slave: string): Partial<AxisVariables> {
  const out: Partial<AxisVariables> = {};
  for (const [role, index] of Object.entries(AXIS_OBJECTS) as Array<[keyof AxisVariables, number]>) {
    const v = layout.variables.find((x) => x.slave === slave && x.index === index && x.subindex === 0);
    if (v) out[role] = v.name;
  }
  return out;
}

/** The AxisIO of a drive on a cycling master. */
export function axisIO<V extends VariableSpecs>(cycling: CyclingMaster<V>, binding: string | AxisBinding): AxisIO {
  const b: AxisBinding = typeof binding === 'string' ? { slave: binding } : binding;
  const layout = cycling.layout;
  if (b.slave !== undefined && !cycling.slaves.some((s) => s.name === b.slave)) {
    throw runtimeError('NO_SUCH_SLAVE', `no configured slave "${b.slave}"; configured: ${cycling.slaves.map((s) => s.name).join(', ')}`);
  }
  const names: Partial<AxisVariables> = { ...(b.slave !== undefined ? findAxisVariables(layout, b.slave) : {}), ...b.variables };
  const image = cycling.image as unknown as ProcessImage<VariableSpecs>;
  const handle = (role: keyof AxisVariables): ProcessVariable | undefined => {
    const name = names[role];
    if (name === undefined) return undefined;
    const v = layout.byName.get(name);
    if (!v) throw runtimeError('UNKNOWN_VARIABLE', `axis ${b.name ?? b.slave ?? ''}: no process variable "${name}" for ${role}`);
    const wantOutput = OUTPUT_ROLES.has(role);
    if ((v.direction === 'output') !== wantOutput) {
      throw runtimeError('VARIABLE_MISMATCH', `axis ${b.name ?? b.slave ?? ''}: ${role} must be an ${wantOutput ? 'output' : 'input'}, but ${name} is an ${v.direction}`);
    }
    if (v.type === 'bool' || v.type === 'real32' || v.type === 'real64' || v.type === 'int64' || v.type === 'uint64') {
      throw runtimeError('VARIABLE_MISMATCH', `axis ${b.name ?? b.slave ?? ''}: ${role} ${name} is ${v.type}; CiA 402 objects are 8..32-bit integers`);
    }
    return image.variable(name);
  };
  const cw = handle('controlword');
  const sw = handle('statusword');
  const label = b.name ?? b.slave ?? (names.controlword ? layout.byName.get(names.controlword)?.slave : undefined) ?? 'axis';
  if (!cw || !sw) {
    const missing = [!cw ? 'controlword (0x6040)' : '', !sw ? 'statusword (0x6041)' : ''].filter(Boolean).join(' and ');
    throw runtimeError('VARIABLE_MISMATCH', `axis ${label}: no variable for the ${missing}; map them in the configuration or name them in the binding`);
  }
  const slaveName = b.slave ?? layout.byName.get(names.controlword as string)?.slave;
  const num = (h: ProcessVariable | undefined): (() => number) | undefined => (h ? () => h.get() as number : undefined);
  const set = (h: ProcessVariable | undefined): ((x: number) => void) | undefined => (h ? (x: number) => h.set(x as VariableValue) : undefined);
  let online = true;
  let tripped: { cycle: number; text: string } | undefined;
  const io: AxisIO = {
    name: label,
    cycleTimeNs: cycling.cycleTimeNs,
    statusword: () => sw.get() as number,
    setControlword: (x) => cw.set(x),
    onCycle: (tick) => {
      const listener = (info: { cycle: number }): void => tick(info.cycle);
      const offline = (e: { slave: string }): void => {
        if (e.slave === slaveName) online = false;
      };
      const back = (e: { slave: string }): void => {
        if (e.slave === slaveName) online = true;
      };
      // A watchdog trip writes the safe outputs (a controlword of 0 disables a drive): remember
      // it, so an operation that then finds the drive disabled can say why.
      const watchdog = (e: { tripped: boolean; cycle: number }): void => {
        if (e.tripped) tripped = { cycle: e.cycle, text: `The output watchdog tripped in cycle ${e.cycle} (no publish() for longer than watchdogMs), so the drive got the configured safe outputs; enable() it again.` };
      };
      cycling.on('cycle', listener);
      cycling.on('offline', offline);
      cycling.on('online', back);
      cycling.on('watchdog', watchdog);
      return () => {
        cycling.off('cycle', listener);
        cycling.off('offline', offline);
        cycling.off('online', back);
        cycling.off('watchdog', watchdog);
      };
    },
    // Event cycles are the low 32 bits of the bus cycle count.
    explain: (since) => (tripped && tripped.cycle >= since % 2 ** 32 ? tripped.text : undefined),
    onEnd: (end) => {
      cycling.once('stop', end);
      return () => cycling.off('stop', end);
    },
    online: () => online,
  };
  const optional = { modeDisplay: num(handle('modeDisplay')), setMode: set(handle('mode')), actualPosition: num(handle('actualPosition')), actualVelocity: num(handle('actualVelocity')), setTargetPosition: set(handle('targetPosition')), setTargetVelocity: set(handle('targetVelocity')), errorCode: num(handle('errorCode')) };
  for (const [k, f] of Object.entries(optional)) if (f) (io as unknown as Record<string, unknown>)[k] = f;
  const positionQueue = names.targetPosition !== undefined ? cycling.setpoints.get(names.targetPosition) : undefined;
  if (positionQueue) io.targetPositionAhead = positionQueue;
  const velocityQueue = names.targetVelocity !== undefined ? cycling.setpoints.get(names.targetVelocity) : undefined;
  if (velocityQueue) io.targetVelocityAhead = velocityQueue;
  if (slaveName !== undefined && b.sdo !== false) io.writeObject = (index, subindex, value, type) => cycling.sdo.download(slaveName, index, subindex, value, type);
  return io;
}

/**
 * An Axis on a drive of a cycling master, ticked by its application cycle (start() with the
 * default `loop`). `binding` is the slave name, or names the variables.
 */
export function attachAxis<V extends VariableSpecs>(cycling: CyclingMaster<V>, binding: string | AxisBinding, options: AxisOptions = {}): Axis {
  return new Axis(axisIO(cycling, binding), options);
}
