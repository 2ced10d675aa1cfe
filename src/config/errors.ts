// SPDX-License-Identifier: MIT
// ConfigError: every problem found in a bus configuration (or an ESI file it uses), reported at
// once. The issue shape and its `file:line:column: path: message` formatting are the topology
// loader's (src/topology/errors.ts), so both kinds of file read the same in a terminal.
import { formatIssue } from '../topology/errors.js';
import type { TopologyIssue } from '../topology/errors.js';

/**
 * One problem: `path` is the field as a user would write it (`slaves[2].variables[1].type`, or an
 * element path in an ESI file), `line`/`column` are 1-based (0 = no position), `message` says what
 * is wrong and what is expected.
 */
export type ConfigIssue = TopologyIssue;

/** `file:line:column: path: message`, the form compilers use so editors can jump to it. */
export function formatConfigIssue(file: string, issue: ConfigIssue): string {
  return formatIssue(file, issue);
}

/**
 * Thrown by the loaders when a configuration is not valid. `errors` lists every problem found (in
 * file order); `message` repeats them, one per line, each prefixed with `file:line:column`.
 */
export class ConfigError extends Error {
  /** The file the errors refer to, as given to the loader. */
  readonly file: string;
  readonly errors: ConfigIssue[];
  /** True when collecting stopped at the error limit. */
  readonly truncated: boolean;
  /** Machine-readable code, in the style of EtherCATError. */
  readonly code: string = 'BAD_CONFIG';

  constructor(file: string, errors: ConfigIssue[], truncated = false, what = 'bus configuration') {
    const n = errors.length;
    const head = `${file}: ${n}${truncated ? '+' : ''} error${n === 1 ? '' : 's'} in ${what}`;
    const lines = errors.map((e) => `  ${formatConfigIssue(file, e)}`);
    if (truncated) lines.push('  (more errors not shown: fix these first)');
    super([head, ...lines].join('\n'));
    this.name = 'ConfigError';
    this.file = file;
    this.errors = errors;
    this.truncated = truncated;
  }

  /** The issues formatted one per line, without the heading. */
  lines(): string[] {
    return this.errors.map((e) => formatConfigIssue(this.file, e));
  }
}

/** A malformed or unusable ESI file; `path` of each issue is an element path such as `Descriptions/Devices/Device[0]/RxPdo[1]`. */
export class EsiError extends ConfigError {
  override readonly code: string = 'BAD_ESI';

  constructor(file: string, errors: ConfigIssue[], truncated = false) {
    super(file, errors, truncated, 'ESI file');
    this.name = 'EsiError';
  }
}
