// SPDX-License-Identifier: MIT
// Collects the problems found while reading a topology, with the place each one refers to.
// Everything that checks the file reports here instead of throwing, so one run finds them all.
import type { TopologyIssue } from '../errors.js';
import type { Pos } from './node.js';

/** Where a value came from: the field path users see, and its position in the file. */
export interface Where {
  path: string;
  pos: Pos;
}

/** Default number of errors collected before the loader stops adding more. */
export const DEFAULT_ERROR_LIMIT = 50;

/** The problems found so far, capped at `limit`. */
export class Issues {
  readonly list: TopologyIssue[] = [];
  truncated = false;
  /** Problems reported, including those beyond the limit (to tell whether a step added any). */
  total = 0;

  constructor(readonly limit: number = DEFAULT_ERROR_LIMIT) {}

  /** Record a problem at `pos` (undefined: no position) for the field `path`. */
  add(path: string, pos: Pos | undefined, message: string): void {
    this.total++;
    if (this.list.length >= this.limit) {
      this.truncated = true;
      return;
    }
    this.list.push({ path, line: pos?.line ?? 0, column: pos?.column ?? 0, message });
  }

  /** Record a problem at a `Where`. */
  at(where: Where, message: string): void {
    this.add(where.path, where.pos, message);
  }

  get count(): number {
    return this.list.length;
  }

  /** The issues in file order (stable for issues at the same position). */
  sorted(): TopologyIssue[] {
    return this.list
      .map((issue, order) => ({ issue, order }))
      .sort((a, b) => a.issue.line - b.issue.line || a.issue.column - b.issue.column || a.order - b.order)
      .map((x) => x.issue);
  }
}
