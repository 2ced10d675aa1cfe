// SPDX-License-Identifier: MIT
// The shape of a sub-command: name, help text, positional arguments, which of the shared
// options it takes, examples, and the function that runs it. program.ts turns these into
// commander commands; each src/cli/commands/*.ts file exports one.
import type { RunContext } from './context.js';

export interface ArgSpec {
  name: string;
  required: boolean;
  description: string;
}

/** Options shared by several commands, spelled as in the `ethercat` tool. */
export type OptionKey = 'alias' | 'position' | 'domain' | 'type' | 'verbose' | 'quiet' | 'force' | 'emergency' | 'skin' | 'output';

export interface CommandOptions {
  alias?: string;
  position?: string;
  domain?: string;
  type?: string;
  verbose?: boolean;
  quiet?: boolean;
  force?: boolean;
  emergency?: boolean;
  skin?: string;
  output?: string;
}

export interface CommandSpec {
  name: string;
  /** One line, shown in the command list. */
  summary: string;
  /** Further help paragraphs (plain text). */
  details?: string;
  args: ArgSpec[];
  options: OptionKey[];
  /** Per-command wording of an option's help, where it differs from the shared one. */
  optionHelp?: Partial<Record<OptionKey, string>>;
  /** Example command lines (without the leading "$ "). */
  examples: string[];
  run(ctx: RunContext, args: string[], opts: CommandOptions): void | Promise<void>;
}

/** A positional argument helper: `arg('index', 'SDO index')`. */
export function arg(name: string, description: string, required = true): ArgSpec {
  return { name, required, description };
}
