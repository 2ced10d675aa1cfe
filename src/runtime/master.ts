// SPDX-License-Identifier: MIT
// Master: the entry point of the application API. Master.open() opens a device or the virtual
// master; configure() loads and validates the configuration through src/config, checks it
// against the live bus (a missing slave or a wrong identity is an error naming the configuration
// path, never ignored), reserves the master and applies the plan natively.
import { EtherCATError, toEtherCATError } from '../binding/errors.js';
import type { NativeMaster, NativeMasterState } from '../binding/native.js';
import { openMaster } from '../binding/open.js';
import type { OpenMasterOptions } from '../binding/open.js';
import { inspectorOf } from '../config/bus/inspector.js';
import type { ConfiguredMaster, ConfiguredSlave, MasterPhase } from './api.js';
import { checkDeclared, checkVariableNames } from './declare.js';
import { runtimeError } from './errors.js';
import type { VariableSpecs, UntypedVariables } from './image/types.js';
import { ConfiguredImpl } from './phases.js';
import { checkPlan, nativePlan, planFromInput } from './plan.js';
import type { ConfigInput, PlanInputOptions } from './plan.js';
import { Session } from './session.js';
import type { SimControl } from './sim.js';
import { stateName } from './events/ring.js';
import type { AlStateName } from './events/types.js';

/** Options of Master.open(). */
export interface MasterOpenOptions extends OpenMasterOptions {
  /**
   * Before /dev/EtherCAT<master> is opened (not for `sim` or an explicit `device`): 'explain'
   * (default) runs the readiness check and throws NOT_READY listing what is missing and the
   * commands that fix it; 'provision' installs and loads what is missing first (root, settings
   * saved by `ecat provision`); 'off' opens without checking.
   */
  readiness?: 'explain' | 'provision' | 'off';
  /** Shorthand for `readiness: 'provision'` (as `ecat --ensure`): provision what is missing, as root. */
  ensure?: boolean;
  /** Close the master when the process exits (default true). */
  closeOnExit?: boolean;
  /** An already opened native master (tests, custom bindings); device and sim options are then ignored. */
  native?: NativeMaster;
}

/** Options of configure(). */
export interface ConfigureOptions<V extends VariableSpecs = UntypedVariables> extends PlanInputOptions {
  /** The variables the application declares (defineVariables()); checked against the configuration. */
  variables?: V;
}

/** A slave as the bus reports it (before any configuration). */
export interface BusSlave {
  position: number;
  name: string;
  vendorId: number;
  productCode: number;
  revision: number;
  alias: number;
  alState: AlStateName;
}

/** An open master (phase `opened`): inspect the bus, then configure() it. */
export class Master implements MasterPhase {
  /** @internal */
  private readonly session: Session;

  private constructor(session: Session) {
    this.session = session;
  }

  /**
   * Open /dev/EtherCAT<N> (`master`, `device`) or the virtual master (`sim`: a topology file).
   * Throws EtherCATError: NOT_READY (with what is missing and how to fix it), EACCES, ABI_UNSUPPORTED, ...
   */
  static async open(options: MasterOpenOptions = {}): Promise<Master> {
    let native = options.native;
    if (!native) {
      const readiness = options.readiness ?? (options.ensure ? 'provision' : 'explain');
      if (readiness === 'off') native = openMaster(options);
      else {
        // Loaded on demand: the readiness check pulls in the provisioning module.
        const { openMasterReady } = await import('../binding/ready.js');
        native = await openMasterReady({ ...options, ensure: readiness === 'provision' });
      }
    }
    return new Master(new Session(native, options.closeOnExit ?? true));
  }

  get phase(): MasterPhase['phase'] {
    return this.session.phase;
  }

  /** 'kernel' for /dev/EtherCAT<N>, 'sim' for the virtual master. */
  get kind(): 'kernel' | 'sim' {
    return this.session.native.kind;
  }

  /** The device path, or `sim:<topology>`. */
  get path(): string {
    return this.session.native.path;
  }

  /** Fault injection on the virtual master; null on a real device. */
  get sim(): SimControl | null {
    return this.session.sim;
  }

  /** The slaves on the bus as scanned. */
  scan(): BusSlave[] {
    this.session.assertOpen('scan()');
    const native = this.session.native;
    const n = native.master().slaveCount;
    const out: BusSlave[] = [];
    for (let i = 0; i < n; i++) {
      const s = native.slave(i);
      out.push({ position: i, name: s.name, vendorId: s.vendorId, productCode: s.productCode, revision: s.revisionNumber, alias: s.alias, alState: stateName(s.alState) });
    }
    return out;
  }

  /** Link and AL states as the master sees them. */
  state(): NativeMasterState {
    this.session.assertOpen('state()');
    return this.session.native.masterState();
  }

  /**
   * Configure the bus: `config` is a configuration file (YAML/JSON), an object in the file's
   * shape, a loaded BusConfig or a BusPlan. Throws ConfigError (every problem with file, line and
   * path, including bus mismatches), VARIABLE_MISMATCH, DUPLICATE_VARIABLE, READ_ONLY.
   */
  async configure<V extends VariableSpecs = UntypedVariables>(config: ConfigInput, options: ConfigureOptions<V> = {}): Promise<ConfiguredMaster<V>> {
    const s = this.session;
    s.assert('configure()', 'opened');
    if (s.busy) throw runtimeError('WRONG_PHASE', 'configure() is already running for this master');
    const native = s.app('configure()');
    if (!native.writable) {
      throw new EtherCATError(`configure(): ${native.path} is open read-only; configuring needs write access`, {
        code: 'READ_ONLY',
        path: native.path,
        hint: "Open it with access 'rw' and make sure your user may write the device ('ecat doctor').",
      });
    }
    s.busy = true;
    try {
      const planned = await planFromInput(config, options);
      s.assert('configure()', 'opened'); // closed while the file was read?
      checkVariableNames(planned);
      const checked = checkPlan(planned, inspectorOf(native));
      checkDeclared(options.variables, checked.plan);
      const nplan = nativePlan(checked.plan);
      native.request();
      let layout;
      try {
        layout = native.configure(nplan);
      } catch (err) {
        // The master is reserved and half configured; IgH only undoes that by releasing it.
        s.close();
        const e = toEtherCATError(err);
        throw new EtherCATError(`configure(): ${e.message} (the master was released and closed; open it again)`, { code: e.code, cause: e, ...(e.errno !== undefined ? { errno: e.errno } : {}), ...(e.request ? { request: e.request } : {}) });
      }
      s.plan = checked.plan;
      s.warnings = checked.warnings;
      s.layout = layout;
      s.slaves = checked.plan.slaves.map(
        (p, i): ConfiguredSlave => ({ name: p.name, index: i, position: checked.positions[i] ?? p.position, alias: p.alias, vendorId: p.vendorId, productCode: p.productCode, path: p.path }),
      );
      s.phase = 'configured';
      return new ConfiguredImpl<V>(s);
    } finally {
      s.busy = false;
    }
  }

  close(): void {
    this.session.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
