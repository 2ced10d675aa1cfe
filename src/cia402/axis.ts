// SPDX-License-Identifier: MIT
// Axis: one CiA 402 drive driven from the application cycle. Every cycle it reads the statusword,
// advances the operation in progress (enable, disable, quick stop, fault reset, mode change, a
// move or a jog) and writes the controlword and set-points. Operations are Promises with
// timeouts; failures are DriveErrors naming the drive's state, statusword and error code.
// CSP moves are generated here as trapezoidal profiles sampled at bus time (cycle count times
// cycle time), so a late application cycle does not distort the path; PP moves use the drive's
// new-set-point handshake; CSV jogs ramp the target velocity.
import { DriveError } from './errors.js';
import type { DriveErrorCode } from './errors.js';
import { modeName, modeValue } from './modes.js';
import type { DriveMode } from './modes.js';
import { commandTowards, CW, driveState, SW } from './state.js';
import type { DriveGoal, DriveState } from './state.js';
import { TrapezoidProfile } from './trajectory.js';

/** How an Axis reaches its drive: process variables (some optional) and the cycle. */
export interface AxisIO {
  readonly name: string;
  /** Bus cycle time in ns (for CSP set-points). */
  readonly cycleTimeNs: number;
  statusword(): number;
  setControlword(value: number): void;
  /** 0x6061; without it mode changes are not confirmed. */
  modeDisplay?(): number;
  /** 0x6060 as a PDO. */
  setMode?(value: number): void;
  actualPosition?(): number;
  actualVelocity?(): number;
  setTargetPosition?(value: number): void;
  /**
   * A set-point queue on the target position (start({ setpoints })): CSP moves then write their
   * profile ahead, so a late application cycle does not repeat a set-point.
   */
  targetPositionAhead?: AheadQueue;
  /** The same for the target velocity: CSV jog ramps are written ahead. */
  targetVelocityAhead?: AheadQueue;
  setTargetVelocity?(value: number): void;
  /** 0x603F. */
  errorCode?(): number;
  /** Whether the slave is on the bus (default: always). */
  online?(): boolean;
  /**
   * Something that happened outside the axis since bus cycle `since` (when the drive was last
   * seen enabled) and explains a state the axis did not command, e.g. an output watchdog trip.
   */
  explain?(since: number): string | undefined;
  /** SDO writes, for what is not mapped (modes of operation, PP profile parameters). */
  writeObject?(index: number, subindex: number, value: number, type: 'int8' | 'uint32'): Promise<void>;
  /** Call `tick(cycle)` once per application cycle, after inputs were taken; returns an unsubscribe. */
  onCycle(tick: (cycle: number) => void): () => void;
  /** Call `end()` when the cycling run ends; returns an unsubscribe. */
  onEnd(end: () => void): () => void;
}

/** A set-point queue as the Axis uses it (runtime's SetpointQueue). */
export interface AheadQueue {
  readonly depth: number;
  write(cycle: number, value: number): boolean;
  clear(): void;
}

/**
 * Write `valueAt(k)` for every bus cycle k the queue reaches from the tick that saw `cycle`,
 * starting after `queuedUpTo`; returns the last cycle written.
 */
function fillAhead(queue: AheadQueue, cycle: number, queuedUpTo: number, valueAt: (k: number) => number): number {
  let k = Math.max(queuedUpTo + 1, cycle + 1);
  for (; k <= cycle + queue.depth; k++) if (!queue.write(k, valueAt(k))) break;
  return k - 1;
}

/** Options of an Axis. */
export interface AxisOptions {
  /** Wall clock in ms for timeouts (default performance.now). */
  now?: () => number;
  /** A move is complete when the actual position is within this many units of the target (default 10). */
  positionWindow?: number;
}

/** Timeout of one operation. */
export interface OperationOptions {
  timeoutMs?: number;
}

/** Options of moveTo(). Units: position units, per second, per second squared. */
export interface MoveOptions extends OperationOptions {
  velocity: number;
  acceleration: number;
  /** Default: acceleration. */
  deceleration?: number;
  /** Override the axis' position window for this move. */
  window?: number;
}

/** What a completed move reports. */
export interface MoveResult {
  target: number;
  /** Actual position when the move completed. */
  position: number;
  /** Bus cycles from start to completion. */
  cycles: number;
  /** Planned duration of the profile in ms (CSP), 0 for PP. */
  profileMs: number;
}

