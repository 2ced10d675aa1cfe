// SPDX-License-Identifier: MIT
// Real-time readiness of this process: RLIMIT_RTPRIO and RLIMIT_MEMLOCK (from
// /proc/self/limits, which is what the RT thread will get), and whether the kernel is
// PREEMPT_RT (/sys/kernel/realtime, or "PREEMPT_RT"/"PREEMPT RT" in uname -v).
import { kernelVersionString } from './kernel.js';
import type { Probe } from './probe.js';

export interface Limit {
  /** null = unlimited */
  soft: number | null;
  hard: number | null;
}

export interface RtInfo {
  rtprio: Limit;
  /** bytes */
  memlock: Limit;
  preemptRt: boolean;
  /** How preemptRt was decided. */
  preemptSource: 'sysfs' | 'uname' | 'none';
  kernelVersion: string;
}

function parseValue(v: string | undefined): number | null {
  if (v === undefined || v === 'unlimited') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

/** Read one row of /proc/<pid>/limits ("Max realtime priority  0  0"). */
export function parseLimit(text: string, name: string): Limit {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const [soft, hard] = line.slice(name.length).trim().split(/\s+/);
    return { soft: parseValue(soft), hard: parseValue(hard) };
  }
  return { soft: 0, hard: 0 };
}

export async function detectRt(probe: Probe): Promise<RtInfo> {
  const limits = (await probe.fs.readText('/proc/self/limits')) ?? '';
  const kernelVersion = await kernelVersionString(probe).catch(() => '');
  const sysfs = (await probe.fs.readText('/sys/kernel/realtime'))?.trim();
  let preemptRt = false;
  let preemptSource: RtInfo['preemptSource'] = 'none';
  if (sysfs !== undefined) {
    preemptRt = sysfs === '1';
    preemptSource = 'sysfs';
  } else if (/PREEMPT[_ ]RT/.test(kernelVersion)) {
    preemptRt = true;
    preemptSource = 'uname';
  }
  return {
    rtprio: parseLimit(limits, 'Max realtime priority'),
    memlock: parseLimit(limits, 'Max locked memory'),
    preemptRt,
    preemptSource,
    kernelVersion,
  };
}
