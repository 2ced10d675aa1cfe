// SPDX-License-Identifier: MIT
// provision(): from a fresh node to "/dev/EtherCAT<N> is present and usable by the
// application's user", as a sequence of steps that each look before they act, so that running
// it again changes nothing and says so. Order: preflight, the DKMS flow (rebuild reset, source,
// add, build, install, verify), group, users, udev rule, real-time limits, load and persist
// (IgH's service is configured before it is restarted; our own boot files after a load that
// worked), wait for the device and check it, save the settings. With `virtual` the package
// is the project's own kernel module (vbus/): the same DKMS flow, group, users and udev rule,
// then `modprobe ecat_vbus`, the devices, and the topology loaded into each master.
import { masterParams } from './detect/modules.js';
import { checkDevices } from './device-step.js';
import { DkmsFlow } from './dkms/flow.js';
import type { ProvisionDeps } from './deps.js';
import { ProvisionError, asProvisionError } from './errors.js';
import { loadModules, dmesgTail } from './load/modules.js';
import { persist } from './load/persist.js';
import { resolveOptions, type ProvisionOptions, type ResolvedOptions } from './options.js';
import { ensureGroup, ensureMembers, ensureRtLimits, ensureUdevRule } from './permissions.js';
import { preflight, type Plan } from './preflight.js';
import { nodeDeps } from './real-deps.js';
import type { DeviceReport, ProvisionReport } from './report.js';
import { Session } from './session.js';
import { readSettings, settingsText, SETTINGS_PATH, type ProvisionSettings } from './settings.js';
import { formatDuration, tailLines } from './text.js';
import { loadVbusModule, vbusParams } from './vbus/module.js';
import { VBUS_MODULE } from './vbus/package.js';
import { preflightVirtual, type VbusPlan } from './vbus/plan.js';
import { loadTopologies } from './vbus/topology.js';

/**
 * Provision the node. Never throws for a failed step: the report says which step failed and
 * why (`ok: false`, `error`). Runs as root unless `dryRun`.
 */
export async function provision(options: ProvisionOptions = {}, deps: ProvisionDeps = nodeDeps()): Promise<ProvisionReport> {
  const s = new Session(deps, options.dryRun ?? false, options.onEvent);
  const started = deps.clock.now();
  let plan: Plan | VbusPlan | null = null;
  let devices: DeviceReport[] = [];
  let masters = 0;
  let error: ProvisionError | null = null;
  try {
    await s.step('preflight', 'Check the node and the options', async () => {
      const isRoot = deps.identity().uid === 0;
      const settings = await readSettings(deps.fs, isRoot).catch((err: unknown) => {
        if (options.ensure) throw err;
        s.warn(asProvisionError(err).message);
        return null;
      });
      const opts: ResolvedOptions = resolveOptions(options, settings);
      const r = opts.virtual ? await preflightVirtual(s, opts, opts.virtual) : await preflight(s, opts);
      plan = r.plan;
      return { detail: r.detail, verified: true };
    });
    const settled: Plan | VbusPlan | null = plan;
    if (settled && isVbusPlan(settled)) {
      const r = await runVirtualSteps(s, settled);
      devices = r.devices;
      masters = r.masters;
    } else if (settled) {
      devices = await runSteps(s, settled);
    }
  } catch (err) {
    error = asProvisionError(err);
  }
  return buildReport(s, plan, devices, error, deps.clock.now() - started, masters);
}

function isVbusPlan(p: Plan | VbusPlan): p is VbusPlan {
  return 'topology' in p;
}

/**
 * --virtual: the same DKMS flow for ecat_vbus.ko, the group, users and udev rule, then
 * `modprobe ecat_vbus`, the devices, and the topology loaded into each master.
 */
