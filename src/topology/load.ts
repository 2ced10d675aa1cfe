// SPDX-License-Identifier: MIT
// parseTopology / loadTopology: text -> validated Topology, or a TopologyError listing every
// problem found (file, line:column, field path, what is wrong, what is expected).
import { readFileSync } from 'node:fs';
import { TopologyError } from './errors.js';
import { resolveLinks } from './resolve/connections.js';
import { attachFaults } from './resolve/faults.js';
import { DEFAULT_CABLE_M, DEFAULT_TIMING, computePorts } from './resolve/ports.js';
import { resolveSlave } from './resolve/slave.js';
import { readTopology } from './schema/topology.js';
import { Issues } from './source/issues.js';
import { parseJson } from './source/json.js';
import type { SrcNode } from './source/node.js';
import { parseYaml } from './source/yaml.js';
import type { MasterSettings, Topology } from './types.js';

/** MAC address of the virtual NIC when the file does not give one (locally administered). */
export const DEFAULT_MAC = '02:ec:a7:00:00:01';

/** Options of parseTopology and loadTopology. */
export interface ParseOptions {
  /** Stop collecting after this many errors (default 50). */
  maxErrors?: number;
  /** Force the syntax; by default `.json` files are JSON, others YAML (and JSON text is sniffed). */
  format?: 'yaml' | 'json';
}

function syntaxOf(text: string, file: string, forced?: 'yaml' | 'json'): 'yaml' | 'json' {
  if (forced) return forced;
  if (/\.json$/i.test(file)) return 'json';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

/**
 * Parse and validate topology text. `file` names the source in messages. YAML and JSON share
 * one schema (docs/topology.md). Throws TopologyError with every problem found.
 */
export function parseTopology(text: string, file: string, options: ParseOptions = {}): Topology {
  // Editors on some systems save a byte order mark; it is not part of the document.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const issues = new Issues(options.maxErrors);
  const fail = (): never => {
    throw new TopologyError(file, issues.sorted(), issues.truncated);
  };
  const root: SrcNode | undefined = syntaxOf(text, file, options.format) === 'json' ? parseJson(text, issues) : parseYaml(text, issues);
  if (!root) return fail();
  const spec = readTopology(issues, root);
  const master: MasterSettings = {
    mac: spec.master.mac ?? DEFAULT_MAC,
    linkUp: spec.master.linkUp ?? true,
    cable: spec.master.cable ?? DEFAULT_CABLE_M,
    timing: { ...DEFAULT_TIMING, ...spec.master.timing },
  };
  const slaves = spec.slaves.map((s) => resolveSlave(issues, s));
  attachFaults(issues, spec, slaves);
  // Links and ring order need every slave; if one entry was unreadable the positions are off.
  const complete = spec.slaves.every((s, i) => s.index === i);
  if (complete) {
    const links = resolveLinks(issues, spec.slaves, slaves);
    if (links) computePorts(slaves, links, master);
  }
  if (issues.total > 0) return fail();
  return { file, master, slaves };
}

/** Read a topology file (YAML or JSON) and validate it; errors as for parseTopology. */
export function loadTopology(file: string, options: ParseOptions = {}): Topology {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new TopologyError(file, [{ path: '', line: 0, column: 0, message: `cannot read the topology file: ${reason}` }], false, { cause: err });
  }
  return parseTopology(text, file, options);
}
