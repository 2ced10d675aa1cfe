// SPDX-License-Identifier: MIT
// Loading the master, in the order IgH's ethercatctl uses: ec_master with main_devices (and
// backup_devices) first, then per native driver take the cards away from their stock driver
// (unload its module when no other card uses it, else unbind just these cards in sysfs) and
// load ec_<driver>; the generic driver last. Everything done is pushed on an undo stack and
// rolled back in reverse order when a step fails, and the error shows the end of dmesg.
import { isLoaded, loadedModules, masterParams, type LoadedModule } from '../detect/modules.js';
import type { NetworkCard } from '../detect/nics.js';
import type { Probe } from '../detect/probe.js';
import { ProvisionError, asProvisionError } from '../errors.js';
import { DRIVERS, driverInfo, type DriverKey } from '../igh/drivers.js';
import type { Session } from '../session.js';
import { tailLines } from '../text.js';
import type { MasterPlan, Takeover } from './plan.js';

const DMESG_TAIL = 15;

/** ec_master's parameters for these masters, as modprobe arguments. */
export function masterArgs(masters: MasterPlan[]): string[] {
  const main = masters.map((m) => m.main.mac);
  const backup = masters.map((m) => m.backup?.mac ?? '');
  const args = [`main_devices=${main.join(',')}`];
  if (backup.some((b) => b !== '')) args.push(`backup_devices=${backup.join(',')}`);
  return args;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  const norm = (l: readonly string[]): string => l.map((x) => x.toLowerCase()).join(',').replace(/,+$/, '');
  return norm(a) === norm(b);
}

/** The last lines of the kernel log ([] when dmesg is unavailable). */
export async function dmesgTail(probe: Probe, n = DMESG_TAIL): Promise<string[]> {
  const r = await probe.run(['dmesg']);
  return r.code === 0 ? tailLines(r.stdout, n) : [];
}

const EC_DRIVER_MODULES = new Set(DRIVERS.map((d) => d.module));

export interface LoadInput {
  masters: MasterPlan[];
  drivers: DriverKey[];
  takeovers: Takeover[];
  /** A new module was installed in this run: reload even if the parameters match. */
  forceReload: boolean;
}

interface Undo {
  what: string;
  run: () => Promise<unknown>;
}

