// SPDX-License-Identifier: MIT
// `ecat states [-p POS] [-a ALIAS] STATE`: request an AL state (INIT, PREOP, BOOT, SAFEOP, OP)
// for the selected slaves (all slaves without a selection, as in the tool).
import { alStateCode } from '../../format/al-state.js';
import { UsageError } from '../errors.js';
import { selectSlaves } from '../select.js';
import { arg, type CommandSpec } from '../spec.js';

export const statesCommand: CommandSpec = {
  name: 'states',
  summary: 'Request application-layer states.',
  details: 'STATE is INIT, PREOP, BOOT, SAFEOP or OP (any case). Without -p/-a every slave is asked.',
  args: [arg('state', 'INIT, PREOP, BOOT, SAFEOP or OP')],
  options: ['alias', 'position'],
  examples: ['ecat states PREOP', 'ecat states -p 2 OP', 'ecat states -a 5 SAFEOP'],
  async run(ctx, args, opts) {
    const text = args[0] ?? '';
    const state = alStateCode(text);
    if (state === undefined) throw new UsageError(`Invalid state '${text}': expected INIT, PREOP, BOOT, SAFEOP or OP.`, 'states');
    const positions = await ctx.withMaster('write', (m) => {
      const slaves = selectSlaves(m, opts, 'states');
      for (const s of slaves) m.slaveState(s.position, state);
      return slaves.map((s) => s.position);
    });
    if (ctx.json) ctx.outJson({ state: text.toUpperCase(), slaves: positions });
  },
};
