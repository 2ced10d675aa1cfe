// SPDX-License-Identifier: MIT
// A fake native master for the runtime's unit tests: the inspection calls a bus check needs,
// answered from plain slave descriptions, plus NativeApplication on a plain SharedArrayBuffer.
// It plays the cyclic thread itself: step() runs one cycle (slave models turn outputs into
// inputs, the input triple buffer is published, fresh outputs are taken, the watchdog and the
// statistics are kept, events are pushed to the ring and `wake` is called, coalesced). The
// shared-image offsets are written out here from docs/runtime.md section 3 on purpose, instead
// of importing src/runtime/shared/layout.ts, so a wrong offset on either side shows up.
import type {
  NativeActivation,
  NativeApplication,
  NativeCycleOptions,
  NativeLayout,
  NativeMaster,
  NativePlan,
  NativeSimControl,
  NativeSimFault,
} from '../../src/binding/native.js';

export interface FakeEntry {
  index: number;
  subindex: number;
  bitLength: number;
  name?: string;
}
export interface FakePdo {
  index: number;
  name?: string;
  entries: FakeEntry[];
}
export interface FakeSync {
  index: number;
  dir: 'output' | 'input';
  pdos: FakePdo[];
}
/** Access to one slave's process data by object, for slave models. */
export interface ModelIO {
  /** Unsigned value of a mapped entry (outputs as last applied, inputs as last written). */
  get(index: number, subindex: number): number;
  /** Signed value of a mapped entry. */
  getSigned(index: number, subindex: number): number;
  set(index: number, subindex: number, value: number): void;
  has(index: number, subindex: number): boolean;
  cycle: number;
}
export interface FakeSlave {
  name: string;
  vendorId: number;
  productCode: number;
  revision?: number;
  alias?: number;
  syncs: FakeSync[];
  /** Object dictionary for SDO transfers: "index:subindex" (hex) -> bytes. */
  sdo?: Record<string, number[]>;
  /** Runs each cycle after outputs were applied. */
  model?: (io: ModelIO) => void;
}

// docs/runtime.md section 3
const MAGIC = 0x54524345;
const H = { magic: 0, version: 4, size: 8, cap: 12, run: 16, inMid: 20, outMid: 24, heartbeat: 28, wd: 32, head: 36, tail: 40, dropped: 44, grants: 48, cycles: 56, overruns: 64, lastPeriod: 72, minPeriod: 80, maxPeriod: 88, lastExec: 96, maxExec: 104, lastLat: 112, maxLat: 120, hist: 128, domains: 384, configs: 640, buffers: 4736 };

interface Placed {
  slave: number;
  sync: FakeSync;
  domain: number;
  offset: number; // within its domain
  size: number;
}

export type FakeNative = NativeMaster & NativeApplication & NativeSimControl & FakeControl;

export interface FakeControl {
  /** Run one cycle of the fake cyclic thread. */
  step(n?: number): void;
  /** Stop the automatic 1 ms stepping (tests then call step()). */
  pause(): void;
  resume(): void;
  /** Calls made, in order. */
  calls: string[];
  /** The last plan given to configure(). */
  plan: NativePlan | null;
  lastCycleOptions: NativeCycleOptions | null;
  /** Process data as the slaves see it. */
  processData: Uint8Array;
  faults: NativeSimFault[];
  /** Cycles after which a slave config reports OP (default 3). */
  opAfter: number;
  /** Make the next startCycle() fail with this error. */
  failStart: Error | null;
  /** Do not write the shared header (a native side that ignores the layout). */
  skipHeader: boolean;
  /** Stop completing cycles (start() then times out). */
  stall: boolean;
  /** Fail configure()/activate() natively. */
  failConfigure: Error | null;
  /** Push a raw event record. */
  push(type: number, a?: number, b?: number, c?: number, d?: number): void;
  /** Pending mailbox transfers, resolved by step(). */
  pendingMailbox: number;
  eventCapacity: number;
}

