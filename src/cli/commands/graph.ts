// SPDX-License-Identifier: MIT
// `ecat graph [DC|CRC]`: the bus topology in DOT (pipe it into `dot -Tsvg`), optionally with DC
// delays or CRC error counters at the ports.
import { CRC_REGISTER_ADDRESS, CRC_REGISTER_SIZE } from '../../format/crc.js';
import { formatGraph, graphJson, type GraphInfo } from '../../format/graph.js';
import type { CrcRow } from '../../format/types.js';
import { UsageError } from '../errors.js';
import { allSlaves } from '../collect.js';
import { arg, type CommandSpec } from '../spec.js';

export const graphCommand: CommandSpec = {
  name: 'graph',
  summary: 'Output the bus topology as a graph.',
  details: 'The bus is written in the DOT language of Graphviz. INFO adds information at nodes and edges: DC (DC timing) or CRC (CRC error registers).',
  args: [arg('info', 'DC or CRC', false)],
  options: [],
  examples: ['ecat graph | dot -Tsvg > bus.svg', 'ecat graph DC', 'ecat --json graph'],
  async run(ctx, args) {
    let info: GraphInfo = 'none';
    if (args[0] !== undefined) {
      const a = args[0].toUpperCase();
      if (a === 'DC') info = 'dc';
      else if (a === 'CRC') info = 'crc';
      else throw new UsageError(`Unknown argument "${args[0]}": expected DC or CRC.`, 'graph');
    }
    const { slaves, crc } = await ctx.withMaster(info === 'crc' ? 'prefer-write' : 'read', (m) => {
      const all = allSlaves(m);
      const rows: CrcRow[] | undefined =
        info === 'crc' ? all.map((s) => ({ slave: s, registers: m.regRead(s.position, CRC_REGISTER_ADDRESS, CRC_REGISTER_SIZE, false) })) : undefined;
      return { slaves: all, crc: rows };
    });
    if (ctx.json) {
      ctx.outJson(graphJson(slaves, ctx.masterIndex));
      return;
    }
    const g = formatGraph(slaves, info, crc);
    for (const w of g.warnings) ctx.warn(w);
    ctx.out(g.dot);
  },
};
