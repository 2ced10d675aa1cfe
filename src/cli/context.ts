// SPDX-License-Identifier: MIT
// What a command runs with: the process boundary (streams, stdin, files, environment, the
// function that opens a master) is injected as CliIo, so tests run the real command code against
// a fake NativeMaster and capture the output. RunContext adds the parsed global options and the
// open/close discipline (close() always runs; it also persists virtual bus state).
import type { NativeAbiTable } from '../binding/native.js';
import type { MasterHandle } from '../binding/open.js';
import type { ReadyOpenOptions as OpenMasterOptions } from '../binding/ready.js';
import { failure } from './errors.js';

export interface CliIo {
  stdout: { write(chunk: string | Uint8Array): unknown };
  stderr: { write(chunk: string): unknown };
  readStdin(): Promise<Buffer>;
  readFile(path: string): Promise<Buffer>;
  /** Create a file; fails with EEXIST unless `overwrite`. */
  writeFile(path: string, data: string, overwrite: boolean): Promise<void>;
  env: Record<string, string | undefined>;
  /** Opens a master; defaults to openMaster from src/binding/open.ts (imported lazily). */
  open(options: OpenMasterOptions): MasterHandle | Promise<MasterHandle>;
  /** The addon's ABI tables (`ecat abi`); loads the addon on demand. */
  abiTables(): NativeAbiTable[] | Promise<NativeAbiTable[]>;
  /** Package version for `ecat version`. */
  version: string;
}

/** Global options after parsing. */
export interface GlobalOptions {
  master: number;
  device?: string | undefined;
  sim?: string | undefined;
  simAbi?: string | undefined;
  simReadOnly?: boolean | undefined;
  /** Provision what is missing before opening a real master (root; settings of `ecat provision`). */
  ensure?: boolean | undefined;
  json: boolean;
}

/**
 * read: inspection requests only (opened read-only). write: changes the bus; a read-only device
 * is refused up front. prefer-write: reads that IgH 1.6 routes through the slave's mailbox or
 * registers and therefore wants a writable fd (SDO upload, register read); opened read-write
 * when permitted, else read-only, and the kernel decides.
 */
export type Access = 'read' | 'write' | 'prefer-write';

export class RunContext {
  constructor(
    readonly io: CliIo,
    readonly command: string,
    readonly globals: GlobalOptions,
  ) {}

  get json(): boolean {
    return this.globals.json;
  }

  get masterIndex(): number {
    return this.globals.master;
  }

  /** The options openMaster gets: --sim (or ECAT_SIM, unless --device is given) selects the virtual master. */
  openOptions(access: Access): OpenMasterOptions {
    const g = this.globals;
    const sim = g.sim ?? (g.device === undefined ? this.io.env.ECAT_SIM || undefined : undefined);
    return {
      master: g.master,
      ...(g.device !== undefined ? { device: g.device } : {}),
      ...(sim !== undefined ? { sim } : {}),
      ...(g.simAbi !== undefined ? { simAbi: g.simAbi } : {}),
      ...(g.simReadOnly ? { simReadOnly: true } : {}),
      ...(g.ensure ? { ensure: true } : {}),
      // Writers try read-write and fall back to read-only, so a permission problem is reported
      // as "needs write access" with the fix, instead of a bare EACCES from open().
      access: access === 'read' ? 'ro' : 'auto',
    };
  }

  /**
   * Open the master, run `fn`, close. A command that writes to the bus refuses a read-only
   * device up front, with the reason and the fix.
   */
  async withMaster<T>(access: Access, fn: (m: MasterHandle) => T | Promise<T>): Promise<T> {
    const m = await this.io.open(this.openOptions(access));
    try {
      if (access === 'write' && !m.writable) {
        throw failure(
          `'ecat ${this.command}' writes to the bus, but ${m.path} is open read-only.`,
          'READ_ONLY',
          m.kind === 'sim'
            ? 'The virtual master was opened read-only (--sim-read-only); drop that option to write.'
            : `Your user may not write ${m.path}. Add it to the group that owns the device (a udev rule with GROUP="ethercat", MODE="0660"; 'sudo ecat provision' sets this up), then log in again.`,
        );
      }
      return await fn(m);
    } finally {
      m.close();
    }
  }

  out(text: string | Uint8Array): void {
    if (typeof text === 'string' && text === '') return;
    this.io.stdout.write(text);
  }

  outJson(value: unknown): void {
    this.io.stdout.write(JSON.stringify(value, null, 2) + '\n');
  }

  /** A note on stderr that does not change the exit code (stdout stays clean for --json). */
  warn(text: string): void {
    this.io.stderr.write(`warning: ${text}\n`);
  }
}
