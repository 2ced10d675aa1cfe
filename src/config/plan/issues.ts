// SPDX-License-Identifier: MIT
// Problems found while planning still point into the configuration file: a path such as
// `slaves[2].productCode` finds its line and column through the positions the loader kept.
import type { ConfigIssue } from '../errors.js';
import { positionOf } from '../positions.js';
import type { Positions } from '../positions.js';

export { placeOf, positionOf } from '../positions.js';

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
