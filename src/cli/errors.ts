// SPDX-License-Identifier: MIT
// How the CLI fails: a UsageError (the command line is wrong: exit 2) or anything else, which is
// turned into an EtherCATError (the bus, the device or the runtime said no: exit 1). One place
// maps errors to exit codes and prints them, as text on stderr or as `{"error": …}` on stdout.
import { EtherCATError, toEtherCATError } from '../binding/errors.js';

export const EXIT_OK = 0;
/** The bus, the device, the module or the runtime failed (EtherCATError). */
export const EXIT_FAILURE = 1;
/** The command line is wrong: unknown command or option, bad argument. */
export const EXIT_USAGE = 2;

/** A mistake in the command line. `command` names the sub-command whose help to point at. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }

  get hint(): string {
    return this.command ? `Run 'ecat ${this.command} --help' for usage.` : `Run 'ecat --help' for the list of commands.`;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, hint: this.hint, ...(this.command ? { command: this.command } : {}) };
  }
}

/** A failure that is not a usage error, with a code and an optional hint (exit 1). */
export function failure(message: string, code: string, hint?: string): EtherCATError {
  return new EtherCATError(message, { code, ...(hint ? { hint } : {}) });
}

export interface ErrorSink {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/**
 * Errors from other layers that carry their own string code but no errno (the topology loader's
 * BAD_TOPOLOGY with its list of issues) keep that code and their details; everything else goes
 * through toEtherCATError.
 */
function normalize(err: unknown): { e: UsageError | EtherCATError; extra: Record<string, unknown> } {
  if (err instanceof UsageError || err instanceof EtherCATError) return { e: err, extra: {} };
  const x = err as (Error & { code?: unknown; errno?: unknown; file?: unknown; errors?: unknown }) | undefined;
  if (x instanceof Error && typeof x.code === 'string' && x.errno === undefined) {
    const extra: Record<string, unknown> = {};
    if (typeof x.file === 'string') extra.file = x.file;
    if (Array.isArray(x.errors)) extra.errors = x.errors;
    return { e: new EtherCATError(x.message, { code: x.code, cause: err }), extra };
  }
  return { e: toEtherCATError(err), extra: {} };
}

/** Print an error the way the CLI reports it and return the exit code. */
export function reportError(err: unknown, json: boolean, sink: ErrorSink): number {
  const { e, extra } = normalize(err);
  if (json) {
    sink.stdout.write(JSON.stringify({ error: { ...e.toJSON(), ...extra } }, null, 2) + '\n');
  } else {
    sink.stderr.write(`error: ${e.message}\n`);
    if (e.hint) sink.stderr.write(`hint: ${e.hint}\n`);
    if (!(e instanceof UsageError) && process.env.ECAT_DEBUG && err instanceof Error && err.stack) {
      sink.stderr.write(err.stack + '\n');
    }
  }
  return e instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
}
