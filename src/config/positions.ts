// SPDX-License-Identifier: MIT
// Positions of fields in a configuration file, by path. The loader records where every field was
// written; later stages (schema cross-checks, planning, checking against a bus) find the line and
// column of a path - or of its closest enclosing field - to point their messages into the file.

/** path -> [line, column], both 1-based. */
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
