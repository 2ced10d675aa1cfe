// SPDX-License-Identifier: MIT
// Rendering argument arrays for people: each argument quoted the POSIX-shell way when it needs
// it, so a line printed by --dry-run or a fix suggested by doctor can be pasted into a shell
// and means exactly the argument array provisioning runs. Nothing here is ever executed.

const SAFE = /^[A-Za-z0-9_\/.,:=@%+^-]+$/;

/** One argument, single-quoted unless it consists of characters a shell leaves alone. */
export function quoteArg(arg: string): string {
  if (arg !== '' && SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** An argument array as one shell-safe line. */
export function renderCommand(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}

/** A command a user should run as root: prefixed with sudo unless they already are root. */
export function asRoot(argv: readonly string[], isRoot: boolean): string {
  return isRoot ? renderCommand(argv) : `sudo ${renderCommand(argv)}`;
}
