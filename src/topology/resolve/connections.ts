// SPDX-License-Identifier: MIT
// How the slaves hang together: each slave's port 0 is linked to a port of an upstream slave
// (the master for the first one). Checks names, ports, media (E-Bus cannot meet Ethernet),
// loops, and that the file lists the slaves in ring order, i.e. in the order a frame reaches
// them: inside an ESC a frame goes port 0 -> processing -> port 3 -> port 1 -> port 2 -> back to
// port 0, visiting everything behind a port before moving to the next one.
import type { Issues, Where } from '../source/issues.js';
import { didYouMean } from '../source/suggest.js';
import type { SlaveSpec } from '../spec.js';
import type { Slave } from '../types.js';

/** Order in which an ESC forwards a frame to its downstream ports. */
export const PORT_ORDER = [3, 1, 2] as const;

/** The link on a slave's port 0. */
export interface Link {
  parent: number;
  port: number;
  /** Metres, if given. */
  cable?: number;
}

function connectWhere(spec: SlaveSpec): Where {
  return spec.connect?.at ?? spec.nameAt ?? spec.at;
}

/** How a slave is named in messages: its name, or its list position if it has none. */
function label(spec: SlaveSpec | undefined, i: number): string {
  return spec?.name !== undefined ? `"${spec.name}"` : `slaves[${i}]`;
}

function portList(s: Slave): string {
  return s.ports.map((p, i) => `${i} ${p.descriptor}`).join(', ');
}

/**
 * Resolve every slave's link. Returns undefined when a link is broken (already reported);
 * then ports and ring order cannot be computed.
 */
export function resolveLinks(issues: Issues, specs: SlaveSpec[], slaves: Slave[]): Array<Link | null> | undefined {
  let ok = true;
  const byName = new Map<string, number>();
  specs.forEach((spec, i) => {
    if (spec.name === undefined) return;
    const prior = byName.get(spec.name);
    if (prior !== undefined) {
      issues.at(spec.nameAt ?? spec.at, `duplicate slave name "${spec.name}" (also slaves[${prior}])`);
      ok = false;
    } else byName.set(spec.name, i);
  });
  const links: Array<Link | null> = [];
  const used = new Map<string, number>();
  specs.forEach((spec, i) => {
    const child = slaves[i];
    if (!child) return;
    if (i === 0) {
      if (spec.connect) {
        issues.at(spec.connect.at, 'the first slave is connected to the master; remove `connect`');
        ok = false;
      }
      if (child.ports[0]?.descriptor === 'ebus' && !spec.unresolved) {
        issues.at(spec.portsAt ?? spec.presetAt ?? spec.modelAt ?? spec.at, 'the first slave hangs on the master\'s Ethernet port, so its port 0 must be mii, not ebus (start the bus with a coupler, e.g. `preset: EK1100`)');
        ok = false;
      }
      links.push(null);
      return;
    }
    const where = connectWhere(spec);
    const explicit = spec.connect !== undefined;
    let parent = i - 1;
    if (spec.connect) {
      const found = byName.get(spec.connect.slave);
      if (found === undefined) {
        issues.at(where, `unknown slave "${spec.connect.slave}"${didYouMean(spec.connect.slave, byName.keys())}`);
        ok = false;
        links.push(null);
        return;
      }
      parent = found;
    }
    const port = spec.connect?.port ?? 1;
    const up = slaves[parent];
    if (!up) {
      ok = false;
      links.push(null);
      return;
    }
    if (parent === i) {
      issues.at(where, `a slave cannot connect to itself`);
      ok = false;
      links.push(null);
      return;
    }
    const how = explicit ? '' : ` (without \`connect\`, a slave hangs on port 1 of the previous slave; use \`connect: name:port\`)`;
    const kind = up.ports[port]?.descriptor ?? 'n/a';
    if (kind !== 'mii' && kind !== 'ebus') {
      issues.at(where, `${label(specs[parent], parent)} has no usable port ${port} (it is ${kind}; its ports: ${portList(up)})${how}`);
      ok = false;
      links.push(null);
      return;
    }
    const key = `${parent}:${port}`;
    const taken = used.get(key);
    if (taken !== undefined) {
      issues.at(where, `port ${port} of ${label(specs[parent], parent)} is already used by ${label(specs[taken], taken)}${how}`);
      ok = false;
      links.push(null);
      return;
    }
    used.set(key, i);
    const mine = child.ports[0]?.descriptor;
    const guessed = spec.unresolved || specs[parent]?.unresolved;
    if ((mine === 'mii' || mine === 'ebus') && mine !== kind && !guessed) {
      const named = specs[parent]?.name !== undefined;
      const alternatives = up.ports.map((p, n) => (n > 0 && p.descriptor === mine && !used.has(`${parent}:${n}`) ? `${up.name}:${n}` : '')).filter(Boolean);
      const hint = alternatives.length && named ? `; try connect: ${alternatives[0]}` : '';
      issues.at(where, `port 0 of ${label(spec, i)} is ${mine} but port ${port} of ${label(specs[parent], parent)} is ${kind}: E-Bus and Ethernet (mii) ports cannot be linked${hint}${how}`);
      ok = false;
    }
    const link: Link = { parent, port };
    if (spec.connect?.cable !== undefined) link.cable = spec.connect.cable;
    links.push(link);
  });
  if (!ok) return undefined;
  if (!checkLoops(issues, specs, links)) return undefined;
  if (!checkOrder(issues, specs, slaves, links)) return undefined;
  return links;
}

