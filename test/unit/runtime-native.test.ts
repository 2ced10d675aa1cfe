// The native application runtime through the addon (native/runtime + native/addon/runtime_wrap):
// the shared image layout export, the phase order with WRONG_PHASE, plan validation at the
// boundary with field paths, the async mailbox calls (Promises, backpressure, cancellation),
// simFault on the virtual master, clean shutdown on process exit and worker termination, and
// a whole run on a virtual bus: configure, activate, cycle at 1 kHz, inputs change, outputs
// arrive, SDO while cycling, events, faults, watchdog, stop, close.
// The addon is used raw here (not through openMaster's wrapper) to see the native error fields.
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { addonPath, loadAddon } from '../../src/binding/load.js';
import type { NativeApplication, NativeMaster, NativePlan, NativeSimControl } from '../../src/binding/native.js';
import { buildImage, loadTopology } from '../../src/topology/index.js';

type AppMaster = NativeMaster & NativeApplication & NativeSimControl;
interface NativeFields {
  ecatCode?: string;
  errno?: number;
  field?: string;
  phase?: string;
  call?: string;
  request?: string;
  syscall?: string;
}
interface SharedLayout {
  magic: number;
  version: number;
  offsets: Record<string, number>;
  histogramBuckets: number;
  maxDomains: number;
  domainStateSize: number;
  maxConfigs: number;
  eventSize: number;
  eventIndexMask: number;
  defaultEventCapacity: number;
  fresh: number;
  eventFields: Record<string, number>;
  eventTypes: Record<string, number>;
  runStates: Record<string, number>;
  grantBits: Record<string, number>;
}

const addon = loadAddon() as ReturnType<typeof loadAddon> & { sharedLayout: SharedLayout };
const twoAxis = buildImage(loadTopology(new URL('../../examples/two-axis.yaml', import.meta.url).pathname));
const VENDOR = 0xeca7;
const SERVO = 0x00060001;

function open(): AppMaster {
  return addon.openSim(twoAxis, { abi: '1.6' }) as AppMaster;
}

function fields(fn: () => unknown): Error & NativeFields {
  try {
    fn();
  } catch (err) {
    return err as Error & NativeFields;
  }
  throw new Error('expected a throw');
}

/** Two CiA 402 axes with their default PDOs; controlword/target in, statusword/position out. */
function axesPlan(): NativePlan {
  const slave = (alias: number) => ({ alias, position: 0, vendorId: VENDOR, productCode: SERVO, startupSdos: [] });
  return {
    slaves: [slave(1), slave(2)],
    domains: [{ divider: 1 }],
    variables: [
      { slave: 0, index: 0x6040, subindex: 0, domain: 0 },
      { slave: 0, index: 0x607a, subindex: 0, domain: 0 },
      { slave: 0, index: 0x6041, subindex: 0, domain: 0 },
      { slave: 0, index: 0x6064, subindex: 0, domain: 0 },
      { slave: 1, index: 0x6040, subindex: 0, domain: 0 },
      { slave: 1, index: 0x6041, subindex: 0, domain: 0 },
    ],
    referenceClock: -1,
  };
}


describe('shared image layout export', () => {
  it('matches docs/runtime.md section 3', () => {
    const l = addon.sharedLayout;
    expect(l.magic).toBe(0x54524345);
    expect(l.version).toBe(1);
    expect(l.offsets).toEqual({
      magic: 0, version: 4, imageSize: 8, eventCapacity: 12, runState: 16, inputMiddle: 20, outputMiddle: 24,
      heartbeat: 28, watchdogTripped: 32, eventHead: 36, eventTail: 40, eventsDropped: 44, grants: 48, reserved: 52,
      cycles: 56, overruns: 64, lastPeriod: 72, minPeriod: 80, maxPeriod: 88, lastExec: 96, maxExec: 104,
      lastLatency: 112, maxLatency: 120, histogram: 128, domainStates: 384, configStates: 640, buffers: 4736,
    });
    expect([l.histogramBuckets, l.maxDomains, l.domainStateSize, l.maxConfigs, l.eventSize]).toEqual([64, 16, 16, 1024, 32]);
    expect(l.fresh).toBe(0x100);
    expect(l.eventIndexMask).toBe(0x7fffffff);
    expect(l.eventFields).toEqual({ type: 0, flags: 2, cycle: 4, time: 8, a: 16, b: 20, c: 24, d: 28 });
    expect(l.eventTypes).toEqual({ alState: 1, wkc: 2, overrun: 3, masterState: 4, watchdog: 5, cycleError: 6, offline: 7, online: 8 });
    expect(l.runStates).toEqual({ stopped: 0, running: 1, stopRequested: 2, failed: 3 });
    expect(l.grantBits).toEqual({ schedFifo: 1, affinity: 2, mlockall: 4 });
    expect(l.defaultEventCapacity & (l.defaultEventCapacity - 1)).toBe(0);
  });
});

