// SPDX-License-Identifier: MIT
// TopologyError: everything wrong with a topology file, reported at once. Each issue names the
// file, the line:column where an editor can jump to it, the path of the field (as a user would
// write it, e.g. `slaves[3].objects[0x6000].entries[1].type`), what is wrong and what is
// expected. The loader keeps going after an error so that one run shows them all (up to a limit).

/** One problem found in a topology file. `line` and `column` are 1-based; 0 means "no position". */
export interface TopologyIssue {
  /** Path of the offending field, e.g. `slaves[2].pdos[0x1a00].entries[0]`; empty for the whole file. */
  path: string;
  line: number;
  column: number;
  /** What is wrong and what is expected, without the file/position prefix. */
  message: string;
}

/** Format one issue the way compilers do, so terminals and editors can link to it. */
export function formatIssue(file: string, issue: TopologyIssue): string {
  const where = issue.line > 0 ? `${file}:${issue.line}:${issue.column}` : file;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/**
 * Thrown by `parseTopology`/`loadTopology` when a topology file is not valid.
 * `errors` lists every problem found (sorted by position); `message` repeats them, one per line.
 */
export class TopologyError extends Error {
  /** The file name the errors refer to (as given to the loader). */
  readonly file: string;
  /** All problems found, in file order. */
  readonly errors: TopologyIssue[];
  /** True when the loader stopped collecting after its error limit. */
  readonly truncated: boolean;
  /** Machine-readable code, as EtherCATError uses for other failures. */
  readonly code = 'BAD_TOPOLOGY';

  constructor(file: string, errors: TopologyIssue[], truncated = false, options?: { cause?: unknown }) {
    const n = errors.length;
    const head = `${file}: ${n}${truncated ? '+' : ''} error${n === 1 ? '' : 's'} in topology`;
    const lines = errors.map((e) => `  ${formatIssue(file, e)}`);
    if (truncated) lines.push('  (more errors not shown: fix these first)');
    super([head, ...lines].join('\n'), options);
    this.name = 'TopologyError';
    this.file = file;
    this.errors = errors;
    this.truncated = truncated;
  }
}
