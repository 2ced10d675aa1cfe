// SPDX-License-Identifier: MIT
// An application on the kernel-hosted virtual master, through the public runtime API: reserve,
// configure from a bus file, activate (ACTIVATE + mmap of the process data from the module),
// cyclic exchange to OP, outputs seen by a second file on the node, inputs changing, and SDO
// transfers while cycling (which, as on IgH, complete only because the application cycles).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addon, DEVICE, example, inGuest, loadKernelTopology, onDevice, root } from './helpers.js';

/** Why the application phase cannot run here yet, or '' when it can. */
function missing(): string {
  if (!inGuest) return 'not in the VM guest';
  if (!existsSync(join(root, 'dist', 'runtime', 'index.js'))) return 'the runtime API (src/runtime) is not built';
  const info = addon().vbusKernelInfo(DEVICE);
  if (!info.features.includes('processData')) {
    return "ecat_vbus was built without process data: native/vbus/vbus.h has no vbus_process_data() (the virtual master's application phase)";
  }
  const m = addon().openDevice(DEVICE, { mode: 'ro' });
  try {
    if (typeof m.startCycle !== 'function') return 'the addon has no application calls yet (native/runtime, native/addon/runtime_wrap)';
  } finally {
    m.close();
  }
  return '';
}

const why = missing();
const skipped = (name: string): string => (why ? `${name} (skipped: ${why})` : name);

interface Cycling {
  layout: { byName: Map<string, { offset: number; bitPosition: number }>; domains: Array<{ offset: number }> };
  image: { get(name: string): unknown; set(name: string, v: unknown): void; publish(): void; sync(): void; cycle: number };
  cycleTimeNs: number;
  sdo: {
    upload(slave: string, index: number, subindex: number, type: string): Promise<unknown>;
    download(slave: string, index: number, subindex: number, value: number, type: string): Promise<void>;
  };
  on(event: 'cycle', listener: (e: { cycle: number }) => void): unknown;
  off(event: 'cycle', listener: (e: { cycle: number }) => void): unknown;
  stats(): { cycles: number; overruns: number };
  domainStates(): Array<{ wkc: number; expected: number }>;
  waitOperational(o: { timeoutMs: number }): Promise<void>;
  stop(): unknown;
  close(): void;
}

describe.skipIf(!inGuest)('application lifecycle on /dev/EtherCAT0 (examples/bus-io-rack.yaml)', { timeout: 180000 }, () => {
  let cycling: Cycling | undefined;
  let master: { close(): void } | undefined;

  beforeAll(async () => {
    await loadKernelTopology(example('io-rack.yaml'));
  });
  afterAll(() => {
    master?.close();
  });

  /** Resolve after `n` more cycles of the application. */
  const cycles = (n: number): Promise<void> =>
    new Promise((resolve) => {
      const until = (cycling as Cycling).image.cycle + n;
      const listener = (e: { cycle: number }) => {
        if (e.cycle >= until) {
          (cycling as Cycling).off('cycle', listener);
          resolve();
        }
      };
      (cycling as Cycling).on('cycle', listener);
    });

  it.skipIf(!!why)(skipped('reaches OP: configure, activate (mmap of the module\'s process data), start'), async () => {
    const { Master } = (await import(join(root, 'dist', 'index.js'))) as {
      Master: { open(o: object): Promise<{ configure(bus: string): Promise<{ activate(): { start(o: object): Promise<Cycling> } }>; close(): void }> };
    };
    const opened = await Master.open({ device: DEVICE, readiness: 'off', closeOnExit: false });
    master = opened;
    const configured = await opened.configure(example('bus-io-rack.yaml'));
    // The runtime's defaults (SCHED_FIFO, memory locking of the cyclic thread's working set,
    // which includes the mapping of the module's process data), adapted to the emulated guest,
    // 5-20x slower than a real machine: a slow bus cycle, time for the first cycle, and no
    // output watchdog. The JS thread here stalls for longer than the default 100 ms (the
    // in-process CLI calls of these tests run on it), which would switch the outputs to their
    // safe values (all off) under the test's feet.
    cycling = await configured.activate().start({ cycleTime: '10ms', watchdogMs: 0, firstCycleTimeoutMs: 30000 });
    await cycling.waitOperational({ timeoutMs: 60000 });
    const slaves = await onDevice(['slaves']);
    expect(slaves.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)[2])).toEqual(['OP', 'OP', 'OP', 'OP']);
    expect(cycling.domainStates()[0]).toMatchObject({ wkc: expect.any(Number) });
    const d = cycling.domainStates()[0] as { wkc: number; expected: number };
    expect(d.wkc).toBe(d.expected);
  });

  it.skipIf(!!why)(skipped('cyclic exchange: outputs reach the slave, inputs change'), async () => {
    const c = cycling as Cycling;
    const pattern = [true, false, true, true, false, false, true, false];
    pattern.forEach((v, i) => c.image.set(`do${i + 1}`, v));
    c.image.publish();
    // A second file on the node (the diagnostic tool) reads the domain's process data from the
    // core: the outputs written through the mapping arrive there within a few cycles (polled:
    // the JS side of the emulated guest lags the cyclic thread by many cycles).
    const layout = c.layout;
    const base = (layout.domains[0] as { offset: number }).offset;
    const outputsInCore = async (): Promise<boolean[]> => {
      const data = await onDevice(['--json', 'data']);
      expect(data.code).toBe(0);
      const domain = (JSON.parse(data.stdout) as { domains: Array<{ data: string }> }).domains[0] as { data: string };
      const bytes = Buffer.from(domain.data, 'hex');
      return pattern.map((_, i) => {
        const v = layout.byName.get(`do${i + 1}`) as { offset: number; bitPosition: number };
        return (((bytes[v.offset - base] ?? 0) >> v.bitPosition) & 1) === 1;
      });
    };
    let seen = await outputsInCore();
    for (let i = 0; i < 100 && JSON.stringify(seen) !== JSON.stringify(pattern); i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await outputsInCore();
    }
    expect(seen).toEqual(pattern);
    // The virtual EL1008 counts in binary every 100 ms of bus time.
    const bits = (): number => [1, 2, 3, 4, 5, 6, 7, 8].reduce((acc, n) => acc | ((c.image.get(`di${n}`) ? 1 : 0) << (n - 1)), 0);
    c.image.sync();
    const first = bits();
    let now = first;
    for (let i = 0; i < 100 && now === first; i++) {
      await cycles(10);
      c.image.sync();
      now = bits();
    }
    expect(now).not.toBe(first);
    expect(c.stats().cycles).toBeGreaterThan(10);
  });

  it.skipIf(!!why)(skipped('SDO upload and download while cycling'), async () => {
    const c = cycling as Cycling;
    expect(await c.sdo.upload('analog', 0x8000, 0x13, 'int16')).toBe(16000);
    await c.sdo.download('analog', 0x8000, 0x13, 12000, 'int16');
    expect(await c.sdo.upload('analog', 0x8000, 0x13, 'int16')).toBe(12000);
    // The diagnostic tool on another file: its upload also completes only while cycling.
    expect((await onDevice(['upload', '-p', '3', '0x8000', '0x13'])).stdout).toBe('0x2ee0 12000\n');
  });

  it.skipIf(!!why)(skipped('stop and close release the master'), async () => {
    const c = cycling as Cycling;
    c.stop();
    master?.close();
    master = undefined;
    const m = addon().openDevice(DEVICE, { mode: 'ro' });
    try {
      expect(m.master().phase).toBe(1); // idle again
    } finally {
      m.close();
    }
  });
});