function errnoError(message: string, errno: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { errno, ...extra });
}

/** A fake master over `slaves` (in ring order). */
export function fakeNative(slaves: FakeSlave[], options: { kind?: 'sim' | 'kernel'; writable?: boolean; app?: boolean } = {}): FakeNative {
  let phase = 'opened';
  let plan: NativePlan | null = null;
  let placed: Placed[] = [];
  let domainOffsets: number[] = [];
  let size = 0;
  let shared: SharedArrayBuffer | null = null;
  let i32: Int32Array | null = null;
  let view: DataView | null = null;
  let wake: (() => void) | null = null;
  let wakePending = false;
  let timer: NodeJS.Timeout | null = null;
  let inBack = 0;
  let outFront = 2;
  let cycles = 0;
  let lastHeartbeat = 0;
  let lastHeartbeatCycle = 0;
  let tripped = false;
  let stride = 0;
  let opts: NativeCycleOptions | null = null;
  const configState: Array<{ al: number; online: boolean }> = [];
  const lost = new Set<number>();
  const wkcDrop = new Set<number>();
  const aborts = new Map<string, number>();
  const mailbox: Array<() => void> = [];
  let linkUp = true;
  let lastWkc: number[] = [];

  const ctrl: FakeControl = {
    calls: [],
    plan: null,
    lastCycleOptions: null,
    processData: new Uint8Array(0),
    faults: [],
    opAfter: 3,
    failStart: null,
    skipHeader: false,
    stall: false,
    failConfigure: null,
    pendingMailbox: 0,
    eventCapacity: 64,
    step(n = 1) {
      for (let k = 0; k < n; k++) cycle();
    },
    pause() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    resume() {
      if (!timer && phase === 'cycling') timer = setInterval(() => cycle(), 1);
    },
    push,
  };

  const at = (p: number): FakeSlave => {
    const s = slaves[p];
    if (!s) throw errnoError(`no slave ${p}`, 22);
    return s;
  };
  const configSlave = (i: number): number => {
    const c = plan?.slaves[i];
    if (!c) return -1;
    if (c.alias === 0) return c.position;
    const first = slaves.findIndex((s) => (s.alias ?? 0) === c.alias);
    return first < 0 ? -1 : first + c.position;
  };
  const syncsOf = (i: number): FakeSync[] => {
    const c = plan?.slaves[i];
    if (c?.syncs) return c.syncs.map((y) => ({ index: y.index, dir: y.dir, pdos: y.pdos.map((p) => ({ index: p.index, entries: p.entries })) }));
    return at(configSlave(i)).syncs;
  };

  /** Bit offset of an entry in a sync's data, or -1. */
  function bitIn(sync: FakeSync, index: number, subindex: number): { bit: number; len: number } | null {
    let bit = 0;
    for (const p of sync.pdos) {
      for (const e of p.entries) {
        if (e.index === index && e.subindex === subindex && index !== 0) return { bit, len: e.bitLength };
        bit += e.bitLength;
      }
    }
    return null;
  }
  const syncBytes = (s: FakeSync): number => Math.ceil(s.pdos.reduce((a, p) => a + p.entries.reduce((b, e) => b + e.bitLength, 0), 0) / 8);

  function push(type: number, a = 0, b = 0, c = 0, d = 0): void {
    if (!view || !i32) return;
    const cap = ctrl.eventCapacity;
    const head = Atomics.load(i32, H.head / 4);
    const tail = Atomics.load(i32, H.tail / 4);
    if (((head - tail) & 0x7fffffff) >= cap) {
      Atomics.add(i32, H.dropped / 4, 1);
      return;
    }
    const ring = H.buffers + 6 * stride;
    const o = ring + (head % cap) * 32;
    view.setUint16(o, type, true);
    view.setUint16(o + 2, 0, true);
    view.setUint32(o + 4, cycles >>> 0, true);
    view.setBigUint64(o + 8, BigInt(cycles) * 1000000n, true);
    view.setInt32(o + 16, a, true);
    view.setInt32(o + 20, b, true);
    view.setInt32(o + 24, c, true);
    view.setInt32(o + 28, d, true);
    Atomics.store(i32, H.head / 4, (head + 1) & 0x7fffffff);
    if (!wakePending && wake) {
      wakePending = true;
      setImmediate(() => {
        wakePending = false;
        wake?.();
      });
    }
  }

  function io(slaveIndex: number): ModelIO {
    const find = (index: number, subindex: number): { at: number; bit: number; len: number } | null => {
      for (const p of placed) {
        if (p.slave !== slaveIndex) continue;
        const b = bitIn(p.sync, index, subindex);
        if (b) return { at: (domainOffsets[p.domain] ?? 0) + p.offset, bit: b.bit, len: b.len };
      }
      return null;
    };
    const pd = ctrl.processData;
    const read = (index: number, subindex: number): { v: number; len: number } => {
      const f = find(index, subindex);
      if (!f) throw new Error(`fake: ${index.toString(16)}:${subindex} not mapped for slave ${slaveIndex}`);
      let v = 0;
      for (let i = 0; i < f.len; i++) {
        const bit = f.bit + i;
        if (((pd[f.at + (bit >> 3)] ?? 0) >> (bit & 7)) & 1) v += 2 ** i;
      }
      return { v, len: f.len };
    };
    return {
      cycle: cycles,
      has: (index, subindex) => find(index, subindex) !== null,
      get: (index, subindex) => read(index, subindex).v,
      getSigned: (index, subindex) => {
        const { v, len } = read(index, subindex);
        return v >= 2 ** (len - 1) ? v - 2 ** len : v;
      },
      set: (index, subindex, value) => {
        const f = find(index, subindex);
        if (!f) throw new Error(`fake: ${index.toString(16)}:${subindex} not mapped for slave ${slaveIndex}`);
        let u = value < 0 ? value + 2 ** f.len : value;
        for (let i = 0; i < f.len; i++) {
          const bit = f.bit + i;
          const byte = f.at + (bit >> 3);
          const mask = 1 << (bit & 7);
          pd[byte] = u % 2 === 1 ? (pd[byte] ?? 0) | mask : (pd[byte] ?? 0) & ~mask;
          u = Math.floor(u / 2);
        }
      },
    };
  }

  function cycle(): void {
    if (phase !== 'cycling' || !i32 || !view || !opts || !shared) return;
    if (ctrl.stall) return;
    cycles++;
    const pd = ctrl.processData;
    // take outputs
    if (Atomics.load(i32, H.outMid / 4) & 0x100) {
      const old = Atomics.exchange(i32, H.outMid / 4, outFront);
      outFront = old & 3;
    }
    const hb = Atomics.load(i32, H.heartbeat / 4);
    if (hb !== lastHeartbeat) {
      lastHeartbeat = hb;
      lastHeartbeatCycle = cycles;
      if (tripped) {
        tripped = false;
        Atomics.store(i32, H.wd / 4, 0);
        push(5, 0);
      }
    }
    const wdCycles = opts.watchdogMs ? Math.ceil((opts.watchdogMs * 1e6) / opts.cycleTimeNs) : 0;
    if (wdCycles > 0 && !tripped && cycles - lastHeartbeatCycle > wdCycles) {
      tripped = true;
      Atomics.store(i32, H.wd / 4, 1);
      push(5, 1);
    }
    const outBase = H.buffers + (3 + outFront) * stride;
    for (const p of placed) {
      if (p.sync.dir !== 'output') continue;
      const off = (domainOffsets[p.domain] ?? 0) + p.offset;
      const src = tripped ? (opts.safeOutputs ?? new Uint8Array(size)).subarray(off, off + p.size) : new Uint8Array(shared, outBase + off, p.size);
      pd.set(src, off);
    }
    // slaves
    slaves.forEach((s, pos) => {
      const i = plan?.slaves.findIndex((_, k) => configSlave(k) === pos) ?? -1;
      if (i < 0) return;
      const st = configState[i];
      if (!st) return;
      const wasOnline = st.online;
      st.online = !lost.has(pos) && linkUp;
      if (wasOnline !== st.online) push(st.online ? 8 : 7, i);
      const target = st.online ? (cycles >= ctrl.opAfter ? 8 : cycles >= 1 ? 4 : 2) : st.al;
      if (st.online && target !== st.al && (target !== 8 || st.al !== 8)) {
        const from = st.al;
        st.al = target;
        push(1, i, from, target, (st.online ? 1 : 0) | (target === 8 ? 2 : 0));
      }
      if (st.online && s.model) s.model(io(i));
    });
    // domain wkc
    domainOffsets.forEach((_, d) => {
      const expected = placed.filter((p) => p.domain === d).length;
      const wkc = placed.filter((p) => p.domain === d && !wkcDrop.has(configSlave(p.slave)) && !lost.has(configSlave(p.slave)) && linkUp).length;
      if (lastWkc[d] !== wkc) {
        lastWkc[d] = wkc;
        push(2, d, wkc, expected, wkc === 0 ? 0 : wkc < expected ? 1 : 2);
      }
      const o = H.domains + 16 * d;
      view?.setUint32(o, wkc, true);
      view?.setUint32(o + 4, expected, true);
      view?.setUint32(o + 8, wkc === 0 ? 0 : wkc < expected ? 1 : 2, true);
      view?.setUint32(o + 12, cycles, true);
    });
    configState.forEach((st, i) => view?.setUint32(H.configs + 4 * i, (st.online ? 1 : 0) | (st.al === 8 && st.online ? 2 : 0) | (st.al << 2), true));
    // publish inputs
    const inBase = H.buffers + inBack * stride;
    new Uint8Array(shared, inBase, size).set(pd);
    const old = Atomics.exchange(i32, H.inMid / 4, inBack | 0x100);
    inBack = old & 3;
    // stats
    const i64 = new BigInt64Array(shared, 0, 16);
    Atomics.store(i64, H.cycles / 8, BigInt(cycles));
    Atomics.store(i64, H.lastPeriod / 8, BigInt(opts.cycleTimeNs + (cycles % 3) * 1000));
    if (cycles === 1) Atomics.store(i64, H.minPeriod / 8, BigInt(opts.cycleTimeNs));
    Atomics.store(i64, H.maxPeriod / 8, BigInt(opts.cycleTimeNs + 2000));
    Atomics.store(i64, H.lastExec / 8, 5000n);
    Atomics.store(i64, H.maxExec / 8, 9000n);
    Atomics.store(i64, H.lastLat / 8, 3000n);
    Atomics.store(i64, H.maxLat / 8, 7000n);
    const bucket = 11; // 2048..4095 ns
    view.setUint32(H.hist + 4 * bucket, view.getUint32(H.hist + 4 * bucket, true) + 1, true);
    // mailbox completes only while cycling, as on IgH
    const jobs = mailbox.splice(0);
    ctrl.pendingMailbox = 0;
    for (const j of jobs) j();
  }

  const base = {
    kind: options.kind ?? 'sim',
    path: options.kind === 'kernel' ? '/dev/EtherCAT0' : 'sim:fake.yaml',
    writable: options.writable ?? true,
    detection: { magic: 37, abi: { id: '1.6', description: 'fake', magic: 37, devices: 1 }, probes: [] },
    module: () => ({ magic: 37, masterCount: 1 }),
    master: () => ({ slaveCount: slaves.length }) as ReturnType<NativeMaster['master']>,
    masterState: () => ({ slavesResponding: slaves.length, alStates: 2, linkUp }),
    slave: (p: number) => {
      const s = at(p);
      return {
        position: p,
        vendorId: s.vendorId,
        productCode: s.productCode,
        revisionNumber: s.revision ?? 1,
        alias: s.alias ?? 0,
        name: s.name,
        mailboxProtocols: s.sdo ? 4 : 0,
        syncCount: s.syncs.length,
        sdoCount: 0,
        alState: 2,
      } as ReturnType<NativeMaster['slave']>;
    },
    slaveSync: (p: number, i: number) => {
      const y = at(p).syncs[i];
      if (!y) throw errnoError('no sync', 22);
      return { index: y.index, physicalStartAddress: 0x1000, defaultSize: syncBytes(y), controlRegister: y.dir === 'output' ? 0x64 : 0x20, enable: true, pdoCount: y.pdos.length };
    },
    slaveSyncPdo: (p: number, i: number, k: number) => {
      const pdo = at(p).syncs[i]?.pdos[k];
      if (!pdo) throw errnoError('no pdo', 22);
      return { index: pdo.index, entryCount: pdo.entries.length, name: pdo.name ?? '' };
    },
    slaveSyncPdoEntry: (p: number, i: number, k: number, e: number) => {
      const en = at(p).syncs[i]?.pdos[k]?.entries[e];
      if (!en) throw errnoError('no entry', 22);
      return { index: en.index, subindex: en.subindex, bitLength: en.bitLength, name: en.name ?? '' };
    },
    slaveSdo: () => {
      throw errnoError('no sdo info', 22);
    },
    slaveSdoEntry: () => {
      throw errnoError('no sdo info', 22);
    },
    simState: () => null,
    close: () => {
      ctrl.calls.push('close');
      ctrl.pause();
      phase = 'closed';
    },
    simFault(f: NativeSimFault) {
      ctrl.faults.push(f);
      if (f.kind === 'slave-lost') {
        if (f.lost) lost.add(f.slave);
        else lost.delete(f.slave);
      } else if (f.kind === 'link') {
        linkUp = f.up;
        push(4, linkUp ? slaves.length : 0, linkUp ? 8 : 0, linkUp ? 1 : 0);
      } else if (f.kind === 'wkc-drop') {
        if (f.drop) wkcDrop.add(f.slave);
        else wkcDrop.delete(f.slave);
      } else if (f.kind === 'sdo-abort') aborts.set(`${f.slave}:${f.index}:${f.subindex}`, f.code);
    },
  };

  const app: NativeApplication = {
    request() {
      ctrl.calls.push('request');
      if (phase !== 'opened') throw errnoError('EBUSY', 16, { request: 'EC_IOCTL_REQUEST' });
      phase = 'reserved';
    },
    configure(p: NativePlan): NativeLayout {
      ctrl.calls.push('configure');
      if (ctrl.failConfigure) throw ctrl.failConfigure;
      if (phase !== 'reserved') throw Object.assign(new Error(`configure in phase ${phase}`), { ecatCode: 'INVALID_ARGUMENT' });
      plan = p;
      ctrl.plan = p;
      placed = [];
      const domainSizes = p.domains.map(() => 0);
      p.slaves.forEach((_, i) => configState.push({ al: 1, online: true }));
      // Like IgH: a registered entry brings its whole sync manager into the domain, in registration order.
      const variables = p.variables.map((v) => {
        const syncs = syncsOf(v.slave);
        for (const sync of syncs) {
          const b = bitIn(sync, v.index, v.subindex);
          if (!b) continue;
          let pl = placed.find((x) => x.slave === v.slave && x.sync.index === sync.index);
          if (!pl) {
            pl = { slave: v.slave, sync, domain: v.domain, offset: domainSizes[v.domain] ?? 0, size: syncBytes(sync) };
            placed.push(pl);
            domainSizes[v.domain] = (domainSizes[v.domain] ?? 0) + pl.size;
          }
          return { domain: v.domain, offset: pl.offset + (b.bit >> 3), bitPosition: b.bit & 7 };
        }
        throw errnoError(`entry 0x${v.index.toString(16)}:${v.subindex} not mapped`, 2, { request: 'EC_IOCTL_SC_REG_PDO_ENTRY' });
      });
      phase = 'configured';
      return { configIndices: p.slaves.map((_, i) => i), domainIndices: p.domains.map((_, i) => i), variables, domainSizes };
    },
    activate(): NativeActivation {
      ctrl.calls.push('activate');
      if (phase !== 'configured') throw Object.assign(new Error(`activate in phase ${phase}`), { ecatCode: 'INVALID_ARGUMENT' });
      const sizes = plan?.domains.map((_, d) => placed.filter((x) => x.domain === d).reduce((a, x) => a + x.size, 0)) ?? [];
      domainOffsets = [];
      let off = 0;
      for (const s of sizes) {
        domainOffsets.push(off);
        off += s;
      }
      size = off;
      ctrl.processData = new Uint8Array(size);
      stride = Math.ceil(size / 8) * 8;
      const ranges = (dir: 'output' | 'input') => placed.filter((x) => x.sync.dir === dir).map((x) => ({ offset: (domainOffsets[x.domain] ?? 0) + x.offset, length: x.size }));
      phase = 'active';
      return {
        processDataSize: size,
        domains: sizes.map((s, i) => ({ index: i, offset: domainOffsets[i] ?? 0, size: s })),
        outputRanges: ranges('output'),
        inputRanges: ranges('input'),
        sharedSize: H.buffers + 6 * stride + ctrl.eventCapacity * 32,
        eventCapacity: ctrl.eventCapacity,
      };
    },
    startCycle(o: NativeCycleOptions, sab: SharedArrayBuffer, w: () => void) {
      ctrl.calls.push('startCycle');
      if (ctrl.failStart) throw ctrl.failStart;
      if (phase !== 'active') throw Object.assign(new Error(`startCycle in phase ${phase}`), { ecatCode: 'INVALID_ARGUMENT' });
      opts = o;
      ctrl.lastCycleOptions = o;
      shared = sab;
      view = new DataView(sab);
      i32 = new Int32Array(sab, 0, H.buffers / 4);
      if (!ctrl.skipHeader) {
        view.setUint32(H.magic, MAGIC, true);
        view.setUint32(H.version, 1, true);
        view.setUint32(H.size, size, true);
        view.setUint32(H.cap, ctrl.eventCapacity, true);
      } else view.setUint32(H.magic, 0, true);
      Atomics.store(i32, H.inMid / 4, 1);
      Atomics.store(i32, H.outMid / 4, 1);
      Atomics.store(i32, H.run / 4, 1);
      view.setUint32(H.grants, 2, true);
      inBack = 0;
      outFront = 2;
      cycles = 0;
      lastHeartbeat = 0;
      lastHeartbeatCycle = 0;
      tripped = false;
      lastWkc = [];
      wake = w;
      phase = 'cycling';
      ctrl.resume();
      return { granted: { schedFifo: false, affinity: true, mlockall: false }, warnings: ['SCHED_FIFO not granted (fake)', 'mlockall not granted (fake)'] };
    },
    stopCycle() {
      ctrl.calls.push('stopCycle');
      ctrl.pause();
      if (i32) Atomics.store(i32, H.run / 4, 0);
      if (phase === 'cycling') phase = 'active';
    },
    deactivate() {
      ctrl.calls.push('deactivate');
      phase = 'reserved';
    },
    configState(i: number) {
      const st = configState[i];
      return { online: st?.online ?? false, operational: st?.al === 8, alState: st?.al ?? 0 };
    },
    readProcessData: () => Buffer.from(ctrl.processData),
    sdoUploadAsync(position: number, index: number, subindex: number, maxSize: number) {
      return new Promise<Buffer>((resolve, reject) => {
        ctrl.pendingMailbox++;
        mailbox.push(() => {
          const abort = aborts.get(`${position}:${index}:${subindex}`);
          const key = `${index.toString(16)}:${subindex.toString(16)}`;
          const bytes = slaves[position]?.sdo?.[key];
          if (abort !== undefined) reject(Object.assign(new Error('aborted'), { abortCode: abort, errno: 5, request: 'EC_IOCTL_SLAVE_SDO_UPLOAD' }));
          else if (!bytes) reject(Object.assign(new Error('aborted'), { abortCode: 0x06020000, errno: 5, request: 'EC_IOCTL_SLAVE_SDO_UPLOAD' }));
          else resolve(Buffer.from(bytes.slice(0, maxSize)));
        });
      });
    },
    sdoDownloadAsync(position: number, index: number, subindex: number, data: Uint8Array) {
      return new Promise<void>((resolve, reject) => {
        ctrl.pendingMailbox++;
        mailbox.push(() => {
          const abort = aborts.get(`${position}:${index}:${subindex}`);
          const s = slaves[position];
          if (abort !== undefined || !s?.sdo) reject(Object.assign(new Error('aborted'), { abortCode: abort ?? 0x06020000, errno: 5 }));
          else {
            s.sdo[`${index.toString(16)}:${subindex.toString(16)}`] = [...data];
            resolve();
          }
        });
      });
    },
    regReadAsync(position: number, address: number, sizeBytes: number) {
      return Promise.resolve(Buffer.alloc(sizeBytes, address === 0x130 ? 8 : 0));
    },
    regWriteAsync() {
      return Promise.resolve();
    },
    siiReadAsync(_p: number, offset: number, nwords: number) {
      return Promise.resolve(Buffer.alloc(2 * nwords, offset & 0xff));
    },
    phase: () => phase,
  };
  const out = Object.assign(base, options.app === false ? {} : app, ctrl);
  // keep control accessors live (Object.assign copied values)
  return new Proxy(out, {
    get(target, prop, receiver) {
      if (prop in ctrl) return Reflect.get(ctrl, prop);
      return Reflect.get(target, prop, receiver);
    },
    set(_t, prop, value) {
      return Reflect.set(ctrl, prop, value);
    },
  }) as unknown as FakeNative;
}

