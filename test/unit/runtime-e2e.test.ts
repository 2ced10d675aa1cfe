// SPDX-License-Identifier: MIT
// End to end through the real addon on the virtual master: configure from YAML, reach OP, move
// both drives in CSP to targets, digital and analog I/O, SDO while cycling, each injected fault
// with its event and recovery, a clean close, and the shared layout both sides use. Skipped, with
// the reason, until the native runtime and the virtual master's application phase are built in.
import { describe, expect, it } from 'vitest';
import { loadAddon } from '../../src/binding/load.js';
import type { EtherCATError } from '../../src/binding/errors.js';
import { attachAxis } from '../../src/cia402/index.js';
import { Master } from '../../src/runtime/index.js';
import type { CyclingMaster, MasterEvent, SlaveEvent, StateEvent, WkcEvent } from '../../src/runtime/index.js';
import { OFF, SHARED_MAGIC } from '../../src/runtime/shared/layout.js';
import { addonSkipReason, e2eSkipReason, example } from './runtime-e2e-support.js';

const addonReason = addonSkipReason();
if (addonReason) console.warn(`shared layout test skipped: ${addonReason}`);
const reason = await e2eSkipReason();
if (reason) console.warn(`runtime end-to-end tests skipped: ${reason}`);
const e2e = describe.skipIf(reason !== null);

async function twoAxis(): Promise<{ master: Master; cycling: CyclingMaster }> {
  const master = await Master.open({ sim: example('two-axis.yaml'), simPersist: false, closeOnExit: false });
  // A generous output watchdog: the suite runs on loaded machines; the watchdog has its own test.
  const cycling = await (await master.configure(example('bus-two-axis.yaml'))).activate().start({ cycleTime: '1ms', watchdogMs: 1000 });
  await cycling.waitOperational({ timeoutMs: 5000 });
  return { master, cycling };
}

