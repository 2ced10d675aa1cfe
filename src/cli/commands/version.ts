// SPDX-License-Identifier: MIT
// `ecat version`: this tool's version and, when a master can be opened, which IgH ABI its module
// speaks. Never fails because of the device: a missing module is reported, not an error.
import { toEtherCATError } from '../../binding/errors.js';
import type { CommandSpec } from '../spec.js';

export const versionCommand: CommandSpec = {
  name: 'version',
  summary: 'Show version information.',
  details: 'Prints the ecat version and, if the master device (or --sim topology) can be opened, the IgH ABI its module speaks.',
  args: [],
  options: [],
  examples: ['ecat version', 'ecat --json version'],
  async run(ctx) {
    let module: Record<string, unknown> | null = null;
    let problem: string | null = null;
    try {
      module = await ctx.withMaster('read', (m) => {
        const info = m.module();
        return {
          path: m.path,
          kind: m.kind,
          magic: info.magic,
          masterCount: info.masterCount,
          abi: m.detection.abi.id,
          abiDescription: m.detection.abi.description,
        };
      });
    } catch (err) {
      problem = toEtherCATError(err).message;
    }
    if (ctx.json) {
      ctx.outJson({ name: 'ecat', version: ctx.io.version, node: process.version, master: ctx.masterIndex, module, moduleError: problem });
      return;
    }
    const lines = [`ecat ${ctx.io.version} (Node ${process.version})`];
    if (module) {
      const kind = module.kind === 'sim' ? ', virtual master' : '';
      lines.push(`Master${ctx.masterIndex}: ${module.path}: IgH ABI ${module.abi} (magic ${module.magic}${kind}), ${module.masterCount} master(s)`);
    } else {
      lines.push(`Master${ctx.masterIndex}: not available: ${problem}`);
    }
    ctx.out(lines.join('\n') + '\n');
  },
};
