// SPDX-License-Identifier: MIT
// What the figures were measured on: CPU, cores, kernel and its preemption model, clock
// source, hypervisor, Node/V8, memory, load average at the start, real-time limits, and the
// exact code (git commit, whether the tree had changes). Read from /proc, /sys and os; a field
// that cannot be read is null, never guessed.
// @ts-check
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** @param {string} path */
function read(path) {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** @param {string} cmd @param {string[]} args @param {string} [cwd] */
function run(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    return null;
  }
}

/** The whole description; `root` is the repository (for the git state). */
export function describeMachine(/** @type {string} */ root) {
  const cpuinfo = read('/proc/cpuinfo') ?? '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? null;
  const flags = /^flags\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.split(/\s+/) ?? [];
  const version = read('/proc/sys/kernel/version') ?? os.version();
  const realtimeFlag = read('/sys/kernel/realtime'); // "1" on PREEMPT_RT kernels
  const preemptRt = realtimeFlag === '1' || /PREEMPT_RT/.test(version ?? '');
  const preemptModel = /PREEMPT_RT/.test(version) ? 'PREEMPT_RT' : /PREEMPT_DYNAMIC/.test(version) ? 'PREEMPT_DYNAMIC' : /PREEMPT/.test(version) ? 'PREEMPT' : 'none (voluntary/server)';
  const vm = run('systemd-detect-virt', ['--vm']);
  const hypervisor = flags.includes('hypervisor') ? (vm && vm !== 'none' ? vm : 'yes (type unknown)') : 'none detected';
  const container = run('systemd-detect-virt', ['--container']);
  const commit = run('git', ['rev-parse', 'HEAD'], root);
  const dirty = run('git', ['status', '--porcelain', '--untracked-files=no'], root);
  const limits = read('/proc/self/limits') ?? '';
  const rtprio = /^Max realtime priority\s+(\S+)\s+(\S+)/m.exec(limits);
  const memlock = /^Max locked memory\s+(\S+)\s+(\S+)/m.exec(limits);
  return {
    cpuModel: model,
    logicalCpus: os.cpus().length,
    onlineCpus: read('/sys/devices/system/cpu/online'),
    arch: os.arch(),
    kernel: { release: os.release(), version, preemptModel, preemptRt },
    isolatedCpus: read('/sys/devices/system/cpu/isolated') || 'none',
    clocksource: read('/sys/devices/system/clocksource/clocksource0/current_clocksource'),
    hypervisor,
    container: container && container !== 'none' ? container : null,
    node: process.version,
    v8: process.versions.v8,
    memoryBytes: os.totalmem(),
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    uid: typeof process.getuid === 'function' ? process.getuid() : null,
    limits: { rtprio: rtprio ? rtprio[1] : null, memlockBytes: memlock ? memlock[1] : null },
    git: { commit, changedFiles: dirty === null ? null : dirty === '' ? 0 : dirty.split('\n').length },
    time: new Date().toISOString(),
  };
}

/** One line for the table's header. */
export function machineLine(/** @type {ReturnType<typeof describeMachine>} */ m) {
  return [
    `${m.cpuModel ?? 'unknown CPU'} x${m.logicalCpus}`,
    `Linux ${m.kernel.release} ${m.kernel.preemptModel}${m.kernel.preemptRt ? '' : ' (not PREEMPT_RT)'}`,
    `clock ${m.clocksource ?? '?'}`,
    m.hypervisor === 'none detected' ? 'no hypervisor flag' : `VM ${m.hypervisor}`,
    ...(m.container ? [`container ${m.container}`] : []),
    `Node ${m.node}`,
    `load ${m.loadAverageAtStart.join(' ')}`,
  ].join(' | ');
}
