// SPDX-License-Identifier: MIT
// A fake CiA 402 drive for the Axis unit tests, behind the AxisIO interface: the power state
// machine driven by the controlword (one transition per cycle, written from the CiA 402 state
// table), modes that take effect a cycle later, CSP (position follows the set-point), CSV
// (velocity follows the target, position integrates), PP (new-set-point handshake, moves at the
// profile velocity, target reached), faults with a fault reaction, quick stop with deceleration.
// cycle() is one application cycle: the axis runs, then the drive reacts to what it wrote.
import type { AxisIO } from '../../src/cia402/axis.js';
import type { DriveState } from '../../src/cia402/state.js';

const STATUS: Record<Exclude<DriveState, 'UNKNOWN'>, number> = {
  NOT_READY_TO_SWITCH_ON: 0x0000,
  SWITCH_ON_DISABLED: 0x0040,
  READY_TO_SWITCH_ON: 0x0021,
  SWITCHED_ON: 0x0033,
  OPERATION_ENABLED: 0x0037,
  QUICK_STOP_ACTIVE: 0x0017,
  FAULT_REACTION_ACTIVE: 0x001f,
  FAULT: 0x0008,
};

export interface FakeDriveOptions {
  cycleTimeNs?: number;
  /** Map these optional objects (default all). */
  without?: Array<'mode' | 'modeDisplay' | 'targetPosition' | 'targetVelocity' | 'actualPosition' | 'actualVelocity' | 'errorCode'>;
  /** Give an SDO channel. */
  sdo?: boolean;
  /** Position lag in CSP: the actual position moves at most this much per cycle (default unlimited). */
  maxStep?: number;
  /** Set-point queues of this depth on the target position and velocity (see stall()). */
  queueDepth?: number;
}

/**
 * A set-point queue as the runtime's, over a map: a value for bus cycle k is taken in the fake's
 * cycle k - 1 (a tick that saw cycle c writes set-points that apply from cycle c + 1 on).
 */
export class FakeQueue {
  readonly values = new Map<number, number>();
  clears = 0;
  constructor(
    readonly depth: number,
    private readonly now: () => number,
  ) {}
  write(cycle: number, value: number): boolean {
    const c = this.now();
    if (!(cycle > c && cycle <= c + this.depth)) return false;
    this.values.set(cycle, value);
    return true;
  }
  clear(): void {
    this.values.clear();
    this.clears++;
  }
}

export class FakeDrive {
  state: Exclude<DriveState, 'UNKNOWN'> = 'NOT_READY_TO_SWITCH_ON';
  controlword = 0;
  mode = 0;
  modeDisplay = 0;
  targetPosition = 0;
  targetVelocity = 0;
  position = 0;
  velocity = 0;
  errorCode = 0;
  cycle = 0;
  /** Controlword written each cycle. */
  history: number[] = [];
  /** SDO writes: "index:subindex" -> value. */
  objects = new Map<string, number>();
  /** Ignore the controlword (a drive stuck in a state). */
  stuck = false;
  online = true;
  private lastCw = 0;
  private ppTarget: number | null = null;
  private ack = false;
  private faultReaction = 0;
  private ticks: Array<(cycle: number) => void> = [];
  private ends: Array<() => void> = [];
  readonly positionQueue: FakeQueue | null = null;
  readonly velocityQueue: FakeQueue | null = null;
  readonly io: AxisIO;
  readonly cycleTimeNs: number;

  constructor(private readonly options: FakeDriveOptions = {}) {
    this.cycleTimeNs = options.cycleTimeNs ?? 1_000_000;
    const without = new Set(options.without ?? []);
    const io: AxisIO = {
      name: 'drive',
      cycleTimeNs: this.cycleTimeNs,
      statusword: () => this.statusword(),
      setControlword: (v) => {
        this.controlword = v;
      },
      online: () => this.online,
      onCycle: (tick) => {
        this.ticks.push(tick);
        return () => (this.ticks = this.ticks.filter((t) => t !== tick));
      },
      onEnd: (end) => {
        this.ends.push(end);
        return () => (this.ends = this.ends.filter((e) => e !== end));
      },
    };
    if (!without.has('mode')) io.setMode = (v) => (this.mode = v);
    if (!without.has('modeDisplay')) io.modeDisplay = () => this.modeDisplay;
    if (!without.has('targetPosition')) io.setTargetPosition = (v) => (this.targetPosition = v);
    if (!without.has('targetVelocity')) io.setTargetVelocity = (v) => (this.targetVelocity = v);
    if (!without.has('actualPosition')) io.actualPosition = () => this.position;
    if (!without.has('actualVelocity')) io.actualVelocity = () => this.velocity;
    if (!without.has('errorCode')) io.errorCode = () => this.errorCode;
    if (options.queueDepth) {
      this.positionQueue = new FakeQueue(options.queueDepth, () => this.cycle);
      this.velocityQueue = new FakeQueue(options.queueDepth, () => this.cycle);
      io.targetPositionAhead = this.positionQueue;
      io.targetVelocityAhead = this.velocityQueue;
    }
    if (options.sdo) {
      io.writeObject = async (index, subindex, value) => {
        this.objects.set(`${index.toString(16)}:${subindex}`, value);
        if (index === 0x6060) this.mode = value;
      };
    }
    this.io = io;
  }

  statusword(): number {
    let sw = STATUS[this.state] | 0x0200; // remote
    if (this.modeDisplay === 1) {
      if (this.ack) sw |= 1 << 12;
      if (this.ppTarget === null || this.position === this.ppTarget) sw |= 1 << 10;
    } else if (this.state === 'OPERATION_ENABLED' && this.position === this.targetPosition) sw |= 1 << 10;
    return sw;
  }