/** Options of jog(). */
export interface JogOptions extends OperationOptions {
  /** Ramp in velocity units per second (CSV). Default: a step. */
  acceleration?: number;
}

interface Step {
  state: DriveState;
  sw: number;
  cycle: number;
}

interface Operation {
  name: string;
  started: number;
  timeoutMs: number;
  /** true: done (resolve with result()). Throws DriveError to fail. */
  step(s: Step): boolean;
  result(): unknown;
  resolve(value: unknown): void;
  reject(err: Error): void;
  /** Motion operations reject new motion; state operations interrupt them. */
  motion: boolean;
  /** What to say when the operation times out. */
  waiting: string;
}

const DEFAULT_TIMEOUT: Record<string, number> = { enable: 5000, disable: 2000, quickStop: 5000, faultReset: 2000, setMode: 1000, jog: 10000 };
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const clampInt32 = (x: number): number => Math.max(INT32_MIN, Math.min(INT32_MAX, x));

/** One CiA 402 drive. */
export class Axis {
  readonly name: string;
  private readonly now: () => number;
  private readonly window: number;
  private op: Operation | null = null;
  /** Bits 0-3 and 7 of the controlword (state machine command). */
  private command: number = CW.DISABLE_VOLTAGE;
  /** Bits 4-6 and 8 (mode specific). */
  private modeBits = 0;
  private commandedPosition: number | null = null;
  private commandedVelocity = 0;
  private lastStatusword = 0;
  /** A move or a jog has values in a set-point queue. */
  private queued = false;
  /** Bus cycle in which the drive was last seen OPERATION_ENABLED (-1: never). */
  private lastEnabledCycle = -1;
  private unsubscribe: Array<() => void> = [];
  private disposed = false;

  constructor(
    private readonly io: AxisIO,
    options: AxisOptions = {},
  ) {
    this.name = io.name;
    this.now = options.now ?? (() => performance.now());
    this.window = options.positionWindow ?? 10;
    this.unsubscribe.push(io.onCycle((cycle) => this.update(cycle)));
    this.unsubscribe.push(io.onEnd(() => this.dispose('the cycling master stopped')));
  }

  /** The drive state as of the last cycle. */
  get state(): DriveState {
    return driveState(this.lastStatusword);
  }

  /** The statusword as of the last cycle. */
  get statusword(): number {
    return this.lastStatusword;
  }

  /** The mode the drive reports (0x6061), or null when it is not mapped. */
  get mode(): DriveMode | `mode ${number}` | null {
    return this.io.modeDisplay ? modeName(this.io.modeDisplay()) : null;
  }

  /** Actual position (0x6064), or null when not mapped. */
  get position(): number | null {
    return this.io.actualPosition ? this.io.actualPosition() : null;
  }

  /** Actual velocity (0x606C), or null when not mapped. */
  get velocity(): number | null {
    return this.io.actualVelocity ? this.io.actualVelocity() : null;
  }

  /** The name of the operation in progress, or null. */
  get busy(): string | null {
    return this.op?.name ?? null;
  }

  /** Bring the drive to OPERATION_ENABLED (shutdown, switch on, enable operation). */
  enable(options: OperationOptions = {}): Promise<void> {
    return this.stateOp('enable', 'OPERATION_ENABLED', options);
  }

  /** Take the power off the motor: to READY_TO_SWITCH_ON (or SWITCH_ON_DISABLED). */
  disable(options: OperationOptions = {}): Promise<void> {
    return this.stateOp('disable', 'READY_TO_SWITCH_ON', options);
  }

  /** Quick stop: the drive brakes with its quick stop deceleration; resolves when stopped. */
  quickStop(options: OperationOptions = {}): Promise<void> {
    return this.start<void>(
      {
        name: 'quickStop',
        motion: false,
        waiting: 'QUICK_STOP_ACTIVE or SWITCH_ON_DISABLED',
        step: (s) => {
          this.command = CW.QUICK_STOP;
          this.modeBits = 0;
          this.commandedVelocity = 0;
          if (s.state === 'FAULT' || s.state === 'FAULT_REACTION_ACTIVE') throw this.error('DRIVE_FAULT', 'quick stop', s.sw);
          return s.state === 'QUICK_STOP_ACTIVE' || s.state === 'SWITCH_ON_DISABLED' || s.state === 'READY_TO_SWITCH_ON';
        },
      },
      options,
    );
  }

