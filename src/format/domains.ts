// SPDX-License-Identifier: MIT
// `ecat domains`: one summary line per domain (logical base address, size, working counter
// sum / expected, and the per-device counters when there is a backup device); with -v the FMMUs
// of each domain and their current process data as hex bytes, 16 per line. The tool's layout.
import { hex0x, hexBytes, hexDumpTrailing, lines, right } from './text.js';
import type { DomainData } from './types.js';

function wcSum(counters: readonly number[], devices: number): number {
  let sum = 0;
  for (let i = 0; i < devices; i++) sum += counters[i] ?? 0;
  return sum;
}

export interface DomainsFormatOptions {
  /** Number of Ethernet devices of the master (2 with a backup device). */
  devices: number;
  verbose?: boolean;
}

/** Thrown when an FMMU points outside its domain's data (corrupt information from the master). */
export class FmmuRangeError extends Error {}

export function formatDomain(d: DomainData, o: DomainsFormatOptions): string {
  const dom = d.domain;
  const devices = Math.max(1, o.devices);
  let head =
    `Domain${dom.index}: LogBaseAddr ${hex0x(dom.logicalBaseAddress, 8)}, Size ${right(dom.dataSize, 3)}, ` +
    `WorkingCounter ${wcSum(dom.workingCounter, devices)}/${dom.expectedWorkingCounter}`;
  if (devices > 1) head += ` (${dom.workingCounter.slice(0, devices).join('+')})`;
  const out = [head];
  if (o.verbose && dom.dataSize && d.data) {
    for (const f of d.fmmus) {
      out.push(
        `  SlaveConfig ${f.slaveConfigAlias}:${f.slaveConfigPosition}, SM${f.syncIndex} (${right(f.dir === 2 ? 'Input' : 'Output', 6)}), ` +
          `LogAddr ${hex0x(f.logicalAddress, 8)}, Size ${f.dataSize}`,
      );
      const offset = f.logicalAddress - dom.logicalBaseAddress;
      if (offset < 0 || offset + f.dataSize > dom.dataSize) throw new FmmuRangeError('Fmmu information corrupted!');
      out.push(...hexDumpTrailing(d.data.subarray(offset, offset + f.dataSize), '    '));
    }
  }
  return lines(out);
}

export function formatDomains(list: readonly DomainData[], o: DomainsFormatOptions): string {
  return list.map((d) => formatDomain(d, o)).join('');
}

/** `ecat domains --json`; `data` and per-FMMU bytes appear with -v. See docs/cli.md#domains. */
export function domainsJson(list: readonly DomainData[], masterIndex: number, devices: number): Record<string, unknown> {
  return {
    master: masterIndex,
    domains: list.map(({ domain: d, fmmus, data }) => ({
      index: d.index,
      logicalBaseAddress: d.logicalBaseAddress,
      logicalBaseAddressHex: hex0x(d.logicalBaseAddress, 8),
      size: d.dataSize,
      workingCounter: wcSum(d.workingCounter, Math.max(1, devices)),
      expectedWorkingCounter: d.expectedWorkingCounter,
      workingCounterPerDevice: d.workingCounter.slice(0, Math.max(1, devices)),
      fmmus: fmmus.map((f) => {
        const offset = f.logicalAddress - d.logicalBaseAddress;
        return {
          slaveConfig: { alias: f.slaveConfigAlias, position: f.slaveConfigPosition },
          syncIndex: f.syncIndex,
          direction: f.dir === 2 ? 'input' : 'output',
          logicalAddress: f.logicalAddress,
          logicalAddressHex: hex0x(f.logicalAddress, 8),
          size: f.dataSize,
          ...(data ? { data: hexBytes(data.subarray(offset, offset + f.dataSize)) } : {}),
        };
      }),
      ...(data ? { data: hexBytes(data) } : {}),
    })),
  };
}
