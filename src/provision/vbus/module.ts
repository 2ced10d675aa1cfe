// SPDX-License-Identifier: MIT
// Loading ecat_vbus.ko: `modprobe ecat_vbus` with the module parameters of kernel/README.md
// (masters=, abi=; no main_devices: the virtual master has no network card). A module that is
// loaded with other parameters, or older than the one this run installed, is unloaded first,
// unless a file is open on one of its nodes (each open file holds a reference). A failure
// shows modprobe's message and the end of the kernel log.
import { isLoaded, loadedModules } from '../detect/modules.js';
import type { Probe } from '../detect/probe.js';
import { ProvisionError } from '../errors.js';
import { dmesgTail } from '../load/modules.js';
import type { Session } from '../session.js';
import { tailLines } from '../text.js';
import { VBUS_MODULE } from './package.js';

const PARAMS = `/sys/module/${VBUS_MODULE}/parameters`;

export interface VbusParams {
  masters: number;
  abi: string;
}

/** The loaded module's parameters, or null when it is not loaded. */
export async function vbusParams(probe: Probe): Promise<VbusParams | null> {
  if (!(await isLoaded(probe, VBUS_MODULE))) return null;
  const masters = Number(((await probe.fs.readText(`${PARAMS}/masters`)) ?? '').trim());
  const abi = ((await probe.fs.readText(`${PARAMS}/abi`)) ?? '').trim();
  return { masters: Number.isInteger(masters) && masters > 0 ? masters : 1, abi };
}

export interface VbusLoadInput {
  /** Wanted parameters; null: whatever the module has (its defaults when it loads now). */
  masters: number | null;
  abi: string | null;
  /** A new module was installed in this run: reload a loaded one. */
  forceReload: boolean;
}

/** modprobe arguments for the wanted parameters. */
export function vbusArgs(input: Pick<VbusLoadInput, 'masters' | 'abi'>): string[] {
  return [...(input.masters !== null ? [`masters=${input.masters}`] : []), ...(input.abi !== null ? [`abi=${input.abi}`] : [])];
}

function describe(p: VbusParams): string {
  return `${VBUS_MODULE} masters=${p.masters} abi=${p.abi || '?'}`;
}

/** Bring ecat_vbus to the wanted state; returns the step's detail. */
export async function loadVbusModule(s: Session, input: VbusLoadInput): Promise<string> {
  const probe: Probe = { fs: s.deps.fs, run: (argv) => s.query(argv) };
  const current = await vbusParams(probe);
  const matches = current !== null && (input.masters === null || current.masters === input.masters) && (input.abi === null || current.abi === input.abi);
  if (current && matches && !input.forceReload) return `already loaded: ${describe(current)}`;
  const done: string[] = [];
  if (current) {
    const why = input.forceReload && matches ? 'to use the module just installed' : `loaded with masters=${current.masters} abi=${current.abi}`;
    const mod = (await loadedModules(probe)).get(VBUS_MODULE);
    if (mod && mod.refcount > 0) {
      throw new ProvisionError(
        'MODULE_IN_USE',
        `${VBUS_MODULE} must be reloaded (${why}) but is in use: ${mod.refcount} open file(s) on /dev/EtherCAT*.`,
        'Stop the applications using /dev/EtherCAT* (fuser -v /dev/EtherCAT*) and run again.',
      );
    }
    await s.change(['modprobe', '-r', VBUS_MODULE]);
    done.push(s.say(`unloaded ${VBUS_MODULE} (${why})`, `would unload ${VBUS_MODULE} (${why})`));
  }
  const argv = ['modprobe', VBUS_MODULE, ...vbusArgs(input)];
  const r = await s.change(argv, { allowFail: true });
  if (r.code !== 0) {
    const said = tailLines(`${r.stdout}\n${r.stderr}`, 5);
    const dmesg = await dmesgTail(probe);
    throw new ProvisionError(
      'LOAD_FAILED',
      `Loading ${VBUS_MODULE} failed: ${argv.join(' ')} exited with ${r.code}${said.length ? `: ${said.join(' ')}` : ''}.${dmesg.length ? `\nEnd of the kernel log (dmesg):\n${dmesg.map((l) => `  ${l}`).join('\n')}` : ''}`,
      'Check that the module was built for the running kernel (ecat doctor) and read the kernel log above; an unknown abi= is refused there.',
      { command: argv, exitCode: r.code, logTail: dmesg },
    );
  }
  const params = vbusArgs(input);
  done.push(s.say(`loaded ${VBUS_MODULE}${params.length ? ` ${params.join(' ')}` : ''}`, `would load ${VBUS_MODULE}${params.length ? ` ${params.join(' ')}` : ''}`));
  return done.join('; ');
}