describe('phases', () => {
  it('enforces the order with WRONG_PHASE naming the phase and the call', () => {
    const m = open();
    try {
      expect(m.phase()).toBe('opened');
      const e = fields(() => m.activate());
      expect(e.ecatCode).toBe('WRONG_PHASE');
      expect(e.phase).toBe('opened');
      expect(e.call).toBe('activate');
      expect(e.message).toMatch(/activate\(\) is not allowed in phase 'opened'.*request\(\)/);
      expect(fields(() => m.configure(axesPlan())).ecatCode).toBe('WRONG_PHASE');
      expect(fields(() => m.readProcessData()).call).toBe('readProcessData');
      expect(fields(() => m.configState(0)).call).toBe('configState');
      expect(fields(() => m.deactivate()).call).toBe('deactivate');
      m.stopCycle(); // idempotent, no error in any phase
      m.request();
      expect(m.phase()).toBe('reserved');
      const again = fields(() => m.request());
      expect(again.ecatCode).toBe('WRONG_PHASE');
      expect(again.phase).toBe('reserved');
      const start = fields(() => m.startCycle({ cycleTimeNs: 1e6 }, new SharedArrayBuffer(8192), () => {}));
      expect(start.call).toBe('startCycle');
    } finally {
      m.close();
    }
    expect(m.phase()).toBe('closed');
    const closed = fields(() => m.request());
    expect(closed.ecatCode).toBe('WRONG_PHASE');
    expect(closed.phase).toBe('closed');
    m.stopCycle();
    m.close(); // idempotent
  });
});

describe('plan validation at the boundary', () => {
  const cases: Array<[string, (p: any) => void, string, RegExp]> = [
    ['not an object', (p) => (p.slaves[0] = 5), 'plan.slaves[0]', /must be an object/],
    ['alias type', (p) => (p.slaves[1].alias = '1'), 'plan.slaves[1].alias', /must be a number/],
    ['fraction', (p) => (p.slaves[0].vendorId = 1.5), 'plan.slaves[0].vendorId', /must be an integer/],
    ['alias range', (p) => (p.slaves[1].alias = 70000), 'plan.slaves[1].alias', /0\.\.65535 \(got 70000\)/],
    ['sync dir', (p) => (p.slaves[0].syncs = [{ index: 2, dir: 'sideways', watchdog: 'default', pdos: [] }]), 'plan.slaves[0].syncs[0].dir', /'input' or 'output'/],
    ['pdo index', (p) => (p.slaves[0].syncs = [{ index: 2, dir: 'output', watchdog: 'default', pdos: [{ index: 0x1600, entries: [] }, { index: -1, entries: [] }] }]), 'plan.slaves[0].syncs[0].pdos[1].index', /0\.\.65535/],
    ['entry bit length', (p) => (p.slaves[0].syncs = [{ index: 3, dir: 'input', watchdog: 'default', pdos: [{ index: 0x1a00, entries: [{ index: 0x6041, subindex: 0, bitLength: 0 }] }] }]), 'plan.slaves[0].syncs[0].pdos[0].entries[0].bitLength', /1\.\.255/],
    ['sdo data', (p) => (p.slaves[0].startupSdos = [{ index: 0x6060, subindex: 0, data: [8], completeAccess: false }]), 'plan.slaves[0].startupSdos[0].data', /Uint8Array/],
    ['dc', (p) => (p.slaves[1].dc = { assignActivate: 0x300, sync0Cycle: -1, sync0Shift: 0, sync1Cycle: 0, sync1Shift: 0 }), 'plan.slaves[1].dc.sync0Cycle', /0\.\.4294967295/],
    ['domains', (p) => (p.domains = 'one'), 'plan.domains', /must be an array/],
    ['divider', (p) => (p.domains[0].divider = 0), 'plan.domains[0].divider', /1\.\.65535/],
    ['variable slave', (p) => (p.variables[2].slave = 2), 'plan.variables[2].slave', /0\.\.1 \(got 2\)/],
    ['duplicate slave', (p) => (p.slaves[1].alias = 1), 'plan.slaves[1]', /same alias and position as plan\.slaves\[0\]/],
    ['reference clock', (p) => (p.referenceClock = 5), 'plan.referenceClock', /-1\.\.1/],
  ];
  for (const [name, edit, field, message] of cases) {
    it(`${name}: INVALID_ARGUMENT naming ${field}`, () => {
      const m = open();
      try {
        m.request();
        const plan = structuredClone(axesPlan()) as any;
        edit(plan);
        const e = fields(() => m.configure(plan));
        expect(e.ecatCode).toBe('INVALID_ARGUMENT');
        expect(e.field).toBe(field);
        expect(e.message.startsWith(field)).toBe(true);
        expect(e.message).toMatch(message);
        // Nothing reached the master: still reserved, and a good plan is not refused by phase.
        expect(m.phase()).toBe('reserved');
      } finally {
        m.close();
      }
    });
  }
});

