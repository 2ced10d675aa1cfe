// SPDX-License-Identifier: MIT
// `ecat master`: phase, slave count, per-device and common frame statistics with 1 s/10 s/60 s
// rate columns (width 6), and the distributed-clock times with the application time also shown
// as a UTC date (the EtherCAT epoch is 2000-01-01). Layout as the `ethercat` tool prints it.
import type { NativeDeviceStats, NativeMasterInfo } from '../binding/native.js';
import { cFixed, lines, right } from './text.js';

const COL = 6;
/** Seconds between the Unix epoch and the EtherCAT epoch (2000-01-01T00:00:00Z). */
const EPOCH_2000 = 946684800n;

const phases: Record<number, string> = { 0: 'Waiting for device(s)...', 1: 'Idle', 2: 'Operation' };

/** Three rate columns: the native values are scaled (frames: 1/1000; bytes: per 1024 for KByte). */
function rateCols(values: readonly number[], scale: number, decimals: number): string {
  return [0, 1, 2].map((i) => right(cFixed((values[i] ?? 0) / scale, decimals), COL)).join(' ');
}

function lossPercent(loss: readonly number[], tx: readonly number[]): string {
  return [0, 1, 2]
    .map((i) => {
      const t = tx[i] ?? 0;
      const pct = t ? (100 * (loss[i] ?? 0)) / t : 0;
      return right(cFixed(pct, 1), COL);
    })
    .join(' ');
}

function deviceBlock(d: NativeDeviceStats, backup: boolean): string[] {
  return [
    `    ${backup ? 'Backup' : 'Main'}: ${d.mac.toLowerCase()} (${d.attached ? 'attached' : 'waiting...'})`,
    `      Link: ${d.linkUp ? 'UP' : 'DOWN'}`,
    `      Tx frames:   ${d.txCount}`,
    `      Tx bytes:    ${d.txBytes}`,
    `      Rx frames:   ${d.rxCount}`,
    `      Rx bytes:    ${d.rxBytes}`,
    `      Tx errors:   ${d.txErrors}`,
    `      Tx frame rate [1/s]: ${rateCols(d.txFrameRates, 1000, 0)}`,
    `      Tx rate [KByte/s]:   ${rateCols(d.txByteRates, 1024, 1)}`,
    `      Rx frame rate [1/s]: ${rateCols(d.rxFrameRates, 1000, 0)}`,
    `      Rx rate [KByte/s]:   ${rateCols(d.rxByteRates, 1024, 1)}`,
  ];
}

/** Frames sent but not received; one frame in flight is tolerated, as in the tool. */
export function lostFrames(m: NativeMasterInfo): number {
  const lost = (m.txCount - m.rxCount) >>> 0;
  return lost === 1 ? 0 : lost;
}

/** `YYYY-MM-DD HH:MM:SS.nnnnnnnnn` (UTC) for a time in ns since 2000-01-01. */
export function ecatTimeUtc(ns: bigint): string {
  const secs = ns / 1000000000n + EPOCH_2000;
  const frac = ns % 1000000000n;
  const d = new Date(Number(secs) * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  return `${date} ${time}.${frac.toString().padStart(9, '0')}`;
}

export function formatMaster(m: NativeMasterInfo, masterIndex: number): string {
  const out: string[] = [
    `Master${masterIndex}`,
    `  Phase: ${phases[m.phase] ?? '???'}`,
    `  Active: ${m.active ? 'yes' : 'no'}`,
    `  Slaves: ${m.slaveCount}`,
    '  Ethernet devices:',
  ];
  m.devices.forEach((d, i) => out.push(...deviceBlock(d, i > 0)));
  out.push(
    '    Common:',
    `      Tx frames:   ${m.txCount}`,
    `      Tx bytes:    ${m.txBytes}`,
    `      Rx frames:   ${m.rxCount}`,
    `      Rx bytes:    ${m.rxBytes}`,
    `      Lost frames: ${lostFrames(m)}`,
    `      Tx frame rate [1/s]: ${rateCols(m.txFrameRates, 1000, 0)}`,
    `      Tx rate [KByte/s]:   ${rateCols(m.txByteRates, 1024, 1)}`,
    `      Rx frame rate [1/s]: ${rateCols(m.rxFrameRates, 1000, 0)}`,
    `      Rx rate [KByte/s]:   ${rateCols(m.rxByteRates, 1024, 1)}`,
    `      Loss rate [1/s]:     ${rateCols(m.lossRates, 1000, 0)}`,
    `      Frame loss [%]:      ${lossPercent(m.lossRates, m.txFrameRates)}`,
    '  Distributed clocks:',
    `    Reference clock:   ${m.refClock !== 0xffff ? `Slave ${m.refClock}` : 'None'}`,
  );
  if (m.dcRefTime !== null) out.push(`    DC reference time: ${m.dcRefTime}`);
  out.push(`    Application time:  ${m.appTime}`, `                       ${ecatTimeUtc(m.appTime)}`);
  return lines(out);
}

// ---------------------------------------------------------------------------------------------
// JSON

/** Rates in natural units: frames/s, bytes/s. The three values are the 1 s, 10 s and 60 s averages. */
function rates(d: { txFrameRates: number[]; rxFrameRates: number[]; txByteRates: number[]; rxByteRates: number[] }) {
  const f = (v: number[]) => v.slice(0, 3).map((x) => x / 1000);
  return {
    txFrameRate: f(d.txFrameRates),
    rxFrameRate: f(d.rxFrameRates),
    txByteRate: d.txByteRates.slice(0, 3),
    rxByteRate: d.rxByteRates.slice(0, 3),
  };
}

/** `ecat master --json`. See docs/cli.md#master. */
export function masterJson(m: NativeMasterInfo, masterIndex: number): Record<string, unknown> {
  return {
    master: masterIndex,
    phase: (['waiting', 'idle', 'operation'] as const)[m.phase] ?? 'unknown',
    active: m.active,
    slaveCount: m.slaveCount,
    configCount: m.configCount,
    domainCount: m.domainCount,
    scanBusy: m.scanBusy,
    scanIndex: m.scanIndex,
    devices: m.devices.map((d, i) => ({
      role: i === 0 ? 'main' : 'backup',
      mac: d.mac.toLowerCase(),
      attached: d.attached,
      linkUp: d.linkUp,
      txFrames: d.txCount,
      txBytes: d.txBytes,
      rxFrames: d.rxCount,
      rxBytes: d.rxBytes,
      txErrors: d.txErrors,
      ...rates(d),
    })),
    common: {
      txFrames: m.txCount,
      txBytes: m.txBytes,
      rxFrames: m.rxCount,
      rxBytes: m.rxBytes,
      lostFrames: lostFrames(m),
      ...rates(m),
      lossRate: m.lossRates.slice(0, 3).map((x) => x / 1000),
    },
    distributedClocks: {
      referenceClock: m.refClock === 0xffff ? null : m.refClock,
      dcReferenceTime: m.dcRefTime === null ? null : m.dcRefTime.toString(),
      applicationTime: m.appTime.toString(),
      applicationTimeUtc: ecatTimeUtc(m.appTime).replace(' ', 'T') + 'Z',
    },
  };
}