/** Links whose parents never reach the master form loops. */
function checkLoops(issues: Issues, specs: SlaveSpec[], links: Array<Link | null>): boolean {
  const state = new Array<number>(links.length).fill(0); // 0 unknown, 1 on current path, 2 reaches the master
  let ok = true;
  for (let start = 0; start < links.length; start++) {
    const path: number[] = [];
    let i = start;
    while (state[i] === 0) {
      state[i] = 1;
      path.push(i);
      const l = links[i];
      if (!l) break;
      i = l.parent;
    }
    if (state[i] === 1 && links[i]) {
      const loop = path.slice(path.indexOf(i));
      const names = loop.map((n) => specs[n]?.name ?? `#${n}`);
      const first = specs[loop[0] ?? 0];
      if (first) issues.at(connectWhere(first), `connections form a loop: ${[...names, names[0]].map((n) => `"${n}"`).join(' -> ')}; every slave must lead back to the master`);
      ok = false;
      for (const n of loop) state[n] = 2;
    }
    for (const n of path) state[n] = 2;
  }
  return ok;
}

/** The order a frame reaches the slaves: depth first, children by PORT_ORDER. */
export function ringOrder(links: Array<Link | null>): number[] {
  const children = links.map(() => new Map<number, number>());
  links.forEach((l, i) => {
    if (l) children[l.parent]?.set(l.port, i);
  });
  const order: number[] = [];
  const stack = links.length > 0 ? [0] : [];
  while (stack.length > 0) {
    const n = stack.pop() as number;
    order.push(n);
    const kids = PORT_ORDER.map((p) => children[n]?.get(p)).filter((c): c is number => c !== undefined);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k] as number);
  }
  return order;
}

function checkOrder(issues: Issues, specs: SlaveSpec[], slaves: Slave[], links: Array<Link | null>): boolean {
  const order = ringOrder(links);
  const k = order.findIndex((n, pos) => n !== pos);
  if (k < 0) return true;
  const expected = order[k] as number;
  const listed = specs[k];
  const exp = specs[expected];
  if (!listed || !exp) return false;
  const name = (n: number): string => `"${slaves[n]?.name ?? n}"`;
  const hang = (n: number): string => {
    const l = links[n];
    return l ? `${name(n)} hangs on port ${l.port} of ${name(l.parent)}` : `${name(n)} is first`;
  };
  const list = order.map((n) => slaves[n]?.name ?? String(n));
  const shown = list.length > 24 ? `${list.slice(0, 24).join(', ')}, ...` : list.join(', ');
  issues.at(
    connectWhere(listed),
    `slaves are not in ring order: after ${name(order[k - 1] ?? 0)} a frame reaches ${name(expected)} (listed as slaves[${expected}]) before ${name(k)}, because ${hang(expected)} and ${hang(k)}; ` +
      `a frame visits everything behind port 3 of a slave, then behind port 1, then behind port 2. List the slaves in this order: ${shown}`,
  );
  return false;
}