async function runVirtualSteps(s: Session, p: VbusPlan): Promise<{ devices: DeviceReport[]; masters: number }> {
  const o = p.opts;
  const flow = new DkmsFlow(s, p.pkg, p.kernel, p.arch, p.dkms);
  const what = `${p.pkg.name}/${p.pkg.version}`;
  if (o.rebuild) await s.step('rebuild', `Undo the build of ${what} for ${p.kernel}`, () => flow.rebuild());
  await s.step('source', `Put the source into /usr/src/${p.pkg.name}-${p.pkg.version}`, () => flow.source(o.rebuild));
  await s.step('dkms-add', `dkms add ${what}`, () => flow.add());
  await s.step('dkms-build', `dkms build ${what} -k ${p.kernel}`, () => flow.build());
  await s.step('dkms-install', `dkms install ${what} -k ${p.kernel}`, () => flow.install());
  await s.step('verify-module', 'Verify the installed module', () => flow.verify());
  await s.step('group', `Group ${o.group}`, () => ensureGroup(s, o.group));
  await s.step('users', `Users in ${o.group}`, () => ensureMembers(s, o.group, o.users));
  await s.step('udev', 'udev rule for /dev/EtherCAT*', () => ensureUdevRule(s, o.group));
  if (o.rtLimits) await s.step('rt-limits', 'Real-time limits for the group', () => ensureRtLimits(s, o.group));

  const probe = { fs: s.deps.fs, run: (a: readonly string[]) => s.query(a) };
  const title = { load: `Load the virtual master (${VBUS_MODULE})`, device: 'Wait for the device and check access', topology: 'Load the topology into each master' };
  let devices: DeviceReport[] = [];
  if (!p.load) {
    await s.step('load', title.load, async () => p.noLoadReason);
    await s.step('device', title.device, async () => p.noLoadReason);
    await s.step('topology', title.topology, async () => `${p.noLoadReason}; ${p.topology} is loaded when the module is`);
    if (o.save) await s.step('settings', `Save the settings to ${SETTINGS_PATH}`, () => saveVirtualSettings(s, p));
    return { devices, masters: p.virtual.masters ?? 1 };
  }
  const forceReload = flow.installedNow && (await vbusParams(probe)) !== null;
  await s.step('load', title.load, () => loadVbusModule(s, { masters: p.virtual.masters, abi: p.virtual.abi, forceReload }));
  const count = s.dryRun ? (p.virtual.masters ?? (await vbusParams(probe))?.masters ?? 1) : ((await vbusParams(probe))?.masters ?? p.virtual.masters ?? 1);
  if (s.dryRun) {
    await s.step('device', title.device, async () => 'not checked in a dry run');
  } else {
    await s.step('device', title.device, async () => {
      const r = await checkDevices(s, count, o.group, o.timeoutMs, VBUS_MODULE);
      devices = r.devices;
      return { detail: r.detail, verified: true };
    });
  }
  await s.step('topology', title.topology, () => loadTopologies(s, { file: p.topology, count, optional: o.ensure }));
  if (o.save) await s.step('settings', `Save the settings to ${SETTINGS_PATH}`, () => saveVirtualSettings(s, p));
  return { devices, masters: count };
}

async function saveVirtualSettings(s: Session, p: VbusPlan): Promise<string> {
  const o = p.opts;
  const settings: ProvisionSettings = {
    format: 1,
    package: { name: p.pkg.name, version: p.pkg.version },
    drivers: [],
    masters: [],
    group: o.group,
    users: o.users,
    persist: 'none',
    rtLimits: o.rtLimits,
    timeoutSeconds: Math.round(o.timeoutMs / 1000),
    jobs: o.jobs ?? s.deps.cpus(),
    virtual: {
      topology: p.topology,
      ...(p.virtual.masters !== null ? { masters: p.virtual.masters } : {}),
      ...(p.virtual.abi !== null ? { abi: p.virtual.abi } : {}),
    },
  };
  const action = await s.writeText(SETTINGS_PATH, settingsText(settings), 0o644);
  if (action === 'unchanged') return `${SETTINGS_PATH} is up to date`;
  return s.say(`saved for 'ecat provision --ensure' and ensureReady()`, `would save for 'ecat provision --ensure' and ensureReady()`);
}