/** Bring the modules to the wanted state; returns the detail line. */
export async function loadModules(s: Session, input: LoadInput): Promise<string> {
  const probe: Probe = { fs: s.deps.fs, run: (argv) => s.query(argv) };
  const want = masterArgs(input.masters);
  const current = await masterParams(probe);
  const loaded = await loadedModules(probe);
  const wantMain = input.masters.map((m) => m.main.mac);
  const wantBackup = input.masters.map((m) => m.backup?.mac ?? '');
  const masterOk = current !== null && sameList(current.main, wantMain) && sameList(current.backup, wantBackup) && !input.forceReload;
  const driversOk = input.drivers.every((d) => loaded.has(driverInfo(d).module));
  const pendingTakeovers = input.takeovers.filter((t) => t.cards.length > 0);
  if (masterOk && driversOk && pendingTakeovers.length === 0) {
    return `already loaded: ec_master ${want.join(' ')}, ${input.drivers.map((d) => driverInfo(d).module).join(', ')}`;
  }

  const undo: Undo[] = [];
  const done: string[] = [];
  try {
    if (current !== null && !masterOk) {
      await unloadMaster(s, loaded, input.forceReload ? 'to use the module just installed' : `loaded with main_devices=${current.main.join(',')}`);
      done.push(s.say('unloaded the running master', 'would unload the running master'));
    }
    if (!masterOk) {
      await s.change(['modprobe', 'ec_master', ...want]);
      undo.push({ what: 'unload ec_master', run: () => s.change(['modprobe', '-r', 'ec_master'], { allowFail: true }) });
      done.push(s.say(`loaded ec_master ${want.join(' ')}`, `would load ec_master ${want.join(' ')}`));
    }
    for (const key of input.drivers) {
      const module = driverInfo(key).module;
      const takeover = pendingTakeovers.find((t) => t.driver === key);
      // Reloading the master unloaded every ec_ driver; otherwise ask the kernel.
      const moduleLoaded = masterOk && (await isLoaded(probe, module));
      if (takeover) {
        // ec_<driver> probes cards only when it loads: unload it, free the cards, load it again.
        if (moduleLoaded) {
          await s.change(['modprobe', '-r', module]);
          undo.push({ what: `reload ${module}`, run: () => s.change(['modprobe', module], { allowFail: true }) });
        }
        await takeCards(s, takeover, undo);
        const cards = takeover.cards.map((c) => c.name).join(', ');
        done.push(
          takeover.method === 'unload'
            ? s.say(`unloaded ${takeover.stockModule} (no other card uses it)`, `would unload ${takeover.stockModule} (no other card uses it)`)
            : s.say(`unbound ${cards} from ${takeover.stockDriver}`, `would unbind ${cards} from ${takeover.stockDriver} (other cards keep it)`),
        );
      } else if (moduleLoaded) {
        continue;
      }
      await s.change(['modprobe', module]);
      undo.push({ what: `unload ${module}`, run: () => s.change(['modprobe', '-r', module], { allowFail: true }) });
      done.push(s.say(`loaded ${module}`, `would load ${module}`));
    }
  } catch (err) {
    const e = asProvisionError(err);
    const rolled: string[] = [];
    for (const u of undo.reverse()) {
      await u.run().catch(() => undefined);
      rolled.push(u.what);
    }
    if (e.code === 'MODULE_IN_USE') throw e;
    const dmesg = await dmesgTail(probe);
    throw new ProvisionError(
      'LOAD_FAILED',
      `Loading the EtherCAT master failed: ${e.message}${rolled.length ? `\nRolled back: ${rolled.join(', ')}.` : ''}${dmesg.length ? `\nEnd of the kernel log (dmesg):\n${dmesg.map((l) => `  ${l}`).join('\n')}` : ''}`,
      'Check that the modules were built for the running kernel (ecat doctor) and read the kernel log above.',
      { ...e.details, logTail: dmesg, rolledBack: rolled },
    );
  }
  return done.join('; ');
}

async function unloadMaster(s: Session, loaded: Map<string, LoadedModule>, why: string): Promise<void> {
  const master = loaded.get('ec_master');
  const drivers = [...loaded.values()].filter((m) => EC_DRIVER_MODULES.has(m.name));
  // Each open /dev/EtherCAT file holds a reference beyond the driver modules that use ec_master.
  if (master && master.refcount > master.usedBy.length) {
    throw new ProvisionError(
      'MODULE_IN_USE',
      `ec_master must be reloaded (${why}) but is in use: ${master.refcount - master.usedBy.length} open device file(s).`,
      'Stop the applications using /dev/EtherCAT* (fuser -v /dev/EtherCAT*) and run again.',
    );
  }
  for (const d of drivers) await s.change(['modprobe', '-r', d.name]);
  await s.change(['modprobe', '-r', 'ec_master']);
}

async function takeCards(s: Session, t: Takeover, undo: Undo[]): Promise<void> {
  if (t.method === 'unload') {
    await s.change(['modprobe', '-r', t.stockModule]);
    undo.push({ what: `reload ${t.stockModule}`, run: () => s.change(['modprobe', t.stockModule], { allowFail: true }) });
    return;
  }
  for (const card of t.cards) await unbind(s, card, undo);
}

async function unbind(s: Session, card: NetworkCard, undo: Undo[]): Promise<void> {
  if (!/^[A-Za-z0-9:._-]+$/.test(card.busAddress) || !/^[A-Za-z0-9_-]+$/.test(card.bus) || !/^[A-Za-z0-9_.-]+$/.test(card.driver)) {
    throw new ProvisionError('LOAD_FAILED', `Cannot unbind ${card.name}: unexpected sysfs names (${card.bus}/${card.driver}/${card.busAddress}).`);
  }
  const dir = `/sys/bus/${card.bus}/drivers/${card.driver}`;
  await s.writeControl(`${dir}/unbind`, card.busAddress);
  undo.push({ what: `rebind ${card.name} to ${card.driver}`, run: () => s.writeControl(`${dir}/bind`, card.busAddress) });
}

export { EC_DRIVER_MODULES };
