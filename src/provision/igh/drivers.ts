// SPDX-License-Identifier: MIT
// The IgH master's network drivers: the generic one (works on any card through the stock
// driver) and the native ones (patched copies of Linux drivers, one set of sources per kernel
// major.minor). For each: its module, its configure switch, the source file whose presence
// for a kernel's major.minor means the tree supports that kernel (devices/igb/
// igb_main-6.1-ethercat.c, ...), and the stock kernel driver(s) it replaces on a card.

export type DriverKey = 'generic' | '8139too' | 'e100' | 'e1000' | 'e1000e' | 'igb' | 'igc' | 'r8169' | 'genet';

export interface DriverInfo {
  key: DriverKey;
  /** The module that `modprobe` loads, e.g. ec_igb. */
  module: string;
  /** configure switch name: --enable-<configure> / --disable-<configure>. */
  configure: string;
  native: boolean;
  /** Names of the stock drivers (sysfs device/driver) whose cards this driver takes over. */
  stockDrivers: string[];
  /**
   * Source files marking support, relative to the tree; `{mm}` stands for a kernel's
   * major.minor. The first pattern that matches wins; the file's directory is where the
   * module is built.
   */
  markers: string[];
  description: string;
}

export const DRIVERS: readonly DriverInfo[] = [
  { key: 'generic', module: 'ec_generic', configure: 'generic', native: false, stockDrivers: [], markers: ['devices/generic.c'], description: 'any card, through its stock Linux driver' },
  { key: '8139too', module: 'ec_8139too', configure: '8139too', native: true, stockDrivers: ['8139too'], markers: ['devices/8139too-{mm}-ethercat.c'], description: 'RealTek RTL-8139' },
  { key: 'e100', module: 'ec_e100', configure: 'e100', native: true, stockDrivers: ['e100'], markers: ['devices/e100-{mm}-ethercat.c'], description: 'Intel PRO/100' },
  { key: 'e1000', module: 'ec_e1000', configure: 'e1000', native: true, stockDrivers: ['e1000'], markers: ['devices/e1000/e1000_main-{mm}-ethercat.c'], description: 'Intel PRO/1000 (PCI, 8254x)' },
  { key: 'e1000e', module: 'ec_e1000e', configure: 'e1000e', native: true, stockDrivers: ['e1000e'], markers: ['devices/e1000e/netdev-{mm}-ethercat.c'], description: 'Intel PRO/1000 PCIe (8257x, 8258x, I217/I218/I219)' },
  { key: 'igb', module: 'ec_igb', configure: 'igb', native: true, stockDrivers: ['igb'], markers: ['devices/igb/igb_main-{mm}-ethercat.c'], description: 'Intel 82575/82576/82580/I350/I210/I211' },
  { key: 'igc', module: 'ec_igc', configure: 'igc', native: true, stockDrivers: ['igc'], markers: ['devices/igc/igc_main-{mm}-ethercat.c'], description: 'Intel I225/I226' },
  { key: 'r8169', module: 'ec_r8169', configure: 'r8169', native: true, stockDrivers: ['r8169'], markers: ['devices/r8169/r8169_main-{mm}-ethercat.c', 'devices/r8169-{mm}-ethercat.c'], description: 'RealTek RTL-8169/8168/8111' },
  { key: 'genet', module: 'ec_genet', configure: 'genet', native: true, stockDrivers: ['bcmgenet'], markers: ['devices/genet/bcmgenet-{mm}-ethercat.c'], description: 'Broadcom GENET (Raspberry Pi 4)' },
];

/** All driver keys, for messages. */
export const DRIVER_KEYS: readonly DriverKey[] = DRIVERS.map((d) => d.key);

export function driverInfo(key: DriverKey): DriverInfo {
  const d = DRIVERS.find((x) => x.key === key);
  if (!d) throw new Error(`unknown driver ${key}`);
  return d;
}

export function isDriverKey(value: string): value is DriverKey {
  return (DRIVER_KEYS as readonly string[]).includes(value);
}

/** The native driver that takes over a card now bound to `stock` (also when already an ec_ driver). */
export function nativeForStock(stock: string): DriverInfo | undefined {
  return DRIVERS.find((d) => d.native && (d.stockDrivers.includes(stock) || d.module === stock));
}