describe('async mailbox calls', () => {
  it('resolve on the mailbox thread: SDO upload, SII read, abort codes, argument checks', async () => {
    const m = open();
    try {
      const vendor = await m.sdoUploadAsync(0, 0x1018, 1, 4);
      expect(vendor.readUInt32LE(0)).toBe(VENDOR);
      const sii = await m.siiReadAsync(0, 8, 2);
      expect(sii.length).toBe(4);
      expect(sii.readUInt32LE(0)).toBe(VENDOR); // SII word 8: vendor id
      const aborted = await m.sdoUploadAsync(0, 0x1234, 0, 4).then(
        () => null,
        (e: Error & { abortCode?: number; errno?: number }) => e,
      );
      expect(aborted?.abortCode).toBe(0x06020000);
      expect(() => m.sdoUploadAsync(0, 0x10000, 0, 4)).toThrow(/index/);
      await m.sdoDownloadAsync(0, 0x607a, 0, Uint8Array.of(1, 2, 3, 4), false);
      const back = await m.sdoUploadAsync(0, 0x607a, 0, 4);
      expect([...back]).toEqual([1, 2, 3, 4]);
      const reg = await m.regReadAsync(0, 0x0000, 2);
      expect(reg.length).toBe(2);
    } finally {
      m.close();
    }
  });

  it('refuse with QUEUE_FULL when the bounded queue is full, and settle every promise', async () => {
    // While cycling, every transfer takes a few bus cycles (milliseconds), so 1000 requests
    // made at once must overrun the 64-deep queue however fast the machine is.
    const m = open();
    try {
      m.request();
      m.configure(axesPlan());
      const act = m.activate();
      m.startCycle({ cycleTimeNs: 1_000_000 }, new SharedArrayBuffer(act.sharedSize), () => {});
      // Past the configuration walk, so no transfer fails for a slave that is not up yet.
      await until(() => m.configState(0).operational, 10_000);
      const results = await Promise.all(
        Array.from({ length: 1000 }, () =>
          m.sdoUploadAsync(0, 0x1018, 1, 4).then(
            () => 'ok',
            (e: NativeFields) => e.ecatCode ?? 'other',
          ),
        ),
      );
      const full = results.filter((r) => r === 'QUEUE_FULL').length;
      const ok = results.filter((r) => r === 'ok').length;
      expect(full).toBeGreaterThan(0);
      expect(ok).toBeGreaterThanOrEqual(64);
      expect(full + ok).toBe(1000);
    } finally {
      m.close();
    }
  });

  it('close() cancels queued requests with WRONG_PHASE; the running one settles', async () => {
    // While cycling each transfer takes bus cycles (milliseconds), so of 40 requests made at
    // once most are still queued when close() runs, however fast the machine is. (Idle, the
    // virtual master answers at once and the worker could finish them all first.)
    const m = open();
    m.request();
    m.configure(axesPlan());
    const act = m.activate();
    m.startCycle({ cycleTimeNs: 1_000_000 }, new SharedArrayBuffer(act.sharedSize), () => {});
    await until(() => m.configState(0).operational, 10_000);
    const promises = Array.from({ length: 40 }, () =>
      m.sdoUploadAsync(0, 0x1018, 1, 4).then(
        () => 'ok',
        (e: NativeFields) => `${e.ecatCode}:${e.call}`,
      ),
    );
    m.close();
    const results = await Promise.all(promises);
    const cancelled = results.filter((r) => r === 'WRONG_PHASE:sdoUploadAsync').length;
    // At most one was on the bus when close() came; every other one is cancelled.
    expect(cancelled, results.join(', ')).toBeGreaterThanOrEqual(39);
    expect(results.filter((r) => r !== 'WRONG_PHASE:sdoUploadAsync').length).toBeLessThanOrEqual(1);
    expect(fields(() => m.sdoUploadAsync(0, 0x1018, 1, 4)).ecatCode).toBe('WRONG_PHASE');
  });
});

