// SPDX-License-Identifier: MIT
// The port table: per slave and port the link state IgH reads from the ESC (link, loop,
// signal), the neighbour's ring position, the time a frame sent by the master at 0 reaches the
// port, and the DC propagation delays the master derives from those times.
//
// Delay model (docs/topology.md, "Delay model"): a frame spends `forwarding` ns in an ESC
// between the port it arrives at and the next port it leaves by (port 0 -> processing -> 3 ->
// 1 -> 2 -> 0, skipping closed ports); each MII port it crosses adds `phy` ns; an Ethernet cable
// adds `cablePerMeter` ns per metre and an E-Bus hop `ebus` ns. Receive times are taken on the
// ESC side of a port: port 0 when the frame arrives, ports 1-3 when it comes back.
//
// From the receive times, delays follow the usual DC rule: for a DC slave's port p leading to
// the next DC slave N, delay = (rtt(p) - rtt inside N) / 2, where rtt(p) is rx[p] minus the
// receive time of the port served before p; N's transmission delay is its upstream DC slave's
// plus that delay, the first DC slave (the reference clock) having 0.
import type { MasterSettings, Slave, Timing } from '../types.js';
import { PORT_ORDER, type Link } from './connections.js';

/** Default delay model, calibrated on typical E-Bus terminals (about 155 ns between neighbours). */
export const DEFAULT_TIMING: Timing = { forwarding: 150, phy: 300, cablePerMeter: 5, ebus: 5 };

/** Default Ethernet cable length in metres (master to first slave, and between RJ45 ports). */
export const DEFAULT_CABLE_M = 1;

/** Fill ports, upstream, cable, receive times, delays and transmission delays of `slaves`. */
export function computePorts(slaves: Slave[], links: Array<Link | null>, master: MasterSettings): void {
  const t = master.timing;
  const n = slaves.length;
  const children: Array<Map<number, number>> = slaves.map(() => new Map());
  links.forEach((l, i) => {
    if (l) children[l.parent]?.set(l.port, i);
  });

  for (let i = 0; i < n; i++) {
    const s = slaves[i] as Slave;
    const l = links[i] ?? null;
    s.upstream = l ? { position: l.parent, port: l.port } : null;
    const mii = s.ports[0]?.descriptor === 'mii';
    s.cable = mii ? (l ? (l.cable ?? DEFAULT_CABLE_M) : master.cable) : 0;
    s.ports.forEach((p, k) => {
      const next = k === 0 ? (l ? l.parent : null) : (children[i]?.get(k) ?? null);
      const linked = k === 0 || next !== null;
      p.linkUp = linked;
      p.loopClosed = !linked;
      p.signalDetected = linked;
      p.nextSlave = next;
      p.receiveTime = 0;
      p.delayToNextDc = 0;
    });
    s.transmissionDelay = 0;
  }
  if (n === 0) return;

  const phy = (s: Slave, port: number): number => (s.ports[port]?.descriptor === 'mii' ? t.phy : 0);
  const hop = (child: Slave): number => (child.ports[0]?.descriptor === 'mii' ? Math.round(child.cable * t.cablePerMeter) : t.ebus);

  // Depth-first walk with an explicit stack, so a 4096-slave line does not exhaust the JS stack.
  // Each frame of the walk is a slave and the next of its downstream ports to visit.
  const first = slaves[0] as Slave;
  const firstPort0 = first.ports[0];
  if (firstPort0) firstPort0.receiveTime = Math.round(first.cable * t.cablePerMeter) + phy(first, 0);
  interface Frame {
    slave: number;
    ports: number[];
    next: number;
    /** Time the frame is at the ESC, ready to go to the next port. */
    time: number;
  }
  const linkedPorts = (i: number): number[] => PORT_ORDER.filter((p) => children[i]?.has(p));
  const stack: Frame[] = [{ slave: 0, ports: linkedPorts(0), next: 0, time: firstPort0?.receiveTime ?? 0 }];
  let returned = 0; // time the last finished slave's frame left its port 0 (ESC side)
  let justReturned = false;
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as Frame;
    const s = slaves[f.slave] as Slave;
    if (justReturned) {
      const port = f.ports[f.next - 1] as number;
      const child = slaves[children[f.slave]?.get(port) as number] as Slave;
      const back = returned + phy(child, 0) + hop(child) + phy(s, port);
      const p = s.ports[port];
      if (p) p.receiveTime = back;
      f.time = back;
      justReturned = false;
    }
    if (f.next < f.ports.length) {
      const port = f.ports[f.next++] as number;
      const c = children[f.slave]?.get(port) as number;
      const child = slaves[c] as Slave;
      const arrive = f.time + t.forwarding + phy(s, port) + hop(child) + phy(child, 0);
      const p0 = child.ports[0];
      if (p0) p0.receiveTime = arrive;
      stack.push({ slave: c, ports: linkedPorts(c), next: 0, time: arrive });
      continue;
    }
    returned = f.time + t.forwarding;
    justReturned = true;
    stack.pop();
  }

  computeDcDelays(slaves, children);
}

function computeDcDelays(slaves: Slave[], children: Array<Map<number, number>>): void {
  const n = slaves.length;
  // Ring positions are depth-first, so a slave's subtree is the contiguous range [i, i + size).
  const size = new Array<number>(n).fill(1);
  for (let i = n - 1; i >= 0; i--) for (const c of children[i]?.values() ?? []) size[i] = (size[i] ?? 1) + (size[c] ?? 1);
  const isDc = (i: number): boolean => slaves[i]?.dc.supported ?? false;
  /** rtt spent inside a slave: from its port-0 receive time to the return on its last open port. */
  const inner = (s: Slave): number => {
    const last = PORT_ORDER.filter((p) => s.ports[p]?.linkUp).pop();
    return last === undefined ? 0 : (s.ports[last]?.receiveTime ?? 0) - (s.ports[0]?.receiveTime ?? 0);
  };
  for (let i = 0; i < n; i++) {
    if (!isDc(i)) continue;
    const s = slaves[i] as Slave;
    let prev = 0;
    for (const port of PORT_ORDER) {
      const c = children[i]?.get(port);
      if (c === undefined) continue;
      let next = -1;
      for (let j = c; j < c + (size[c] ?? 1); j++) {
        if (isDc(j)) {
          next = j;
          break;
        }
      }
      if (next >= 0) {
        const rtt = (s.ports[port]?.receiveTime ?? 0) - (s.ports[prev]?.receiveTime ?? 0);
        const nd = slaves[next] as Slave;
        const delay = Math.max(0, Math.floor((rtt - inner(nd)) / 2));
        const p = s.ports[port];
        const q = nd.ports[0];
        if (p) p.delayToNextDc = delay;
        if (q) q.delayToNextDc = delay;
        nd.transmissionDelay = s.transmissionDelay + delay;
      }
      prev = port;
    }
  }
}