  /** Clear a fault (rising edge of controlword bit 7); resolves at once when there is none. */
  faultReset(options: OperationOptions = {}): Promise<void> {
    let edges = 0;
    let low = true;
    return this.start<void>(
      {
        name: 'faultReset',
        motion: false,
        waiting: 'the fault to clear',
        step: (s) => {
          this.modeBits = 0;
          if (s.state === 'FAULT_REACTION_ACTIVE') {
            this.command = CW.DISABLE_VOLTAGE;
            return false;
          }
          if (s.state !== 'FAULT') {
            this.command = CW.DISABLE_VOLTAGE;
            return true;
          }
          // Alternate low and high so every attempt is a fresh rising edge.
          this.command = low ? CW.DISABLE_VOLTAGE : CW.FAULT_RESET;
          if (!low) edges++;
          if (edges > 0 && edges % 4 === 0) low = true;
          else low = !low;
          return false;
        },
      },
      options,
    );
  }

  /** Switch the mode of operation and wait for the drive to report it (0x6061). */
  setMode(mode: DriveMode, options: OperationOptions = {}): Promise<void> {
    const value = modeValue(mode);
    if (value === undefined) return Promise.reject(new RangeError(`${this.name}: unknown mode ${String(mode)}`));
    if (!this.io.setMode && !this.io.writeObject) return Promise.reject(this.error('NOT_SUPPORTED', `setMode('${mode}'): modes of operation (0x6060) is neither mapped nor writable by SDO`, this.lastStatusword));
    let written = false;
    let writeDone = Boolean(this.io.setMode);
    let writeError: Error | null = null;
    return this.start<void>(
      {
        name: 'setMode',
        motion: false,
        waiting: `the drive to report mode ${mode} (0x6061)`,
        step: (s) => {
          if (writeError) throw writeError;
          if (!written) {
            written = true;
            // Set-points must not jump: hold the actual position and no velocity across the switch.
            this.holdActual();
            if (this.io.setMode) this.io.setMode(value);
            else
              void this.io.writeObject?.(0x6060, 0, value, 'int8').then(
                () => void (writeDone = true),
                (e: Error) => void (writeError = e),
              );
          }
          if (s.state === 'FAULT') throw this.error('DRIVE_FAULT', `setMode('${mode}')`, s.sw);
          if (!writeDone) return false;
          return this.io.modeDisplay ? this.io.modeDisplay() === value : true;
        },
      },
      options,
    );
  }

