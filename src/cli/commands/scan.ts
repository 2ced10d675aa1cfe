// SPDX-License-Identifier: MIT
// `ecat scan [-o FILE]`: write a bus configuration (docs/config.md) from the live bus: every
// slave with its identity and PDOs as found, one named variable per PDO entry. YAML by default,
// JSON for a .json file. The file is the starting point of an application's bus.yaml.
import { configFromBus, inspectorOf, stringifyBusConfig } from '../../config/index.js';
import { failure } from '../errors.js';
import type { CommandSpec } from '../spec.js';

export const scanCommand: CommandSpec = {
  name: 'scan',
  summary: 'Write a bus configuration (YAML or JSON) from the live bus.',
  details:
    'Reads every slave (identity, sync managers, PDOs) and writes a bus configuration with one variable per PDO entry, ' +
    'ready to edit and load with the runtime. Without -o it goes to standard output; a file ending in .json gets JSON. ' +
    'An existing file is kept unless -f is given.',
  args: [],
  options: ['output', 'force'],
  examples: ['ecat scan', 'ecat scan -o bus.yaml', 'ecat --sim examples/io-rack.yaml scan -o io.json'],
  async run(ctx, _args, opts) {
    const text = await ctx.withMaster('read', (m) => {
      const format = opts.output?.toLowerCase().endsWith('.json') || (ctx.json && !opts.output) ? 'json' : 'yaml';
      const where = m.kind === 'sim' ? `the virtual master (${m.path})` : m.path;
      const config = configFromBus(inspectorOf(m), {
        master: ctx.masterIndex,
        header: `Bus configuration written by \`ecat scan\` from ${where} on ${new Date().toISOString()}.`,
      });
      return stringifyBusConfig(config, format);
    });
    if (!opts.output) {
      ctx.out(text);
      return;
    }
    try {
      await ctx.io.writeFile(opts.output, text, !!opts.force);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EEXIST') throw failure(`${opts.output} exists.`, 'EEXIST', 'Use -f to overwrite it, or choose another file.');
      throw failure(`Cannot write ${opts.output}: ${e.message}`, e.code ?? 'EIO');
    }
    if (ctx.json) ctx.outJson({ written: opts.output, bytes: Buffer.byteLength(text) });
  },
};