describe('set-point queues at the boundary', () => {
  it('are refused with the field of the bad queue: size, bytes outside the outputs, depth, placement, overlap', () => {
    const m = open();
    try {
      m.request();
      m.configure(axesPlan());
      const act = m.activate();
      const out = act.outputRanges[0] as { offset: number; length: number };
      const input = act.inputRanges[0] as { offset: number; length: number };
      const at = Math.ceil(act.sharedSize / 8) * 8;
      const shared = new SharedArrayBuffer(at + 2 * 64 * 16);
      const good = { offset: out.offset, size: 2, at, depth: 64 };
      const start = (q: object[]) => fields(() => m.startCycle({ cycleTimeNs: 1_000_000, setpoints: q } as never, shared, () => {}));
      const cases: Array<[object[], string, RegExp]> = [
        [[{ ...good, size: 3 }], 'options.setpoints[0].size', /must be 1, 2, 4 or 8/],
        [[{ ...good, offset: input.offset }], 'options.setpoints[0].offset', /not all within one output range/],
        [[{ ...good, offset: out.offset + out.length - 1 }], 'options.setpoints[0].offset', /not all within one output range/],
        [[{ ...good, depth: 48 }], 'options.setpoints[0].depth', /power of two in 2\.\.65536/],
        [[{ ...good, at: 8 }], 'options.setpoints[0].at', /past sharedSize/],
        [[{ ...good, at: at + 4 }], 'options.setpoints[0].at', /8-byte aligned/],
        [[{ ...good, at: at + 64 * 16 + 8 }], 'options.setpoints[0].at', /inside the shared buffer/],
        [[good, { ...good, at: at + 32 * 16 }], 'options.setpoints[1].at', /overlap/],
        [[{ offset: out.offset, size: 2, depth: 64 }], 'options.setpoints[0].at', /must be a number/],
      ];
      for (const [queues, field, message] of cases) {
        const e = start(queues);
        expect(e.field, JSON.stringify(queues)).toBe(field);
        expect(e.message).toMatch(message);
      }
      // Two queues side by side are fine.
      m.startCycle({ cycleTimeNs: 1_000_000, setpoints: [good, { ...good, at: at + 64 * 16 }] }, shared, () => {});
      m.stopCycle();
    } finally {
      m.close();
    }
  });
});

describe('simFault', () => {
  it('injects faults on the virtual master and names bad fields', () => {
    const m = open();
    try {
      m.simFault({ kind: 'link', up: false });
      expect(m.masterState().linkUp).toBe(false);
      m.simFault({ kind: 'link', up: true });
      expect(m.masterState().linkUp).toBe(true);
      m.simFault({ kind: 'slave-lost', slave: 1, lost: true });
      m.simFault({ kind: 'slave-lost', slave: 1, lost: false });
      m.simFault({ kind: 'al-error', slave: 0, alState: 2, code: 0x001b });
      m.simFault({ kind: 'wkc-drop', slave: 1, drop: true });
      m.simFault({ kind: 'wkc-drop', slave: 1, drop: false });
      expect(fields(() => m.simFault({ kind: 'sdo-abort', slave: 0, index: 0x10000, subindex: 0, code: 1 })).field).toBe('fault.index');
      expect(fields(() => m.simFault({ kind: 'slave-lost', slave: 9, lost: true })).field).toBe('fault.slave');
      expect(fields(() => m.simFault({ kind: 'melt' } as never)).field).toBe('fault.kind');
      const e = fields(() => m.simFault({ kind: 'al-error', slave: 0, alState: 9, code: 1 }));
      expect(e.field).toBe('fault.alState');
    } finally {
      m.close();
    }
  });
});