  /**
   * Move to `target`. CSP: a trapezoidal profile with `velocity`/`acceleration` generated here;
   * PP: target and profile parameters to the drive, then the new-set-point handshake. Resolves
   * when the actual position is within the window of the target.
   */
  moveTo(target: number, options: MoveOptions): Promise<MoveResult> {
    if (!Number.isInteger(target) || target < INT32_MIN || target > INT32_MAX) return Promise.reject(new RangeError(`${this.name}: target ${target} is not an int32 position`));
    let estimate: TrapezoidProfile;
    try {
      estimate = new TrapezoidProfile(this.commandedPosition ?? this.position ?? 0, target, options);
    } catch (err) {
      return Promise.reject(new RangeError(`${this.name}: moveTo(${target}): ${(err as Error).message}`));
    }
    const mode = this.io.modeDisplay?.();
    if (mode === 1) return this.movePp(target, options);
    if (mode !== undefined && mode !== 8) {
      return Promise.reject(this.error('DRIVE_STATE', `moveTo() needs mode csp or pp, the drive is in ${modeName(mode)}`, this.lastStatusword, "Call setMode('csp') or setMode('pp') first."));
    }
    if (!this.io.setTargetPosition) return Promise.reject(this.error('NOT_SUPPORTED', 'moveTo(): target position (0x607A) is not mapped', this.lastStatusword));
    const window = options.window ?? this.window;
    let profile: TrapezoidProfile | null = null;
    let startCycle = 0;
    let endCycle = -1;
    const ahead = this.io.targetPositionAhead;
    let queuedUpTo = 0;
    return this.start<MoveResult>(
      {
        name: 'moveTo',
        motion: true,
        waiting: `position ${target}`,
        step: (s) => {
          if (s.state !== 'OPERATION_ENABLED') throw this.error(s.state === 'FAULT' || s.state === 'FAULT_REACTION_ACTIVE' ? 'DRIVE_FAULT' : 'DRIVE_STATE', `moveTo(${target})`, s.sw);
          if (!profile) {
            const from = this.commandedPosition ?? this.io.actualPosition?.() ?? 0;
            profile = new TrapezoidProfile(from, target, options);
            startCycle = s.cycle + 1; // the set-point written now applies in the next bus cycle
            queuedUpTo = s.cycle;
          }
          const t = ((s.cycle + 1 - startCycle) * this.io.cycleTimeNs) / 1e9;
          this.commandedPosition = Math.round(profile.position(t));
          if (ahead) {
            // The profile for every bus cycle the queue reaches that is not queued yet.
            const p = profile;
            queuedUpTo = fillAhead(ahead, s.cycle, queuedUpTo, (k) => clampInt32(Math.round(p.position(((k - startCycle) * this.io.cycleTimeNs) / 1e9))));
            this.queued = true;
          }
          if (t < profile.duration) return false;
          this.commandedPosition = target;
          const actual = this.io.actualPosition?.() ?? target;
          if (Math.abs(actual - target) > window) return false;
          endCycle = s.cycle;
          this.clearQueue();
          return true;
        },
        result: () => ({ target, position: this.io.actualPosition?.() ?? target, cycles: endCycle - startCycle + 1, profileMs: (profile?.duration ?? 0) * 1000 }),
      },
      { timeoutMs: options.timeoutMs ?? 2000 + 1.5 * 1000 * estimate.duration },
    );
  }

  private movePp(target: number, options: MoveOptions): Promise<MoveResult> {
    if (!this.io.setTargetPosition) return Promise.reject(this.error('NOT_SUPPORTED', 'moveTo(): target position (0x607A) is not mapped', this.lastStatusword));
    const window = options.window ?? this.window;
    let phase: 'params' | 'setpoint' | 'acknowledged' = 'params';
    let params: Promise<void> | null = null;
    let paramsDone = false;
    let paramsError: Error | null = null;
    let startCycle = 0;
    let endCycle = 0;
    return this.start<MoveResult>(
      {
        name: 'moveTo',
        motion: true,
        waiting: `the drive to acknowledge and reach position ${target} (PP)`,
        step: (s) => {
          if (s.state !== 'OPERATION_ENABLED') throw this.error(s.state === 'FAULT' || s.state === 'FAULT_REACTION_ACTIVE' ? 'DRIVE_FAULT' : 'DRIVE_STATE', `moveTo(${target})`, s.sw);
          if (paramsError) throw paramsError;
          switch (phase) {
            case 'params':
              if (!params) {
                startCycle = s.cycle;
                const w = this.io.writeObject;
                params = w
                  ? Promise.all([w(0x6081, 0, Math.round(options.velocity), 'uint32'), w(0x6083, 0, Math.round(options.acceleration), 'uint32'), w(0x6084, 0, Math.round(options.deceleration ?? options.acceleration), 'uint32')]).then(() => undefined)
                  : Promise.resolve();
                params.then(
                  () => void (paramsDone = true),
                  (e: Error) => void (paramsError = e),
                );
              }
              if (!paramsDone) return false;
              this.io.setTargetPosition?.(target);
              this.modeBits = CW.newSetpoint | CW.changeImmediately;
              phase = 'setpoint';
              return false;
            case 'setpoint':
              if ((s.sw & SW.opMode12) === 0) return false;
              this.modeBits = CW.changeImmediately; // drop bit 4: the handshake is complete
              phase = 'acknowledged';
              return false;
            case 'acknowledged': {
              if ((s.sw & SW.targetReached) === 0 || (s.sw & SW.opMode12) !== 0) return false;
              const actual = this.io.actualPosition?.() ?? target;
              if (Math.abs(actual - target) > window) return false;
              endCycle = s.cycle;
              return true;
            }
          }
        },
        result: () => ({ target, position: this.io.actualPosition?.() ?? target, cycles: endCycle - startCycle, profileMs: 0 }),
      },
      { timeoutMs: options.timeoutMs ?? 30000 },
    );
  }

