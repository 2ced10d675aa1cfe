// SPDX-License-Identifier: MIT
// The `ecat` command line: commander wiring for the sub-commands in commands/, global options,
// help texts, and the mapping of every outcome to an exit code (0 ok, 1 bus/device/runtime
// error, 2 usage error). runCli() takes the process boundary as CliIo, so tests drive the real
// program with a fake master and captured streams.
import { Command, CommanderError, Option } from 'commander';
import { commands } from './commands/index.js';
import { registerProvisionCommands } from '../provision/cli.js';
import { addonProvisionDeps } from '../binding/ready.js';
import { RunContext, type CliIo, type GlobalOptions } from './context.js';
import { EXIT_OK, EXIT_USAGE, UsageError, reportError } from './errors.js';
import { normalizeArgv } from './argv.js';
import { parseUnsigned } from './numbers.js';
import type { CommandOptions, CommandSpec, OptionKey } from './spec.js';

const optionDefs: Record<OptionKey, { flags: string; help: string }> = {
  alias: { flags: '-a, --alias <alias>', help: "slave alias; selects that slave and the ones after it (see 'ecat slaves --help')" },
  position: { flags: '-p, --position <pos>', help: 'slave ring position, or position behind --alias; lists like 1,3-5 allowed' },
  domain: { flags: '-d, --domain <index>', help: 'domain index or list (default: all domains)' },
  type: { flags: '-t, --type <type>', help: 'data type (see the list above)' },
  verbose: { flags: '-v, --verbose', help: 'output more information' },
  quiet: { flags: '-q, --quiet', help: 'output less information' },
  force: { flags: '-f, --force', help: 'force the command' },
  emergency: { flags: '-e, --emergency', help: 'send as emergency request to the ring position given with -p' },
  skin: { flags: '-s, --skin <skin>', help: 'output skin' },
  output: { flags: '-o, --output <file>', help: 'write to this file instead of standard output' },
};

const EXIT_CODES = 'Exit codes: 0 success, 1 error from the bus, device or runtime, 2 usage error.';
const NUMBERS = 'Numbers may be decimal, 0x hexadecimal or 0-prefixed octal.';

function commandHelpFooter(spec: CommandSpec): string {
  const parts = ['', 'Examples:', ...spec.examples.map((e) => `  $ ${e}`), '', NUMBERS, EXIT_CODES];
  return parts.join('\n') + '\n';
}

function programHelpFooter(): string {
  return [
    '',
    "Commands may be abbreviated: a unique prefix ('ecat sl' = slaves) or letters in order ('ecat dl' = download).",
    'Options may also come before the command, as with the ethercat tool (ecat -p 1 upload 0x1018 1).',
    '--json prints a documented JSON shape instead of text (docs/cli.md); errors then print {"error": {...}}.',
    'ECAT_SIM=<topology> selects the virtual master like --sim.',
    NUMBERS,
    EXIT_CODES,
    '',
    "Run 'ecat <command> --help' for command-specific help.",
  ].join('\n') + '\n';
}

/** Global options as commander left them, checked. */
function globalOptions(raw: Record<string, unknown>, command: string): GlobalOptions {
  const masterText = raw.master === undefined ? '0' : String(raw.master);
  if (/[,-]/.test(masterText.replace(/^-/, ''))) {
    throw new UsageError(`ecat works on one master per call: use -m N (got '${masterText}').`, command);
  }
  return {
    master: parseUnsigned(masterText, 'master index', 255, command),
    device: raw.device as string | undefined,
    sim: raw.sim as string | undefined,
    simAbi: raw.simAbi as string | undefined,
    simReadOnly: raw.simReadOnly as boolean | undefined,
    ensure: raw.ensure as boolean | undefined,
    json: !!raw.json,
  };
}

function addCommand(program: Command, spec: CommandSpec, io: CliIo): void {
  const cmd = program
    .command(spec.name)
    .summary(spec.summary)
    .description(spec.details ? `${spec.summary}\n\n${spec.details}` : spec.summary);
  for (const a of spec.args) cmd.argument(a.required ? `<${a.name}>` : `[${a.name}]`, a.description);
  for (const key of spec.options) {
    const def = optionDefs[key];
    cmd.option(def.flags, spec.optionHelp?.[key] ?? def.help);
  }
  cmd.addHelpText('after', commandHelpFooter(spec));
  cmd.action(async (...actionArgs: unknown[]) => {
    const self = actionArgs[actionArgs.length - 1] as Command;
    const globals = globalOptions(self.optsWithGlobals(), spec.name);
    const ctx = new RunContext(io, spec.name, globals);
    await spec.run(ctx, [...self.args], self.opts() as CommandOptions);
  });
}

/**
 * Build the program. `setExitCode` receives the exit code of commands that report their own
 * outcome instead of throwing (provision, doctor).
 */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void = () => {}): Command {
  const program = new Command('ecat');
  program
    .usage('<command> [options] [arguments]')
    .description('EtherCAT diagnostics for the IgH EtherCAT master (and the ecat virtual master), compatible with the ethercat tool.')
    .option('-m, --master <index>', 'master index, i.e. /dev/EtherCAT<index>', '0')
    .option('--device <path>', 'device node to open instead of /dev/EtherCAT<index>')
    .option('--sim <topology>', 'use the virtual master built from a topology file (also: env ECAT_SIM)')
    .option('--json', 'print JSON instead of text')
    .option('--ensure', "provision what is missing before opening the master (root; uses the settings saved by 'ecat provision')")
    .addOption(new Option('--sim-abi <id>', 'IgH ABI the virtual master presents').hideHelp())
    .addOption(new Option('--sim-read-only', 'open the virtual master read-only').hideHelp())
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => {
        /* reported by runCli, as text or JSON */
      },
    })
    .addHelpText('after', programHelpFooter());
  for (const spec of commands) addCommand(program, spec, io);
  registerProvisionCommands(program, {
    stdout: io.stdout as NonNullable<Parameters<typeof registerProvisionCommands>[1]>['stdout'],
    stderr: io.stderr,
    setExitCode,
    deps: addonProvisionDeps,
  });
  return program;
}

/** Names the argument pre-pass may resolve abbreviations to. */
function commandNames(): string[] {
  return [...commands.map((c) => c.name), 'provision', 'doctor', 'help'];
}

/** Run the CLI on `args` (without node and script) and return the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let json = args.includes('--json');
  let command: string | undefined;
  try {
    const norm = normalizeArgv(args, commandNames());
    json = norm.json;
    command = norm.command;
    if (!command && !norm.help) throw new UsageError('Please specify a command.');
    let code: number = EXIT_OK;
    const program = buildProgram(io, (c) => {
      code = c;
    });
    await program.parseAsync(norm.argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT_OK; // --help, help <command>
      if (err.code === 'commander.help') return EXIT_USAGE; // help already printed to stderr for a usage error
      const message = err.message.replace(/^error: /, '');
      const inCommand = command && command !== 'help' ? command : undefined;
      return reportError(new UsageError(message.replace(/\n/g, ' '), inCommand), json, io);
    }
    return reportError(err, json, io);
  }
}