const until = async (what: string, check: () => boolean, timeoutMs = 3000): Promise<void> => {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe.skipIf(addonReason !== null)('shared image layout', () => {
  it('is the one the addon exports (docs/runtime.md section 3)', () => {
    const layout = (loadAddon() as unknown as { sharedLayout: { magic: number; version: number; offsets: Record<string, number>; eventSize: number; fresh: number } }).sharedLayout;
    expect([layout.magic, layout.version, layout.eventSize, layout.fresh]).toEqual([SHARED_MAGIC, 1, 32, 0x100]);
    // Ours, under the addon's names (the addon also lists the reserved word at 52).
    const ours: Record<string, number> = Object.fromEntries(Object.entries(OFF).map(([k, v]) => [k === 'rtGrants' ? 'grants' : k, v]));
    expect({ ...ours, reserved: 52 }).toEqual(layout.offsets);
  });
});

e2e('virtual master end to end', () => {
  it('configures from YAML, reaches OP and moves both drives in CSP to their targets', async () => {
    const { master, cycling } = await twoAxis();
    const states: StateEvent[] = [];
    cycling.on('state', (e) => states.push(e));
    expect(cycling.slaveStates().map((s) => [s.name, s.alState])).toEqual([
      ['axis-x', 'OP'],
      ['axis-y', 'OP'],
    ]);
    const x = attachAxis(cycling, 'axis-x');
    const y = attachAxis(cycling, 'axis-y');
    await Promise.all([x.setMode('csp'), y.setMode('csp')]);
    await Promise.all([x.enable(), y.enable()]);
    const [rx, ry] = await Promise.all([x.moveTo(120000, { velocity: 400000, acceleration: 4000000 }), y.moveTo(-80000, { velocity: 400000, acceleration: 4000000 })]);
    expect(rx.position).toBeGreaterThanOrEqual(120000 - 10);
    expect(rx.position).toBeLessThanOrEqual(120000 + 10);
    expect(Math.abs(ry.position + 80000)).toBeLessThanOrEqual(10);
    cycling.image.sync();
    expect(Math.abs((cycling.image.get('axis_x.position') as number) - 120000)).toBeLessThanOrEqual(10);
    await Promise.all([x.disable(), y.disable()]);
    const s = cycling.stats();
    expect(s.cycles).toBeGreaterThan(300);
    expect(s.runState).toBe('running');
    master.close();
  });

  it('runs digital outputs and reads digital and analog inputs (io rack)', async () => {
    const master = await Master.open({ sim: example('io-rack.yaml'), simPersist: false, closeOnExit: false });
    const cycling = await (await master.configure(example('bus-io-rack.yaml'))).activate().start({ watchdogMs: 1000 });
    await cycling.waitOperational({ timeoutMs: 5000 });
    const img = cycling.image;
    const pattern = [true, false, true, true, false, false, false, true];
    pattern.forEach((on, i) => img.set(`do${i + 1}`, on));
    img.publish();
    const do1 = cycling.layout.byName.get('do1')!;
    const expected = pattern.reduce((a, on, i) => a | ((on ? 1 : 0) << i), 0);
    await until('the outputs in the process data', () => ((cycling.processData()[do1.offset]! >> do1.bitPosition) & 0xff) === expected);
    // The virtual EL1008 counts in binary every 100 ms; the analog input is a triangle wave.
    const seen = new Set<number>();
    const ai = new Set<number>();
    await until(
      'changing inputs',
      () => {
        img.sync();
        let bits = 0;
        for (let i = 0; i < 8; i++) if (img.get(`di${i + 1}`)) bits |= 1 << i;
        seen.add(bits);
        ai.add(img.get('ai1') as number);
        return seen.size >= 3 && ai.size >= 3;
      },
      3000,
    );
    for (const v of ai) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(32767);
    }
    master.close();
  });

  it('uploads and downloads SDOs while cycling; startup SDOs were applied; aborts carry their code', async () => {
    const { master, cycling } = await twoAxis();
    expect(await cycling.sdo.upload('axis-x', 0x6065, 0, 'uint32')).toBe(200000); // from bus-two-axis.yaml
    await cycling.sdo.download('axis-y', 0x6081, 0, 123456, 'uint32');
    expect(await cycling.sdo.upload('axis-y', 0x6081, 0, 'uint32')).toBe(123456);
    expect(await cycling.sdo.upload('axis-x', 0x1000, 0, 'uint32')).toBe(0x00020192);
    const err = (await cycling.sdo.download('axis-x', 0x6041, 0, 1, 'uint16').catch((e: unknown) => e)) as EtherCATError;
    expect(err.code).toBe('SDO_ABORT');
    expect(err.abortCode).toBe(0x06010002);
    const al = await cycling.registers.read('axis-x', 0x0130, 2);
    expect(al.readUInt16LE(0) & 0x0f).toBe(8);
    expect((await cycling.sii.read('axis-x', 8, 4)).length).toBe(8);
    expect(cycling.stats().cycles).toBeGreaterThan(0);
    master.close();
  });

  it('serves both drives at once and keeps each drive\'s requests in order', async () => {
    const { master, cycling } = await twoAxis();
    try {
      // All submitted at once, interleaved: each upload must see the download before it on
      // the same drive, whatever the other drive's requests do meanwhile.
      const ops: Array<Promise<unknown>> = [];
      for (let i = 0; i < 8; i++) {
        for (const [slave, base] of [['axis-x', 1000], ['axis-y', 2000]] as const) {
          ops.push(cycling.sdo.download(slave, 0x6081, 0, base + i, 'uint32'));
          ops.push(cycling.sdo.upload(slave, 0x6081, 0, 'uint32'));
        }
      }
      const results = await Promise.all(ops);
      const uploads = results.filter((_, k) => k % 2 === 1);
      expect(uploads).toEqual(Array.from({ length: 8 }, (_, i) => [1000 + i, 2000 + i]).flat());
    } finally {
      master.close();
    }
  });

  it('reports a working counter drop and its end', async () => {
    const { master, cycling } = await twoAxis();
    const wkc: WkcEvent[] = [];
    cycling.on('wkc', (e) => wkc.push(e));
    cycling.sim!.fault({ kind: 'wkc-drop', slave: 'axis-y', drop: true });
    await until('an incomplete working counter', () => wkc.some((e) => e.state !== 'complete'));
    cycling.sim!.fault({ kind: 'wkc-drop', slave: 'axis-y', drop: false });
    await until('a complete working counter', () => wkc[wkc.length - 1]?.state === 'complete');
    expect(wkc[0]).toMatchObject({ domain: 'motion' });
    master.close();
  });

  it('reports a lost slave (offline, state) and brings it back to OP; the axis fails and is enabled again', async () => {
    const { master, cycling } = await twoAxis();
    const offline: SlaveEvent[] = [];
    const online: SlaveEvent[] = [];
    cycling.on('offline', (e) => offline.push(e));
    cycling.on('online', (e) => online.push(e));
    const y = attachAxis(cycling, 'axis-y');
    await y.setMode('csp');
    await y.enable();
    const move = y.moveTo(1_000_000, { velocity: 200000, acceleration: 1000000 });
    cycling.sim!.fault({ kind: 'slave-lost', slave: 'axis-y', lost: true });
    await expect(move).rejects.toMatchObject({ code: expect.stringMatching(/OFFLINE|DRIVE_STATE|ETIMEDOUT/) });
    await until('the offline event', () => offline.some((e) => e.slave === 'axis-y'));
    expect(cycling.slaveStates()[1]).toMatchObject({ name: 'axis-y', online: false });
    cycling.sim!.fault({ kind: 'slave-lost', slave: 'axis-y', lost: false });
    await until('the online event', () => online.some((e) => e.slave === 'axis-y'));
    await cycling.waitOperational({ timeoutMs: 5000 });
    await y.faultReset();
    await y.enable();
    expect(y.state).toBe('OPERATION_ENABLED');
    master.close();
  });

  it('reports the link going down and up again, and the slaves return to OP', async () => {
    const { master, cycling } = await twoAxis();
    const events: MasterEvent[] = [];
    cycling.on('master', (e) => events.push(e));
    cycling.on('error', () => undefined); // frames fail while the link is down
    cycling.sim!.fault({ kind: 'link', up: false });
    await until('link down', () => events.some((e) => !e.linkUp));
    cycling.sim!.fault({ kind: 'link', up: true });
    await until('link up', () => events.some((e) => e.linkUp && e.slavesResponding === 2));
    await cycling.waitOperational({ timeoutMs: 10000 });
    master.close();
  });

  it('reports an AL error of a slave and its recovery to OP', async () => {
    const { master, cycling } = await twoAxis();
    const states: StateEvent[] = [];
    cycling.on('state', (e) => states.push(e));
    cycling.sim!.fault({ kind: 'al-error', slave: 'axis-x', state: 'SAFEOP', code: 0x001a });
    await until('the slave leaving OP', () => states.some((e) => e.slave === 'axis-x' && e.from === 'OP'));
    await cycling.waitOperational({ timeoutMs: 10000 });
    expect(states.some((e) => e.slave === 'axis-x' && e.to === 'OP')).toBe(true);
    master.close();
  });

  it('fails an SDO transfer the virtual slave is told to abort', async () => {
    const { master, cycling } = await twoAxis();
    cycling.sim!.fault({ kind: 'sdo-abort', slave: 'axis-x', index: 0x6081, subindex: 0, code: 0x08000020 });
    await expect(cycling.sdo.upload('axis-x', 0x6081, 0, 'uint32')).rejects.toMatchObject({ code: 'SDO_ABORT', abortCode: 0x08000020 });
    master.close();
  });

  it('puts the safe outputs on the bus when the application stops publishing', async () => {
    const master = await Master.open({ sim: example('io-rack.yaml'), simPersist: false, closeOnExit: false });
    const cycling = await (await master.configure(example('bus-io-rack.yaml'))).activate().start({ loop: false, watchdogMs: 20 });
    await cycling.waitOperational({ timeoutMs: 5000 });
    const tripped: boolean[] = [];
    cycling.on('watchdog', (e) => tripped.push(e.tripped));
    const do1 = cycling.layout.byName.get('do1')!;
    const bit = (): number => (cycling.processData()[do1.offset]! >> do1.bitPosition) & 1;
    cycling.image.set('do1', true);
    const keep = setInterval(() => cycling.image.publish(), 2);
    await until('do1 on', () => bit() === 1);
    clearInterval(keep);
    await until('the watchdog', () => tripped.includes(true));
    expect(bit()).toBe(0);
    cycling.image.publish();
    await until('the watchdog clearing', () => tripped.includes(false));
    master.close();
  });

  it('closes cleanly from every phase and can be opened and configured again', async () => {
    const { master, cycling } = await twoAxis();
    cycling.close();
    expect(master.phase).toBe('closed');
    expect(() => cycling.stop()).toThrow(/closed/);
    const again = await twoAxis();
    expect(again.cycling.phase).toBe('cycling');
    again.cycling.stop();
    again.master.close();
    const m = await Master.open({ sim: example('two-axis.yaml'), simPersist: false, closeOnExit: false });
    const configured = await m.configure(example('bus-two-axis.yaml'));
    configured.close();
    expect(m.phase).toBe('closed');
  });

  it('rejects a configuration that names a slave the bus does not have, with its path', async () => {
    const master = await Master.open({ sim: example('io-rack.yaml'), simPersist: false, closeOnExit: false });
    const err = (await master.configure(example('bus-two-axis.yaml')).catch((e: unknown) => e)) as Error & { errors: Array<{ path: string }> };
    expect(err.name).toBe('ConfigError');
    expect(err.errors.map((e) => e.path)).toContain('slaves[0].alias');
    master.close();
  });
});