  /**
   * Run at `velocity` (CSV: ramped here with `acceleration`; PV: written, the drive ramps).
   * Resolves when the commanded velocity is reached; `jog(0)` stops.
   */
  jog(velocity: number, options: JogOptions = {}): Promise<void> {
    if (!Number.isInteger(velocity) || velocity < INT32_MIN || velocity > INT32_MAX) return Promise.reject(new RangeError(`${this.name}: velocity ${velocity} is not an int32`));
    const mode = this.io.modeDisplay?.();
    if (mode !== undefined && mode !== 9 && mode !== 3) {
      return Promise.reject(this.error('DRIVE_STATE', `jog() needs mode csv or pv, the drive is in ${modeName(mode)}`, this.lastStatusword, "Call setMode('csv') first."));
    }
    if (!this.io.setTargetVelocity) return Promise.reject(this.error('NOT_SUPPORTED', 'jog(): target velocity (0x60FF) is not mapped', this.lastStatusword));
    const accel = options.acceleration;
    if (accel !== undefined && !(accel > 0)) return Promise.reject(new RangeError(`${this.name}: jog acceleration must be positive, got ${accel}`));
    let from = 0;
    let startCycle = -1;
    const ahead = this.io.targetVelocityAhead;
    let queuedUpTo = 0;
    return this.start<void>(
      {
        name: 'jog',
        motion: true,
        waiting: `velocity ${velocity}`,
        step: (s) => {
          if (s.state !== 'OPERATION_ENABLED') throw this.error(s.state === 'FAULT' || s.state === 'FAULT_REACTION_ACTIVE' ? 'DRIVE_FAULT' : 'DRIVE_STATE', `jog(${velocity})`, s.sw);
          if (startCycle < 0) {
            startCycle = s.cycle + 1;
            from = this.commandedVelocity;
            queuedUpTo = s.cycle;
          }
          if (accel === undefined) {
            this.commandedVelocity = velocity;
            this.clearQueue();
            return true;
          }
          const dir = velocity >= from ? 1 : -1;
          // The ramp at bus cycle k, clamped at the target velocity.
          const rampAt = (k: number): number => {
            const next = from + (dir * accel * ((k - startCycle) * this.io.cycleTimeNs)) / 1e9;
            return dir > 0 ? Math.min(velocity, Math.round(next)) : Math.max(velocity, Math.round(next));
          };
          this.commandedVelocity = rampAt(s.cycle + 1);
          const done = this.commandedVelocity === velocity;
          if (ahead && !done) {
            queuedUpTo = fillAhead(ahead, s.cycle, queuedUpTo, rampAt);
            this.queued = true;
          }
          if (done) this.clearQueue();
          return done;
        },
      },
      options,
    );
  }

  /**
   * One application cycle: read the statusword, advance the operation, write the controlword and
   * set-points. Called from the cycle; call it yourself (after image.sync(), before publish())
   * when the application loop is off.
   */
  update(cycle: number): void {
    if (this.disposed) return;
    const sw = this.io.statusword() & 0xffff;
    this.lastStatusword = sw;
    const state = driveState(sw);
    if (state === 'OPERATION_ENABLED') this.lastEnabledCycle = cycle;
    else {
      // Without power the set-points follow the drive, so enabling does not jump.
      this.holdActual();
    }
    const op = this.op;
    if (op) {
      let done = false;
      let failure: Error | null = null;
      if (this.io.online && !this.io.online()) failure = this.error('OFFLINE', `${op.name}(): the slave went offline`, sw);
      else {
        try {
          done = op.step({ state, sw, cycle });
        } catch (err) {
          failure = err as Error;
        }
      }
      if (!failure && !done && this.now() - op.started > op.timeoutMs) {
        failure = this.error('ETIMEDOUT', `${op.name}() timed out after ${op.timeoutMs} ms waiting for ${op.waiting}`, sw);
      }
      if (failure || done) {
        this.op = null;
        if (failure) {
          if (op.motion) this.stopMotion();
          op.reject(failure);
        } else op.resolve(op.result());
      }
    }
    this.write(state);
  }

  /** Detach from the cycle; a pending operation fails with INTERRUPTED. */
  dispose(reason = 'the axis was disposed'): void {
    if (this.disposed) return;
    this.interrupt(reason);
    this.disposed = true;
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
  }

