// SPDX-License-Identifier: MIT
// Error constructors of the application runtime. Every failure is an EtherCATError with a code a
// program can switch on; the message says what was attempted, in which phase, and what to do.
import { EtherCATError } from '../binding/errors.js';
import type { EtherCATErrorFields } from '../binding/errors.js';

/** Codes the runtime adds to EtherCATError's. */
export type RuntimeErrorCode =
  | 'WRONG_PHASE'
  | 'CLOSED'
  | 'NOT_SUPPORTED'
  | 'UNKNOWN_VARIABLE'
  | 'INPUT_VARIABLE'
  | 'DUPLICATE_VARIABLE'
  | 'VARIABLE_MISMATCH'
  | 'LAYOUT_MISMATCH'
  | 'INCOMPLETE_PLAN'
  | 'CYCLE_ERROR'
  | 'CYCLE_CALLBACK'
  | 'SDO_TYPE'
  | 'NOT_READY';

/** Lifecycle phases, in order (docs/runtime.md section 1). */
export type Phase = 'opened' | 'configured' | 'active' | 'cycling' | 'closed';

/** What to call to get from one phase to the next, for hints. */
const HOW: Record<Phase, string> = {
  opened: 'Master.open()',
  configured: 'master.configure()',
  active: 'configured.activate()',
  cycling: 'active.start()',
  closed: 'close()',
};

/** `call` is not allowed in `phase`; `needs` is the phase it needs. */
export function wrongPhase(call: string, phase: Phase, needs: Phase | Phase[]): EtherCATError {
  if (phase === 'closed') return closedError(call);
  const list = Array.isArray(needs) ? needs : [needs];
  const want = list.join(' or ');
  const first = list[0] ?? 'opened';
  return new EtherCATError(`${call} needs the master to be ${want}, but it is ${phase}`, {
    code: 'WRONG_PHASE',
    hint: `Use the object ${HOW[first]} returned (each phase has its own object; an object from an earlier phase is spent once the master moved on).`,
  });
}

/** `call` on a master that was closed. */
export function closedError(call: string): EtherCATError {
  return new EtherCATError(`${call}: the master is closed`, {
    code: 'CLOSED',
    hint: 'Open it again with Master.open(); a closed master cannot be reused.',
  });
}

/** An EtherCATError with a runtime code. */
export function runtimeError(code: RuntimeErrorCode | EtherCATErrorFields['code'], message: string, extra: Omit<EtherCATErrorFields, 'code'> = {}): EtherCATError {
  return new EtherCATError(message, { ...extra, code });
}