async function runSteps(s: Session, p: Plan): Promise<DeviceReport[]> {
  const o = p.opts;
  let installedNow = false;
  if (p.pkg) {
    const flow = new DkmsFlow(s, p.pkg, p.kernel, p.arch, p.dkms);
    const what = `${p.pkg.name}/${p.pkg.version}`;
    if (o.rebuild) await s.step('rebuild', `Undo the build of ${what} for ${p.kernel}`, () => flow.rebuild());
    await s.step('source', `Put the source into /usr/src/${p.pkg.name}-${p.pkg.version}`, () => flow.source(o.rebuild));
    await s.step('dkms-add', `dkms add ${what}`, () => flow.add());
    await s.step('dkms-build', `dkms build ${what} -k ${p.kernel}`, () => flow.build());
    await s.step('dkms-install', `dkms install ${what} -k ${p.kernel}`, () => flow.install());
    await s.step('verify-module', 'Verify the installed modules', () => flow.verify());
    installedNow = flow.installedNow;
  }
  await s.step('group', `Group ${o.group}`, () => ensureGroup(s, o.group));
  await s.step('users', `Users in ${o.group}`, () => ensureMembers(s, o.group, o.users));
  await s.step('udev', 'udev rule for /dev/EtherCAT*', () => ensureUdevRule(s, o.group));
  if (o.rtLimits) await s.step('rt-limits', 'Real-time limits for the group', () => ensureRtLimits(s, o.group));

  const persistStep = (): Promise<unknown> =>
    s.step('persist', 'Load at boot', () => persist(s, { mode: p.persist.mode, service: p.persist.service, masters: p.masters, drivers: p.loadDrivers, blacklist: p.blacklist, sharedStock: p.sharedStock }));
  const useService = p.persist.mode === 'ethercat-conf' && p.persist.service !== null;
  const canPersist = p.masters.length > 0;
  if (useService && canPersist) await persistStep();

  let devices: DeviceReport[] = [];
  if (p.load && p.masters.length > 0) {
    const forceReload = installedNow && (await masterParams({ fs: s.deps.fs, run: (a) => s.query(a) })) !== null;
    await s.step('load', 'Load the master and its network driver', () =>
      useService ? restartService(s, p, forceReload) : loadModules(s, { masters: p.masters, drivers: p.loadDrivers, takeovers: p.takeovers, forceReload }),
    );
  } else {
    await s.step('load', 'Load the master and its network driver', async () => (p.load ? 'ec_master is loaded already; no --nic given, so it is kept as it is' : p.noLoadReason));
  }
  if (!useService && canPersist) await persistStep();

  const count = p.masters.length > 0 ? p.masters.length : (p.held?.main.length ?? 0);
  if (p.load && !s.dryRun && count > 0) {
    await s.step('device', 'Wait for the device and check access', async () => {
      const r = await checkDevices(s, count, o.group, o.timeoutMs);
      devices = r.devices;
      return { detail: r.detail, verified: true };
    });
  } else {
    await s.step('device', 'Wait for the device and check access', async () => (s.dryRun ? 'not checked in a dry run' : p.load ? 'no master to wait for' : p.noLoadReason));
  }
  if (o.save) await s.step('settings', `Save the settings to ${SETTINGS_PATH}`, () => saveSettings(s, p));
  return devices;
}

/** IgH's service loads the master (ethercatctl, with its own rollback). */
async function restartService(s: Session, p: Plan, forceReload: boolean): Promise<string> {
  const probe = { fs: s.deps.fs, run: (a: readonly string[]) => s.query(a) };
  const held = await masterParams(probe);
  const want = p.masters.map((m) => m.main.mac).join(',');
  if (!forceReload && held && held.main.join(',') === want) return `ec_master is loaded by ethercat.service with main_devices=${want}`;
  const r = await s.change(['systemctl', 'restart', 'ethercat.service'], { allowFail: true });
  if (r.code !== 0) {
    const journal = await s.query(['journalctl', '-u', 'ethercat.service', '-n', '15', '--no-pager']);
    const dmesg = await dmesgTail(probe);
    const lines = [...tailLines(journal.stdout, 15), ...(dmesg.length ? ['-- dmesg --', ...dmesg] : [])];
    throw new ProvisionError('LOAD_FAILED', `systemctl restart ethercat.service failed (exit code ${r.code}):\n${lines.map((l) => `  ${l}`).join('\n')}`, `See: journalctl -u ethercat.service; the settings are in ${p.persist.service?.conf ?? '/etc/ethercat.conf'}.`, { logTail: lines });
  }
  const what = `IgH's ethercatctl loads ec_master main_devices=${want} and ${p.loadDrivers.map((d) => `ec_${d}`).join(', ')}`;
  return s.say(`restarted ethercat.service (${what})`, `would restart ethercat.service (${what})`);
}