  private write(state: DriveState): void {
    const enabled = state === 'OPERATION_ENABLED';
    if (this.commandedPosition !== null && this.io.setTargetPosition && this.io.modeDisplay?.() !== 1) {
      this.io.setTargetPosition(clampInt32(this.commandedPosition));
    }
    this.io.setTargetVelocity?.(enabled ? this.commandedVelocity : 0);
    const bits = this.command === CW.ENABLE_OPERATION ? this.modeBits : 0;
    this.io.setControlword(this.command | bits);
  }

  private holdActual(): void {
    const p = this.io.actualPosition?.();
    if (p !== undefined) this.commandedPosition = p;
    this.commandedVelocity = 0;
    this.clearQueue();
  }

  /** Drop what a move or a jog queued ahead: from now on the published set-points hold. */
  private clearQueue(): void {
    if (!this.queued) return;
    this.queued = false;
    this.io.targetPositionAhead?.clear();
    this.io.targetVelocityAhead?.clear();
  }

  private stopMotion(): void {
    this.holdActual();
    this.modeBits = 0;
  }

  private interrupt(reason: string): void {
    const op = this.op;
    if (!op) return;
    this.op = null;
    if (op.motion) this.stopMotion();
    op.reject(this.error('INTERRUPTED', `${op.name}() was interrupted: ${reason}`, this.lastStatusword));
  }

  private stateOp(name: string, goal: DriveGoal, options: OperationOptions): Promise<void> {
    return this.start<void>(
      {
        name,
        motion: false,
        waiting: goal,
        step: (s) => {
          this.modeBits = 0;
          if (s.state === 'FAULT' || s.state === 'FAULT_REACTION_ACTIVE') {
            if (goal !== 'OPERATION_ENABLED') {
              this.command = CW.DISABLE_VOLTAGE;
              return s.state === 'FAULT'; // a drive in fault has no power on the motor: that is disabled
            }
            throw this.error('DRIVE_FAULT', `cannot ${name}`, s.sw, 'Call faultReset() first; the error code (0x603F) says what the drive detected.');
          }
          if (goal === 'READY_TO_SWITCH_ON' && s.state === 'SWITCH_ON_DISABLED') {
            this.command = CW.DISABLE_VOLTAGE;
            return true;
          }
          const cw = commandTowards(s.state, goal);
          if (cw === null) {
            if (s.state === goal) {
              this.command = goal === 'OPERATION_ENABLED' ? CW.ENABLE_OPERATION : goal === 'READY_TO_SWITCH_ON' ? CW.SHUTDOWN : CW.DISABLE_VOLTAGE;
              return true;
            }
            return false; // NOT_READY_TO_SWITCH_ON or UNKNOWN: wait (the timeout names the state)
          }
          this.command = cw;
          return false;
        },
      },
      options,
    );
  }

  private start<T>(spec: Omit<Operation, 'started' | 'timeoutMs' | 'resolve' | 'reject' | 'result'> & { result?: () => T }, options: OperationOptions): Promise<T> {
    if (this.disposed) return Promise.reject(this.error('INTERRUPTED', `${spec.name}(): the axis is disposed`, this.lastStatusword));
    const current = this.op;
    if (current) {
      if (spec.motion && current.motion) {
        return Promise.reject(this.error('DRIVE_STATE', `${spec.name}(): the axis is busy with ${current.name}()`, this.lastStatusword, 'Await it, or interrupt it with quickStop() or disable().'));
      }
      this.interrupt(`superseded by ${spec.name}()`);
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT[spec.name] ?? 5000;
    if (!(timeoutMs > 0)) return Promise.reject(new RangeError(`${this.name}: timeoutMs must be positive, got ${timeoutMs}`));
    return new Promise<T>((resolve, reject) => {
      this.op = {
        ...spec,
        result: spec.result ?? (() => undefined),
        started: this.now(),
        timeoutMs,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
    });
  }

  private error(code: DriveErrorCode, what: string, sw: number, hint?: string): DriveError {
    const why = this.lastEnabledCycle >= 0 ? this.io.explain?.(this.lastEnabledCycle) : undefined;
    const text = [why, hint].filter(Boolean).join(' ');
    return new DriveError(code, this.name, what, sw, this.io.errorCode?.(), text || undefined);
  }
}
