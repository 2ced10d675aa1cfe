// SPDX-License-Identifier: MIT
// Which card serves which master, and which driver drives each card. A card is named by MAC
// or interface name; a MAC no card has is refused with the list of cards, except when the
// loaded master already holds that MAC (a native driver that claimed a card removes its
// network interface, so a second run cannot see it). Each card gets the native driver of its
// stock driver when that was asked for (or "auto" and the tree supports the kernel), else
// the generic driver; a card none of the asked drivers can drive is refused.
import type { MasterParams } from '../detect/modules.js';
import { describeCard, type NetworkCard } from '../detect/nics.js';
import { ProvisionError } from '../errors.js';
import { driverInfo, nativeForStock, type DriverKey } from '../igh/drivers.js';
import { checkInterfaceName, checkMacAddress, isMacAddress } from '../validate.js';

export interface NicRef {
  /** As given (MAC or interface name). */
  spec: string;
  mac: string;
  /** The card, or null when the master already claimed it (no interface to see). */
  card: NetworkCard | null;
  /** The card's stock driver and its module ('' when unknown), also for a claimed card. */
  stockDriver: string;
  stockModule: string;
}

/** What an earlier run recorded about a card (from the saved settings). */
export interface KnownCard {
  mac: string;
  stockDriver: string;
  stockModule: string;
}

function refFor(spec: string, mac: string, card: NetworkCard | null, known: readonly KnownCard[]): NicRef {
  const k = known.find((x) => x.mac === mac);
  // A card already bound to its native ec_ driver no longer shows the stock driver.
  const onNative = card !== null && card.driver.startsWith('ec_');
  const stockDriver = card && !onNative ? card.driver : (k?.stockDriver ?? (card ? (nativeForStock(card.driver)?.stockDrivers[0] ?? '') : ''));
  const stockModule = card && !onNative ? card.module : (k?.stockModule ?? '');
  return { spec, mac, card, stockDriver, stockModule };
}

export interface MasterPlan {
  index: number;
  main: NicRef;
  backup: NicRef | null;
}

export interface Assignment {
  ref: NicRef;
  driver: DriverKey;
}

/** Requested driver: a driver key or 'auto' (native when possible, else generic). */
export type DriverRequest = DriverKey | 'auto';

/** Whether a native driver can be had for the target kernel, and which kernels it supports. */
export type DriverSupport = (key: DriverKey) => { ok: boolean; kernels: string[] };

function cardsText(cards: NetworkCard[]): string {
  return cards.length > 0 ? cards.map(describeCard).join('; ') : 'none found in /sys/class/net';
}

function resolveOne(spec: string, what: string, cards: NetworkCard[], held: MasterParams | null, known: readonly KnownCard[]): NicRef {
  // Hex pairs with colons are meant as a MAC (an alias label like eth0:1 has letters beyond f).
  if (isMacAddress(spec) || /^[0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{0,2})+$/.test(spec)) {
    const mac = checkMacAddress(spec, what);
    const card = cards.find((c) => c.mac === mac);
    if (card) return refFor(spec, mac, card, known);
    if (held && (held.main.includes(mac) || held.backup.includes(mac))) return refFor(spec, mac, null, known);
    throw new ProvisionError('NIC_NOT_FOUND', `No network card has the MAC address ${mac}. Cards: ${cardsText(cards)}.`, 'Pass --nic with the MAC or interface name of the card the EtherCAT segment is plugged into (ip link shows them).', {
      cards: cards.map((c) => ({ name: c.name, mac: c.mac, driver: c.driver })),
    });
  }
  const name = checkInterfaceName(spec, what);
  const card = cards.find((c) => c.name === name);
  if (!card) {
    throw new ProvisionError('NIC_NOT_FOUND', `There is no network card named ${name}. Cards: ${cardsText(cards)}.`, 'Use a name from the list, or the MAC address of the card.', {
      cards: cards.map((c) => ({ name: c.name, mac: c.mac, driver: c.driver })),
    });
  }
  if (!card.mac) throw new ProvisionError('NIC_NOT_FOUND', `Card ${name} has no MAC address.`);
  return refFor(spec, card.mac, card, known);
}

/** Resolve --nic (one per master) and --backup-nic (per master, in order) to cards. */
export function resolveMasters(nics: readonly string[], backups: readonly string[], cards: NetworkCard[], held: MasterParams | null, known: readonly KnownCard[] = []): MasterPlan[] {
  if (backups.length > nics.length) {
    throw new ProvisionError('USAGE', `${backups.length} backup cards given for ${nics.length} master(s): give at most one --backup-nic per --nic.`);
  }
  const masters = nics.map((spec, index) => {
    const backupSpec = backups[index];
    return {
      index,
      main: resolveOne(spec, '--nic', cards, held, known),
      backup: backupSpec ? resolveOne(backupSpec, '--backup-nic', cards, held, known) : null,
    };
  });
  const seen = new Set<string>();
  for (const m of masters) {
    for (const ref of [m.main, m.backup]) {
      if (!ref) continue;
      if (seen.has(ref.mac)) throw new ProvisionError('USAGE', `The card ${ref.mac} is given twice; each master needs its own card.`);
      seen.add(ref.mac);
    }
  }
  return masters;
}

