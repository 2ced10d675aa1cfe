// SPDX-License-Identifier: MIT
// A trapezoidal (or, for short moves, triangular) motion profile from rest to rest: constant
// acceleration to the velocity limit, cruise, constant deceleration. The CSP move samples it at
// bus times, so set-points stay on the profile even when the JS application cycle is late.

/** Profile limits in position units per second (and per second squared). */
export interface ProfileLimits {
  velocity: number;
  acceleration: number;
  /** Default: `acceleration`. */
  deceleration?: number;
}

/** A rest-to-rest move. Times in seconds from the start of the move. */
export class TrapezoidProfile {
  readonly from: number;
  readonly to: number;
  /** Total duration. */
  readonly duration: number;
  /** Highest velocity reached (below the limit for short moves). */
  readonly peakVelocity: number;
  private readonly dir: number;
  private readonly accel: number;
  private readonly decel: number;
  private readonly tAccel: number;
  private readonly tCruise: number;
  private readonly tDecel: number;

  constructor(from: number, to: number, limits: ProfileLimits) {
    const v = limits.velocity;
    const a = limits.acceleration;
    const d = limits.deceleration ?? a;
    for (const [name, x] of [
      ['velocity', v],
      ['acceleration', a],
      ['deceleration', d],
    ] as const) {
      if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`profile ${name} must be a positive number, got ${x}`);
    }
    this.from = from;
    this.to = to;
    this.dir = to >= from ? 1 : -1;
    this.accel = a;
    this.decel = d;
    const distance = Math.abs(to - from);
    // Distance needed to reach v and stop again: v²/2a + v²/2d.
    const full = (v * v) / (2 * a) + (v * v) / (2 * d);
    let peak = v;
    if (distance < full) peak = Math.sqrt((2 * distance * a * d) / (a + d));
    this.peakVelocity = peak;
    this.tAccel = peak / a;
    this.tDecel = peak / d;
    const cruiseDistance = distance - (peak * peak) / (2 * a) - (peak * peak) / (2 * d);
    this.tCruise = cruiseDistance > 0 ? cruiseDistance / peak : 0;
    this.duration = this.tAccel + this.tCruise + this.tDecel;
  }

  /** Position at time t (clamped to the move). */
  position(t: number): number {
    if (t <= 0) return this.from;
    if (t >= this.duration) return this.to;
    const p = this.peakVelocity;
    let s: number;
    if (t < this.tAccel) s = 0.5 * this.accel * t * t;
    else if (t < this.tAccel + this.tCruise) s = 0.5 * p * this.tAccel + p * (t - this.tAccel);
    else {
      const left = this.duration - t;
      s = Math.abs(this.to - this.from) - 0.5 * this.decel * left * left;
    }
    return this.from + this.dir * s;
  }

  /** Velocity at time t (signed). */
  velocity(t: number): number {
    if (t <= 0 || t >= this.duration) return 0;
    let v: number;
    if (t < this.tAccel) v = this.accel * t;
    else if (t < this.tAccel + this.tCruise) v = this.peakVelocity;
    else v = this.decel * (this.duration - t);
    return this.dir * v;
  }
}
