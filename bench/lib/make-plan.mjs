// SPDX-License-Identifier: MIT
// Writes the inputs of the cycle-cost program for a generated bus of n slaves: the topology
// image and the plan as text (docs/benchmarks.md). Runs as its own process (the bus check loads
// the addon, and a broken addon build must not end the benchmark that asked).
// Usage: node bench/lib/make-plan.mjs <dist dir> <work dir> <n>   -> prints {"imageFile","planFile","variables"}
// @ts-check
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mixedPresets, writeBus } from './topology.mjs';

const [dist, work, count] = process.argv.slice(2);
if (!dist || !work || !count) throw new Error('usage: make-plan.mjs <dist dir> <work dir> <n>');
const n = Number(count);
const pkg = await import(pathToFileURL(join(dist, 'index.js')).href);
const { planFromInput, checkPlan, nativePlan } = await import(pathToFileURL(join(dist, 'runtime/plan.js')).href);
const files = writeBus(work, `cost-${n}`, mixedPresets(n));
const image = pkg.buildImage(pkg.loadTopology(files.topology));
// The bus check (directions, defaults) needs the master's view of the bus: the information
// requests of the virtual master, nothing of the application phase.
const native = pkg.openMaster({ sim: files.topology, simPersist: false });
let np;
try {
  np = nativePlan(checkPlan(await planFromInput(files.bus), native).plan);
} finally {
  native.close();
}
const lines = [];
for (const d of np.domains) lines.push(`domain ${d.divider}`);
for (const s of np.slaves) lines.push(`slave ${s.alias} ${s.position} ${s.vendorId} ${s.productCode} ${s.dc && s.dc.assignActivate ? 1 : 0}`);
for (const v of np.variables) lines.push(`var ${v.slave} ${v.index} ${v.subindex} ${v.domain}`);
mkdirSync(work, { recursive: true });
const imageFile = join(work, `cost-${n}.image`);
const planFile = join(work, `cost-${n}.plan`);
writeFileSync(imageFile, image);
writeFileSync(planFile, `${lines.join('\n')}\n`);
process.stdout.write(`${JSON.stringify({ imageFile, planFile, variables: np.variables.length })}\n`);