describe('simFault sdo-abort', () => {
  it('aborts the next access to that object once, with the given code', async () => {
    const m = open();
    try {
      m.simFault({ kind: 'sdo-abort', slave: 0, index: 0x1018, subindex: 1, code: 0x08000020 });
      const e = await m.sdoUploadAsync(0, 0x1018, 1, 4).then(
        () => null,
        (err: { abortCode?: number }) => err,
      );
      expect(e?.abortCode).toBe(0x08000020);
      const again = await m.sdoUploadAsync(0, 0x1018, 1, 4);
      expect(again.readUInt32LE(0)).toBe(VENDOR);
    } finally {
      m.close();
    }
  });
});

describe('shutdown', () => {
  it('a worker terminated while its mailbox thread is busy shuts down cleanly', async () => {
    const worker = new Worker(
      `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.addon);
      const m = addon.openSim(workerData.image, { abi: '1.6' });
      m.request();
      const spin = () => { for (let i = 0; i < 32; i++) m.siiReadAsync(0, 0, 128).catch(() => {}); setImmediate(spin); };
      spin();
      parentPort.postMessage('busy');
      `,
      { eval: true, workerData: { addon: addonPath(), image: twoAxis } },
    );
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    await new Promise((r) => setTimeout(r, 50));
    const code = await worker.terminate();
    expect(code).toBe(1);
  });

  it('process.exit() with a reserved master and pending mailbox work exits promptly', () => {
    const script = `
      const addon = require(${JSON.stringify(addonPath())});
      const image = Buffer.from(${JSON.stringify(Buffer.from(twoAxis).toString('base64'))}, 'base64');
      const m = addon.openSim(image, { abi: '1.6' });
      m.request();
      for (let i = 0; i < 64; i++) m.siiReadAsync(0, 0, 128).catch(() => {});
      setTimeout(() => process.exit(7), 20);
    `;
    const r = spawnSync(process.execPath, ['-e', script], { timeout: 20000, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(7);
  });
});

// ---------------------------------------------------------------------------------------
// A whole run on the virtual bus (needs the virtual master's application phase).

const L = addon.sharedLayout;

/** JS's half of the shared image, written from the layout export. */
class SharedView {
  readonly i32: Int32Array;
  readonly i64: BigInt64Array;
  readonly bytes: Uint8Array;
  readonly stride: number;
  inFront = 2;
  outBack = 0;
  tail = 0;
  constructor(readonly sab: SharedArrayBuffer, readonly size: number, readonly capacity: number) {
    this.i32 = new Int32Array(sab, 0, L.offsets.buffers / 4);
    this.i64 = new BigInt64Array(sab, 0, L.offsets.buffers / 8);
    this.bytes = new Uint8Array(sab);
    this.stride = Math.ceil(size / 8) * 8;
  }
  cycles(): number {
    return Number(Atomics.load(this.i64, L.offsets.cycles / 8));
  }
  /** Newest inputs (the whole process image as the cyclic thread copied it). */
  inputs(): Uint8Array {
    const w = L.offsets.inputMiddle / 4;
    if (Atomics.load(this.i32, w) & L.fresh) this.inFront = Atomics.exchange(this.i32, w, this.inFront) & 3;
    const off = L.offsets.buffers + this.inFront * this.stride;
    return this.bytes.subarray(off, off + this.size);
  }
  /** Stage outputs with `fill`, hand them over and beat the heartbeat. */
  publish(fill: (image: Uint8Array) => void): void {
    const off = L.offsets.buffers + (3 + this.outBack) * this.stride;
    fill(this.bytes.subarray(off, off + this.size));
    this.outBack = Atomics.exchange(this.i32, L.offsets.outputMiddle / 4, this.outBack | L.fresh) & 3;
    Atomics.add(this.i32, L.offsets.heartbeat / 4, 1);
  }
  events(): Array<{ type: number; a: number; b: number; c: number; d: number }> {
    const out = [];
    const head = Atomics.load(this.i32, L.offsets.eventHead / 4);
    const ring = L.offsets.buffers + 6 * this.stride;
    const dv = new DataView(this.sab);
    while (this.tail !== head) {
      const r = ring + (this.tail & (this.capacity - 1)) * L.eventSize;
      out.push({ type: dv.getUint16(r, true), a: dv.getInt32(r + 16, true), b: dv.getInt32(r + 20, true), c: dv.getInt32(r + 24, true), d: dv.getInt32(r + 28, true) });
      this.tail = (this.tail + 1) & L.eventIndexMask;
    }
    Atomics.store(this.i32, L.offsets.eventTail / 4, this.tail);
    return out;
  }
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('a whole run on the virtual bus', () => {
  it('configure, activate, cycle at 1 kHz, inputs change, outputs arrive, events, stop, close', async () => {
    const m = open();
    try {
      m.request();
      const layout = m.configure(axesPlan());
      expect(m.phase()).toBe('configured');
      expect(layout.configIndices).toEqual([0, 1]);
      expect(layout.variables).toHaveLength(6);
      const act = m.activate();
      expect(m.phase()).toBe('active');
      expect(act.processDataSize).toBeGreaterThan(0);
      expect(act.outputRanges.length).toBeGreaterThan(0);
      expect(act.inputRanges.length).toBeGreaterThan(0);
      expect(act.sharedSize).toBe(L.offsets.buffers + 6 * Math.ceil(act.processDataSize / 8) * 8 + act.eventCapacity * L.eventSize);
      const at = (i: number) => act.domains[layout.variables[i].domain].offset + layout.variables[i].offset;

      const sab = new SharedArrayBuffer(act.sharedSize);
      let wakes = 0;
      const started = m.startCycle({ cycleTimeNs: 1_000_000, watchdogMs: 500, stateEvery: 10, lockMemory: true }, sab, () => wakes++);
      expect(m.phase()).toBe('cycling');
      expect(Array.isArray(started.warnings)).toBe(true);
      const view = new SharedView(sab, act.processDataSize, act.eventCapacity);
      expect(view.i32[0] >>> 0).toBe(L.magic);

      // Outputs arrive: a controlword and a target position, read back from the drive over SDO.
      view.publish((img) => {
        new DataView(img.buffer, img.byteOffset).setUint16(at(0), 0x0006, true);
        new DataView(img.buffer, img.byteOffset).setInt32(at(1), 12345, true);
      });
      await until(() => view.cycles() > 100, 5000);
      const cw = await m.sdoUploadAsync(0, 0x6040, 0, 2);
      expect(cw.readUInt16LE(0)).toBe(0x0006);
      // Inputs change: the statusword follows the controlword (ready to switch on).
      await until(() => (new DataView(view.inputs().buffer, view.inputs().byteOffset).getUint16(at(2), true) & 0x6f) === 0x21, 2000);
      // Events came through the ring and `wake`.
      const events = view.events();
      expect(wakes).toBeGreaterThan(0);
      expect(events.some((e) => e.type === L.eventTypes.wkc)).toBe(true);
      expect(events.some((e) => e.type === L.eventTypes.alState && e.c === 8)).toBe(true);
      // Working set locked in memory (or explained), statistics running.
      expect(started.granted.mlockall || started.warnings.length > 0).toBe(true);
      expect(Number(Atomics.load(view.i64, L.offsets.maxExec / 8))).toBeGreaterThan(0);
      expect(Atomics.load(view.i32, L.offsets.watchdogTripped / 4)).toBe(0);

      // A slave that stops answering process data: the WKC drops (an event), and comes back.
      m.simFault({ kind: 'wkc-drop', slave: 1, drop: true });
      await until(() => view.events().some((e) => e.type === L.eventTypes.wkc && e.d === 1), 2000);
      m.simFault({ kind: 'wkc-drop', slave: 1, drop: false });
      await until(() => view.events().some((e) => e.type === L.eventTypes.wkc && e.d === 2), 2000);

      // JS stops publishing: the watchdog trips (event) and the safe image (zeros) goes out.
      await until(() => Atomics.load(view.i32, L.offsets.watchdogTripped / 4) === 1, 3000);
      expect(view.events().some((e) => e.type === L.eventTypes.watchdog && e.a === 1)).toBe(true);
      await until(() => m.readProcessData().readUInt16LE(at(0)) === 0, 2000);
      view.publish((img) => new DataView(img.buffer, img.byteOffset).setUint16(at(0), 0x0006, true));
      await until(() => Atomics.load(view.i32, L.offsets.watchdogTripped / 4) === 0, 2000);
      expect(m.configState(layout.configIndices[0]).online).toBe(true);

      m.stopCycle();
      expect(m.phase()).toBe('active');
      expect(Atomics.load(view.i32, L.offsets.runState / 4)).toBe(L.runStates.stopped);
      m.deactivate();
      expect(m.phase()).toBe('reserved');
    } finally {
      m.close();
    }
  });

  it('a worker terminated mid-cycle stops the cyclic thread without a crash or a hang', async () => {
    const worker = new Worker(
      `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.addon);
      const m = addon.openSim(workerData.image, { abi: '1.6' });
      m.request();
      m.configure(workerData.plan);
      const act = m.activate();
      const sab = new SharedArrayBuffer(act.sharedSize);
      m.startCycle({ cycleTimeNs: 1000000 }, sab, () => {});
      const cycles = new BigInt64Array(sab, 56, 1);
      const poll = () => (Atomics.load(cycles, 0) > 20n ? parentPort.postMessage('cycling') : setTimeout(poll, 2));
      poll();
      `,
      { eval: true, workerData: { addon: addonPath(), image: twoAxis, plan: axesPlan() } },
    );
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    const code = await worker.terminate();
    expect(code).toBe(1);
  });

  it('survives repeated worker terminations mid-cycle while JS keeps calling into the addon', async () => {
    // Calls made while the worker is being terminated cannot throw into JS any more; they
    // must be swallowed, not abort the process (this crashed before NODE_API_SWALLOW_...).
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.addon);
      const m = addon.openSim(workerData.image, { abi: '1.6' });
      m.request();
      m.configure(workerData.plan);
      const act = m.activate();
      m.startCycle({ cycleTimeNs: 250000, lockMemory: true }, new SharedArrayBuffer(act.sharedSize), () => {});
      const spin = () => { for (let i = 0; i < 8; i++) m.sdoUploadAsync(0, 0x6041, 0, 2).catch(() => {}); setImmediate(spin); };
      spin();
      parentPort.postMessage('go');
    `;
    for (let i = 0; i < 12; i++) {
      const worker = new Worker(code, { eval: true, workerData: { addon: addonPath(), image: twoAxis, plan: axesPlan() } });
      await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await new Promise((r) => setTimeout(r, i * 3));
      expect(await worker.terminate()).toBe(1);
    }
  });

  it('process.exit() while cycling stops the thread, deactivates and exits', () => {
    const script = `
      const addon = require(${JSON.stringify(addonPath())});
      const image = Buffer.from(${JSON.stringify(Buffer.from(twoAxis).toString('base64'))}, 'base64');
      const m = addon.openSim(image, { abi: '1.6' });
      m.request();
      m.configure(${JSON.stringify(axesPlan())});
      const act = m.activate();
      m.startCycle({ cycleTimeNs: 1000000 }, new SharedArrayBuffer(act.sharedSize), () => {});
      setTimeout(() => process.exit(3), 50);
    `;
    const r = spawnSync(process.execPath, ['-e', script], { timeout: 20000, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(3);
  });
});

describe('worker_threads: load and use the addon in several environments at once', () => {
  it('two workers each open their own virtual master and reserve it', async () => {
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const w = new Worker(
          `
          const { parentPort, workerData } = require('node:worker_threads');
          const addon = require(workerData.addon);
          const m = addon.openSim(workerData.image, { abi: '1.6' });
          m.request();
          m.sdoUploadAsync(0, 0x1018, 1, 4).then((b) => { parentPort.postMessage(m.phase() + ':' + b.readUInt32LE(0)); m.close(); });
          `,
          { eval: true, workerData: { addon: addonPath(), image: twoAxis } },
        );
        w.once('message', (msg) => resolve(String(msg)));
        w.once('error', reject);
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a).toBe(`reserved:${VENDOR}`);
    expect(b).toBe(`reserved:${VENDOR}`);
  });
});
