// SPDX-License-Identifier: MIT
// Network cards from /sys/class/net: name, MAC, the kernel driver bound to the card (the
// basename of the device/driver link), the module that provides it, the bus address (needed
// to unbind one card from its driver) and the link state. Interfaces without a device link
// (lo, bridges, veth, docker0, ...) are virtual and never EtherCAT candidates.
import type { Probe } from './probe.js';

export interface NetworkCard {
  name: string;
  /** lower case */
  mac: string;
  /** Driver bound to the card now (e.g. igb, e1000e, r8169, ec_igb), '' if none. */
  driver: string;
  /** Module providing that driver ('' when built into the kernel). */
  module: string;
  /** Bus type (pci, usb, platform) and the device's address on it. */
  bus: string;
  busAddress: string;
  /** operstate: up, down, unknown, dormant, ... */
  operstate: string;
  /** Carrier present (cable plugged and link up); null when the interface is down. */
  carrier: boolean | null;
}

const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

async function linkName(probe: Probe, path: string): Promise<string> {
  try {
    return base(await probe.fs.readlink(path));
  } catch {
    return '';
  }
}

/** All physical network cards, sorted by name. */
export async function networkCards(probe: Probe): Promise<NetworkCard[]> {
  const names = await probe.fs.readdir('/sys/class/net').catch(() => [] as string[]);
  const cards: NetworkCard[] = [];
  for (const name of names.sort()) {
    const dir = `/sys/class/net/${name}`;
    if (name === 'lo' || !(await probe.fs.lstat(`${dir}/device`))) continue;
    const mac = ((await probe.fs.readText(`${dir}/address`)) ?? '').trim().toLowerCase();
    const carrierText = (await probe.fs.readText(`${dir}/carrier`).catch(() => null))?.trim();
    cards.push({
      name,
      mac,
      driver: await linkName(probe, `${dir}/device/driver`),
      module: await linkName(probe, `${dir}/device/driver/module`),
      bus: await linkName(probe, `${dir}/device/subsystem`),
      busAddress: await linkName(probe, `${dir}/device`),
      operstate: ((await probe.fs.readText(`${dir}/operstate`)) ?? 'unknown').trim(),
      carrier: carrierText === '1' ? true : carrierText === '0' ? false : null,
    });
  }
  return cards;
}

/** "enp3s0 (00:1b:21:aa:bb:cc, igb, up)" */
export function describeCard(card: NetworkCard): string {
  return `${card.name} (${card.mac}, ${card.driver || 'no driver'}, ${card.operstate})`;
}
