// SPDX-License-Identifier: MIT
// Fault injection on the virtual master, addressed by configured slave name or ring position:
// a slave lost, an AL error, a working counter drop, the link down, an SDO abort. For tests and
// demos of an application's error handling; a real device has no such control (`sim` is null).
import type { NativeSimControl, NativeSimFault } from '../binding/native.js';
import { alStateCode } from '../format/al-state.js';
import { runtimeError } from './errors.js';
import type { AlStateName } from './events/types.js';
import { resolveSlave } from './mailbox.js';
import type { SlaveRef } from './mailbox.js';
import type { ConfiguredSlave } from './api.js';

/** A fault to inject; `slave` is a configured name or a ring position. */
export type SimFault =
  | { kind: 'al-error'; slave: SlaveRef; state: AlStateName | number; code: number }
  | { kind: 'slave-lost'; slave: SlaveRef; lost: boolean }
  | { kind: 'link'; up: boolean }
  | { kind: 'wkc-drop'; slave: SlaveRef; drop: boolean }
  | { kind: 'sdo-abort'; slave: SlaveRef; index: number; subindex: number; code: number };

/** Fault injection on the virtual master. */
export interface SimControl {
  /** Inject (or clear, with lost/drop/up set back) a fault. */
  fault(fault: SimFault): void;
}

/** The control for a master, or null when it is not the virtual master. */
export function simControl(native: Partial<NativeSimControl> & { kind: string }, slaves: () => readonly ConfiguredSlave[], assertOpen: (call: string) => void): SimControl | null {
  if (native.kind !== 'sim' || typeof native.simFault !== 'function') return null;
  const inject = native.simFault.bind(native);
  return {
    fault(f: SimFault): void {
      assertOpen('sim.fault()');
      const at = (ref: SlaveRef): number => resolveSlave({ slaves: slaves() }, ref).position;
      let raw: NativeSimFault;
      switch (f.kind) {
        case 'al-error': {
          const state = typeof f.state === 'number' ? f.state : alStateCode(f.state);
          if (state === undefined) throw runtimeError('INVALID_ARGUMENT', `unknown AL state ${String(f.state)}: expected INIT, PREOP, BOOT, SAFEOP or OP`);
          raw = { kind: 'al-error', slave: at(f.slave), alState: state, code: f.code };
          break;
        }
        case 'slave-lost':
          raw = { kind: 'slave-lost', slave: at(f.slave), lost: f.lost };
          break;
        case 'link':
          raw = { kind: 'link', up: f.up };
          break;
        case 'wkc-drop':
          raw = { kind: 'wkc-drop', slave: at(f.slave), drop: f.drop };
          break;
        case 'sdo-abort':
          raw = { kind: 'sdo-abort', slave: at(f.slave), index: f.index, subindex: f.subindex, code: f.code };
          break;
        default:
          throw runtimeError('INVALID_ARGUMENT', `unknown fault kind ${String((f as { kind?: unknown }).kind)}`);
      }
      inject(raw);
    },
  };
}