async function saveSettings(s: Session, p: Plan): Promise<string> {
  const o = p.opts;
  const known = (mac: string): { mac: string; stockDriver: string; stockModule: string } => {
    const ref = p.assignments.find((a) => a.ref.mac === mac)?.ref;
    return { mac, stockDriver: ref?.stockDriver ?? '', stockModule: ref?.stockModule ?? '' };
  };
  const previous = o.settings;
  const settings: ProvisionSettings = {
    format: 1,
    ...(p.tree ? { source: p.tree.root } : previous?.source ? { source: previous.source } : {}),
    package: p.pkg ? { name: p.pkg.name, version: p.pkg.version } : (previous?.package ?? { name: o.packageName, version: o.packageVersion ?? '0' }),
    drivers: p.buildDrivers,
    masters: p.masters.map((m) => ({ main: known(m.main.mac), ...(m.backup ? { backup: known(m.backup.mac) } : {}) })),
    group: o.group,
    users: o.users,
    persist: o.persist,
    rtLimits: o.rtLimits,
    timeoutSeconds: Math.round(o.timeoutMs / 1000),
    jobs: o.jobs ?? s.deps.cpus(),
  };
  if (settings.masters.length === 0 && previous) settings.masters = previous.masters;
  const action = await s.writeText(SETTINGS_PATH, settingsText(settings), 0o644);
  if (action === 'unchanged') return `${SETTINGS_PATH} is up to date`;
  return s.say(`saved for 'ecat provision --ensure' and ensureReady()`, `would save for 'ecat provision --ensure' and ensureReady()`);
}

function buildReport(s: Session, plan: Plan | VbusPlan | null, devices: DeviceReport[], error: ProvisionError | null, durationMs: number, masters: number): ProvisionReport {
  const commands = s.steps.flatMap((st) => st.commands);
  const files = s.steps.flatMap((st) => st.files);
  const changes = commands.length + files.filter((f) => f.action !== 'unchanged').length;
  const blockers = plan?.blockers ?? [];
  const ok = error === null && blockers.length === 0;
  let summary: string;
  if (error) {
    const failed = s.steps.find((st) => st.status === 'failed');
    summary = `Failed${failed ? ` at "${failed.title}"` : ''}: ${(error.message.split('\n')[0] ?? '').replace(/:$/, '')}`;
  } else if (s.dryRun) {
    summary = changes > 0 ? `Dry run: ${commands.length} command(s) and ${changes - commands.length} file change(s) planned; nothing was changed.` : 'Dry run: nothing to do, everything is in place.';
    if (blockers.length) summary += ` A real run would stop: ${blockers.length} prerequisite(s) missing.`;
  } else if (changes === 0) {
    summary = 'Nothing to do: everything was already in place.';
  } else {
    const ready = devices.length > 0 ? `${devices.map((d) => d.path).join(', ')} ready` : plan?.pkg ? `${plan.pkg.name}/${plan.pkg.version} in place for ${plan.kernel}` : 'done';
    summary = `Done: ${ready} (${commands.length} command(s), ${changes - commands.length} file change(s)) in ${formatDuration(durationMs)}.`;
  }
  return {
    ok,
    dryRun: s.dryRun,
    changed: changes > 0,
    kernel: plan?.kernel ?? '',
    runningKernel: plan?.runningKernel ?? '',
    arch: plan?.arch ?? '',
    ...(plan?.pkg ? { package: { name: plan.pkg.name, version: plan.pkg.version } } : {}),
    ...(plan && isVbusPlan(plan) ? { virtual: { module: VBUS_MODULE, masters, topology: plan.topology } } : {}),
    steps: s.steps,
    commands,
    files,
    queries: s.queries,
    devices,
    warnings: s.warnings,
    blockers,
    durationMs: Math.round(durationMs),
    summary,
    ...(error ? { error: error.toJSON() } : {}),
  };
}