/** A CiA 402 drive's default mapping (like the virtual master's cia402-servo). */
export function driveSyncs(): FakeSync[] {
  return [
    {
      index: 2,
      dir: 'output',
      pdos: [
        {
          index: 0x1600,
          entries: [
            { index: 0x6040, subindex: 0, bitLength: 16 },
            { index: 0x607a, subindex: 0, bitLength: 32 },
            { index: 0x60ff, subindex: 0, bitLength: 32 },
            { index: 0x6060, subindex: 0, bitLength: 8 },
          ],
        },
      ],
    },
    {
      index: 3,
      dir: 'input',
      pdos: [
        {
          index: 0x1a00,
          entries: [
            { index: 0x6041, subindex: 0, bitLength: 16 },
            { index: 0x6064, subindex: 0, bitLength: 32 },
            { index: 0x606c, subindex: 0, bitLength: 32 },
            { index: 0x6061, subindex: 0, bitLength: 8 },
            { index: 0x603f, subindex: 0, bitLength: 16 },
          ],
        },
      ],
    },
  ];
}

/** 8 one-bit PDOs starting at `pdo`, objects `obj` + 0x10 * n, subindex 1. */
export function bitSyncs(dir: 'output' | 'input', count = 8): FakeSync[] {
  const pdo = dir === 'output' ? 0x1600 : 0x1a00;
  const obj = dir === 'output' ? 0x7000 : 0x6000;
  return [{ index: 0, dir, pdos: Array.from({ length: count }, (_, n) => ({ index: pdo + n, entries: [{ index: obj + 0x10 * n, subindex: 1, bitLength: 1 }] })) }];
}
