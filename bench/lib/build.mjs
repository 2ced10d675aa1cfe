// SPDX-License-Identifier: MIT
// What `npm run bench` needs built before it measures: the C floor program (always compiled
// here with gcc, into bench/results/.build, which git ignores), the TypeScript in dist/ and
// the native addon (each rebuilt only when a source is newer than the build output). No test
// suite runs. A build that fails is reported and the scenarios that need it say so.
// @ts-check
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time under `dir` among files matching `re` (0 when none). */
export function newestMtime(/** @type {string} */ dir, /** @type {RegExp} */ re) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  const st = statSync(dir);
  if (st.isFile()) return re.test(dir) ? st.mtimeMs : 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p, re));
    else if (re.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function mtime(/** @type {string} */ p) {
  return existsSync(p) ? statSync(p).mtimeMs : 0;
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{cwd: string, log: (s: string) => void}} o
 */
function step(cmd, args, o) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: o.cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ok = r.status === 0;
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  o.log(`  ${ok ? 'ok' : 'FAILED'}: ${cmd} ${args.join(' ')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (!ok) o.log(out.split('\n').slice(-15).map((l) => `    ${l}`).join('\n'));
  return { ok, output: out, error: r.error ? String(r.error) : null };
}

/**
 * Build what the benchmarks need. Returns where the programs are and what failed.
 * @param {{root: string, skipProject: boolean, log: (s: string) => void}} o
 */
export async function buildAll(o) {
  const root = o.root;
  const out = join(root, 'bench/results/.build');
  mkdirSync(out, { recursive: true });
  /** @type {{floor: string | null, floorAddon: string | null, cycleCost: string | null, cycleCostProblem: string | null, dist: boolean, addon: boolean, problems: string[], snapshot: {dist: string, addon: string, addonMtime: string, distMtime: string} | null}} */
  const res = { floor: null, floorAddon: null, cycleCost: null, cycleCostProblem: null, dist: false, addon: false, problems: [], snapshot: null };

  o.log('build:');
  const floor = join(out, 'floor');
  const fsrc = join(root, 'bench/c/floor.c');
  const r = step('gcc', ['-O2', '-std=c11', '-Wall', '-Wextra', '-Werror', '-pthread', '-o', floor, fsrc], { cwd: root, log: o.log });
  if (r.ok) res.floor = floor;
  else res.problems.push(`the C floor program did not compile: ${r.error ?? r.output.split('\n').slice(-3).join(' ')}`);
  // The same floor as a Node-API module, against the headers of the Node that runs this.
  const includes = [process.env.npm_config_nodedir ? join(process.env.npm_config_nodedir, 'include/node') : '', join(process.execPath, '../../include/node')].filter((d) => d && existsSync(join(d, 'node_api.h')));
  if (includes.length) {
    const mod = join(out, 'floor.node');
    const a = step('gcc', ['-O2', '-std=c11', '-Wall', '-Wextra', '-Werror', '-shared', '-fPIC', '-pthread', '-I', /** @type {string} */ (includes[0]), '-o', mod, join(root, 'bench/c/floor_addon.c')], { cwd: root, log: o.log });
    if (a.ok) res.floorAddon = mod;
    else res.problems.push('the in-process floor module did not compile; the floor runs as a separate process');
  } else {
    res.problems.push("Node's headers (node_api.h) were not found; the floor runs as a separate process");
  }

  const cc = await buildCycleCost(root, out, o.log);
  res.cycleCost = cc.program;
  res.cycleCostProblem = cc.problem;
  if (cc.problem) res.problems.push(cc.problem);

  // TypeScript: dist/ is older than a source file -> compile (scripts/build-ts.mjs, as `npm test` does).
  const distStamp = mtime(join(root, 'dist/index.js'));
  const srcNewest = newestMtime(join(root, 'src'), /\.ts$/);
  if (o.skipProject) {
    o.log('  skipped: TypeScript and addon builds (--no-build)');
  } else if (distStamp === 0 || srcNewest > distStamp) {
    const t = step(process.execPath, ['scripts/build-ts.mjs'], { cwd: root, log: o.log });
    if (!t.ok) res.problems.push('the TypeScript build (scripts/build-ts.mjs) failed; dist/ may be stale');
  } else {
    o.log('  up to date: dist/ (TypeScript)');
  }
  res.dist = existsSync(join(root, 'dist/index.js'));

  // Native addon: build/Release/ecat.node older than a native source or binding.gyp -> node-gyp.
  const addon = join(root, 'build/Release/ecat.node');
  const nativeNewest = Math.max(newestMtime(join(root, 'native'), /\.(c|cc|h)$/), mtime(join(root, 'binding.gyp')));
  if (!o.skipProject) {
    if (mtime(addon) === 0 || nativeNewest > mtime(addon)) {
      const gyp = join(root, 'node_modules/node-gyp/bin/node-gyp.js');
      // Reconfigure when binding.gyp changed (new sources), else an incremental build.
      const configured = existsSync(join(root, 'build/Makefile')) && mtime(join(root, 'build/Makefile')) >= mtime(join(root, 'binding.gyp'));
      const a = step(process.execPath, [gyp, configured ? 'build' : 'rebuild'], { cwd: root, log: o.log });
      if (!a.ok) res.problems.push('the native addon build (node-gyp) failed; the runtime scenarios use whatever build/Release/ecat.node exists');
    } else {
      o.log('  up to date: build/Release/ecat.node');
    }
  }
  res.addon = existsSync(addon);

  // The run measures one fixed build: dist/ and the addon are copied aside, and everything the
  // run starts loads the copies (ECAT_NATIVE_PATH, the dist copy's own imports). Another
  // engineer's rebuild of build/ or dist/ during the run then changes nothing under test.
  res.snapshot = null;
  if (res.dist && res.addon) {
    const snap = join(out, 'snapshot');
    rmSync(snap, { recursive: true, force: true });
    mkdirSync(snap, { recursive: true });
    try {
      cpSync(join(root, 'dist'), join(snap, 'dist'), { recursive: true });
      copyFileSync(addon, join(snap, 'ecat.node'));
      res.snapshot = { dist: join(snap, 'dist'), addon: join(snap, 'ecat.node'), addonMtime: new Date(mtime(addon)).toISOString(), distMtime: new Date(mtime(join(root, 'dist/index.js'))).toISOString() };
    } catch (err) {
      res.problems.push(`could not copy dist/ and the addon aside (${/** @type {Error} */ (err).message}); the run loads them in place`);
    }
  }
  return res;
}

/** Run commands at most `jobs` at a time; resolve with each one's result in order. */
function parallel(/** @type {Array<[string, string[]]>} */ cmds, /** @type {number} */ jobs) {
  return new Promise((resolve) => {
    /** @type {Array<{status: number | null, output: string}>} */
    const results = new Array(cmds.length);
    let next = 0;
    let running = 0;
    const launch = () => {
      if (next >= cmds.length && running === 0) return resolve(results);
      while (running < jobs && next < cmds.length) {
        const i = next++;
        const [cmd, args] = /** @type {[string, string[]]} */ (cmds[i]);
        running++;
        const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('close', (status) => {
          results[i] = { status, output };
          running--;
          launch();
        });
      }
    };
    launch();
  });
}

/**
 * The per-cycle cost program (bench/native/cycle_cost.cc) linked with the project's native
 * sources (igh, vbus, the user-space port and the runtime; not the addon). Objects are kept in
 * bench/results/.build/obj and rebuilt when their source or any native header changed.
 * @returns {Promise<{program: string | null, problem: string | null}>}
 */
async function buildCycleCost(/** @type {string} */ root, /** @type {string} */ out, /** @type {(s: string) => void} */ log) {
  const program = join(out, 'cycle_cost');
  const main = join(root, 'bench/native/cycle_cost.cc');
  const list = (/** @type {string} */ dir, /** @type {RegExp} */ re) =>
    existsSync(join(root, dir)) ? readdirSync(join(root, dir)).filter((f) => re.test(f)).sort().map((f) => join(root, dir, f)) : [];
  const cSources = [...list('native/igh', /\.c$/), ...list('native/vbus', /\.c$/), join(root, 'native/portable/port_user.c')];
  const ccSources = list('native/runtime', /\.cc$/);
  // Objects are reused only for the very source file (path, size, mtime) and headers they were
  // compiled from, recorded in a manifest: a copied or switched tree never mixes objects.
  const stamp = (/** @type {string} */ f) => (existsSync(f) ? `${f}:${statSync(f).size}:${statSync(f).mtimeMs}` : `${f}:missing`);
  const headers = `${join(root, 'native')}:${newestMtime(join(root, 'native'), /\.h$/)}`;
  const objDir = join(out, 'obj');
  mkdirSync(objDir, { recursive: true });
  const manifestFile = join(objDir, 'manifest.json');
  /** @type {Record<string, string>} */
  let manifest = {};
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    manifest = {};
  }
  const sources = [...cSources, ...ccSources];
  const programStamp = [headers, stamp(main), ...sources.map(stamp)].join('|');
  if (existsSync(program) && manifest[program] === programStamp) {
    log('  up to date: bench/results/.build/cycle_cost');
    return { program, problem: null };
  }
  const inc = ['-I', join(root, 'native')];
  /** @type {Array<[string, string[]]>} */
  const cmds = [];
  const objects = [];
  for (const src of sources) {
    const obj = join(objDir, `${src.slice(root.length).replace(/[/.]/g, '_')}.o`);
    objects.push(obj);
    const want = `${headers}|${stamp(src)}`;
    if (existsSync(obj) && manifest[obj] === want) continue;
    manifest[obj] = want;
    const cpp = src.endsWith('.cc');
    cmds.push([cpp ? 'g++' : 'gcc', [cpp ? '-std=c++17' : '-std=c11', '-O3', '-pthread', ...inc, '-c', src, '-o', obj]]);
  }
  const t0 = Date.now();
  const results = await parallel(cmds, 2);
  const bad = results.findIndex((r) => r.status !== 0);
  if (bad >= 0) {
    const r = /** @type {{output: string}} */ (results[bad]);
    const first = r.output.split('\n').find((l) => /error/.test(l)) ?? r.output.split('\n')[0] ?? '';
    log(`  FAILED: compiling the native sources for cycle_cost: ${first}`);
    for (const c of cmds) delete manifest[/** @type {string} */ (c[1][c[1].length - 1])];
    writeFileSync(manifestFile, JSON.stringify(manifest));
    return { program: null, problem: `the native sources did not compile for the cycle-cost program: ${first.trim()}` };
  }
  const link = spawnSync('g++', ['-std=c++17', '-O3', '-pthread', '-Wall', '-Wextra', ...inc, main, ...objects, '-o', program, '-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc'], { encoding: 'utf8' });
  if (link.status !== 0) {
    const out2 = `${link.stdout}${link.stderr}`;
    const first = out2.split('\n').find((l) => /error|undefined reference/.test(l)) ?? out2.split('\n')[0] ?? '';
    log(`  FAILED: linking cycle_cost: ${first}`);
    return { program: null, problem: `the cycle-cost program did not link: ${first.trim()}` };
  }
  manifest[program] = programStamp;
  writeFileSync(manifestFile, JSON.stringify(manifest));
  log(`  ok: bench/native/cycle_cost.cc + ${objects.length} native sources (${cmds.length} compiled, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return { program, problem: null };
}