  /** The time the axis sees, in ms: bus cycles times the cycle time. */
  now = (): number => (this.cycle * this.cycleTimeNs) / 1e6;

  /** Raise a fault: fault reaction for 2 cycles, then FAULT. */
  fault(code: number): void {
    this.errorCode = code;
    this.state = 'FAULT_REACTION_ACTIVE';
    this.faultReaction = 2;
  }

  /** Run application cycles: the axis first (it reads the state of the previous cycle), then the drive. */
  run(n = 1): void {
    for (let i = 0; i < n; i++) {
      this.cycle++;
      for (const t of this.ticks) t(this.cycle);
      this.history.push(this.controlword);
      this.apply();
    }
  }

  /**
   * Bus cycles without application cycles (the event loop is blocked): the axis does not run;
   * the drive takes what the queues hold for each cycle, else keeps its set-points.
   */
  stall(n: number): void {
    for (let i = 0; i < n; i++) {
      this.cycle++;
      const p = this.positionQueue?.values.get(this.cycle + 1);
      if (p !== undefined) this.targetPosition = p;
      const v = this.velocityQueue?.values.get(this.cycle + 1);
      if (v !== undefined) this.targetVelocity = v;
      this.history.push(this.controlword);
      this.apply();
    }
  }

  /** Run until `done()` or `max` cycles; returns the cycles run. */
  async until(p: Promise<unknown>, max = 100000): Promise<number> {
    let settled = false;
    p.then(
      () => (settled = true),
      () => (settled = true),
    );
    let n = 0;
    while (!settled && n < max) {
      this.run();
      n++;
      if (n % 50 === 0) await Promise.resolve();
      await Promise.resolve();
    }
    return n;
  }

  end(): void {
    for (const e of this.ends) e();
  }

  /** React to the controlword and targets written (one drive cycle). */
  apply(): void {
    const cw = this.controlword;
    const rising7 = (cw & 0x80) !== 0 && (this.lastCw & 0x80) === 0;
    this.lastCw = cw;
    this.modeDisplay = this.mode;
    if (!this.stuck) this.transition(cw, rising7);
    this.motion(cw);
  }

  private transition(cw: number, rising7: boolean): void {
    const voltage = (cw & 0x02) !== 0;
    const quick = (cw & 0x04) === 0; // active low
    const cmd = cw & 0x0f;
    switch (this.state) {
      case 'NOT_READY_TO_SWITCH_ON':
        this.state = 'SWITCH_ON_DISABLED';
        return;
      case 'SWITCH_ON_DISABLED':
        if ((cw & 0x87) === 0x06) this.state = 'READY_TO_SWITCH_ON';
        return;
      case 'READY_TO_SWITCH_ON':
        if (!voltage || quick) this.state = 'SWITCH_ON_DISABLED';
        else if ((cmd & 0x07) === 0x07) this.state = 'SWITCHED_ON';
        return;
      case 'SWITCHED_ON':
        if (!voltage || quick) this.state = 'SWITCH_ON_DISABLED';
        else if (cmd === 0x06) this.state = 'READY_TO_SWITCH_ON';
        else if (cmd === 0x0f) this.state = 'OPERATION_ENABLED';
        return;
      case 'OPERATION_ENABLED':
        if (!voltage) this.state = 'SWITCH_ON_DISABLED';
        else if (quick) this.state = 'QUICK_STOP_ACTIVE';
        else if (cmd === 0x06) this.state = 'READY_TO_SWITCH_ON';
        else if (cmd === 0x07) this.state = 'SWITCHED_ON';
        return;
      case 'QUICK_STOP_ACTIVE':
        if (!voltage || this.velocity === 0) this.state = 'SWITCH_ON_DISABLED';
        return;
      case 'FAULT_REACTION_ACTIVE':
        if (--this.faultReaction <= 0) this.state = 'FAULT';
        return;
      case 'FAULT':
        if (rising7) {
          this.state = 'SWITCH_ON_DISABLED';
          this.errorCode = 0;
        }
        return;
    }
  }

  private motion(cw: number): void {
    const dt = this.cycleTimeNs / 1e9;
    if (this.state === 'QUICK_STOP_ACTIVE') {
      // brake: halve the velocity each cycle, then stop
      this.velocity = Math.abs(this.velocity) < 10 ? 0 : Math.trunc(this.velocity / 2);
      this.position += Math.round(this.velocity * dt);
      return;
    }
    if (this.state !== 'OPERATION_ENABLED') {
      this.velocity = 0;
      return;
    }
    switch (this.modeDisplay) {
      case 8: {
        const step = this.targetPosition - this.position;
        const max = this.options.maxStep ?? Infinity;
        const moved = Math.max(-max, Math.min(max, step));
        this.velocity = Math.round(moved / dt);
        this.position += moved;
        return;
      }
      case 9:
        this.velocity = this.targetVelocity;
        this.position += Math.round(this.velocity * dt);
        return;
      case 1: {
        const newSetpoint = (cw & 0x10) !== 0;
        if (newSetpoint && !this.ack) {
          this.ack = true;
          this.ppTarget = this.targetPosition;
        } else if (!newSetpoint) this.ack = false;
        if (this.ppTarget !== null) {
          const speed = Math.max(1, Math.round((this.objects.get('6081:0') ?? 1000) * dt));
          const d = this.ppTarget - this.position;
          this.position += Math.max(-speed, Math.min(speed, d));
        }
        return;
      }
    }
  }
}