/** All cards of all masters. */
export function allRefs(masters: MasterPlan[]): NicRef[] {
  return masters.flatMap((m) => (m.backup ? [m.main, m.backup] : [m.main]));
}

/** Pick the driver for each card. */
export function assignDrivers(masters: MasterPlan[], requested: readonly DriverRequest[], support: DriverSupport): Assignment[] {
  const out: Assignment[] = [];
  for (const ref of allRefs(masters)) {
    const native = nativeForStock(ref.stockDriver);
    const card = ref.card ? describeCard(ref.card) : `${ref.mac} (held by the loaded master)`;
    if (native && requested.includes(native.key)) {
      const s = support(native.key);
      if (!s.ok) {
        throw new ProvisionError(
          'DRIVER_UNSUPPORTED_KERNEL',
          `The native ${native.key} driver is not available for the target kernel (the IgH tree has it for: ${s.kernels.join(', ') || 'no kernel'}); card ${card}.`,
          'Use --driver generic (works with every kernel and card), or an IgH tree whose native driver supports this kernel.',
          { driver: native.key, kernels: s.kernels },
        );
      }
      out.push({ ref, driver: native.key });
    } else if (native && requested.includes('auto') && support(native.key).ok) {
      out.push({ ref, driver: native.key });
    } else if (requested.includes('generic') || requested.includes('auto')) {
      out.push({ ref, driver: 'generic' });
    } else {
      throw new ProvisionError(
        'NIC_DRIVER_MISMATCH',
        `Card ${card} is driven by ${ref.stockDriver || 'no driver'}; none of the chosen drivers (${requested.join(', ')}) can drive it.`,
        native ? `Use --driver ${native.key} or --driver generic.` : 'Use --driver generic.',
      );
    }
  }
  return out;
}

/** Drivers to load, in a stable order (natives first, generic last). */
export function driversToLoad(assignments: Assignment[]): DriverKey[] {
  const used = [...new Set(assignments.map((a) => a.driver))];
  return used.sort((a, b) => (a === 'generic' ? 1 : 0) - (b === 'generic' ? 1 : 0) || a.localeCompare(b));
}

/** How the cards of one native driver leave their stock driver. */
export interface Takeover {
  driver: DriverKey;
  stockDriver: string;
  /** Module providing the stock driver ('' when built in: then only unbinding works). */
  stockModule: string;
  cards: NetworkCard[];
  /** unload: no other card uses the stock driver, so remove its module; unbind: detach only these cards. */
  method: 'unload' | 'unbind';
}

/** Takeovers needed for the native assignments, given every card on the machine. */
export function planTakeovers(assignments: Assignment[], allCards: NetworkCard[]): Takeover[] {
  const byStock = new Map<string, Takeover>();
  for (const a of assignments) {
    const card = a.ref.card;
    if (a.driver === 'generic' || !card) continue;
    if (card.driver === driverInfo(a.driver).module || card.driver === '') continue; // already on the native driver
    let t = byStock.get(card.driver);
    if (!t) {
      t = { driver: a.driver, stockDriver: card.driver, stockModule: card.module, cards: [], method: 'unload' };
      byStock.set(card.driver, t);
    }
    t.cards.push(card);
  }
  for (const t of byStock.values()) {
    const mine = new Set(t.cards.map((c) => c.name));
    const others = allCards.filter((c) => c.driver === t.stockDriver && !mine.has(c.name));
    t.method = others.length === 0 && t.stockModule !== '' ? 'unload' : 'unbind';
  }
  return [...byStock.values()];
}

/** Stock modules no other card needs: safe to blacklist so they do not grab the cards at boot. */
export function blacklistable(assignments: Assignment[], allCards: NetworkCard[]): string[] {
  const mine = new Set(assignments.map((a) => a.ref.mac));
  const out = new Set<string>();
  for (const a of assignments) {
    if (a.driver === 'generic' || !a.ref.stockModule) continue;
    const stockNames = driverInfo(a.driver).stockDrivers;
    const others = allCards.filter((c) => stockNames.includes(c.driver) && !mine.has(c.mac));
    if (others.length === 0) out.add(a.ref.stockModule);
  }
  return [...out].sort();
}
