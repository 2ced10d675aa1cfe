// SPDX-License-Identifier: MIT
// A pass over the raw arguments before commander sees them, so that command lines written for
// the `ethercat` tool keep working: options may come before the command (`ecat -p 3 upload …`),
// and the command may be abbreviated by a unique prefix (`ecat sl`) or, failing that, by
// letters in order (`ecat dl` = download). Command-specific options found before the command
// are moved behind it; program options (-m, --device, --sim, --json) stay where they are.
import { UsageError } from './errors.js';

/** Options that take a value, in every spelling (the tool's set plus ours). */
const VALUE_OPTIONS = new Set([
  '-m', '--master', '-a', '--alias', '-p', '--position', '-d', '--domain', '-t', '--type',
  '-o', '--output-file', '-s', '--skin', '--device', '--sim', '--sim-abi',
]);

/** Options that belong to the program rather than to a command. */
const PROGRAM_OPTIONS = new Set(['-m', '--master', '--device', '--sim', '--sim-abi', '--sim-read-only', '--json']);

export interface NormalizedArgv {
  argv: string[];
  /** The full command name, or undefined when none was given. */
  command: string | undefined;
  json: boolean;
  help: boolean;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

function isSubsequence(abbrev: string, name: string): boolean {
  let at = 0;
  for (const ch of abbrev) {
    at = name.indexOf(ch, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/** Resolve an exact, prefix or in-order-letters abbreviation of a command name. */
export function resolveCommand(word: string, names: readonly string[]): string {
  if (names.includes(word)) return word;
  let matches = names.filter((n) => n.startsWith(word));
  if (matches.length === 0) matches = names.filter((n) => isSubsequence(word, n));
  const [only] = matches;
  if (matches.length === 1 && only) return only;
  if (matches.length > 1) {
    throw new UsageError(`Ambiguous command abbreviation '${word}': matches ${matches.join(', ')}. Type more letters.`);
  }
  const close = names
    .map((n) => ({ n, d: editDistance(word, n) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(x.n.length / 3)))
    .sort((a, b) => a.d - b.d)[0];
  throw new UsageError(`Unknown command '${word}'.${close ? ` Did you mean '${close.n}'?` : ''}`);
}

export function normalizeArgv(args: readonly string[], names: readonly string[]): NormalizedArgv {
  const before: string[] = [];
  const hoisted: string[] = [];
  let command: string | undefined;
  let rest: string[] = [];
  let i = 0;
  while (i < args.length) {
    const tok = args[i] as string;
    if (tok === '--') {
      rest = args.slice(i);
      break;
    }
    if (tok.startsWith('-') && tok !== '-') {
      const long = tok.startsWith('--');
      const name = long ? (tok.split('=')[0] as string) : tok.slice(0, 2);
      const attached = long ? tok.includes('=') : tok.length > 2;
      const group = VALUE_OPTIONS.has(name) && !attached && i + 1 < args.length ? [tok, args[i + 1] as string] : [tok];
      (PROGRAM_OPTIONS.has(name) ? before : hoisted).push(...group);
      i += group.length;
      continue;
    }
    command = resolveCommand(tok, names);
    rest = args.slice(i + 1);
    // `ecat help up` shows the help of upload: resolve the topic like a command.
    const topic = rest[0];
    if (command === 'help' && topic !== undefined && !topic.startsWith('-')) rest = [resolveCommand(topic, names), ...rest.slice(1)];
    break;
  }
  const optionPart = [...before, ...hoisted, ...rest.slice(0, rest.includes('--') ? rest.indexOf('--') : rest.length)];
  return {
    argv: command ? [...before, command, ...hoisted, ...rest] : [...before, ...hoisted, ...rest],
    command,
    json: optionPart.includes('--json'),
    help: optionPart.some((t) => t === '-h' || t === '--help'),
  };
}
