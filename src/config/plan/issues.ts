// SPDX-License-Identifier: MIT
// Problems found after parsing (planning, checking against a live bus) still point into the
// configuration file: the loader kept the position of every field, so a path such as
// `slaves[2].productCode` finds its line and column (or the closest enclosing field's).
import type { ConfigIssue } from '../errors.js';

export type Positions = Record<string, [number, number]>;

/** Line and column of `path`, or of the nearest parent that has a position; [0, 0] if none. */
export function positionOf(positions: Positions | undefined, path: string): [number, number] {
  if (!positions) return [0, 0];
  let p = path;
  for (;;) {
    const at = positions[p];
    if (at) return at;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return [0, 0];
    p = p.slice(0, cut);
  }
}

/** `path (line N)` for messages that mention a second place in the file. */
export function placeOf(positions: Positions | undefined, path: string): string {
  const at = positions?.[path];
  return at ? `${path} (line ${at[0]})` : path;
}

/** A list of issues located through the configuration's positions. */
export class PathIssues {
  readonly list: ConfigIssue[] = [];

  constructor(readonly positions: Positions | undefined) {}

  add(path: string, message: string): void {
    const [line, column] = positionOf(this.positions, path);
    this.list.push({ path, line, column, message });
  }

  sorted(): ConfigIssue[] {
    return this.list
      .map((issue, order) => ({ issue, order }))
      .sort((a, b) => a.issue.line - b.issue.line || a.issue.column - b.issue.column || a.order - b.order)
      .map((x) => x.issue);
  }
}
