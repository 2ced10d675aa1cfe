// SPDX-License-Identifier: MIT
// Entry points that turn a configuration file, its text, or an object built in code into a
// validated BusConfig - or a ConfigError that lists every problem with file:line:column and path.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Issues } from '../topology/source/issues.js';
import { ConfigError } from './errors.js';
import { readDocument, nodeFromValue } from './parse/document.js';
import { Ctx } from './parse/context.js';
import { readBusConfig } from './parse/bus.js';
import type { BusConfig } from './types.js';

/** Options of the configuration loaders. */
export interface ParseOptions {
  /** Directory relative `esi:` paths are resolved against; default: the file's directory. */
  baseDir?: string;
  /** Stop collecting after this many errors (default 50). */
  errorLimit?: number;
}

function finish(ctx: Ctx, file: string, config: BusConfig): BusConfig {
  if (ctx.issues.count > 0) throw new ConfigError(file, ctx.issues.sorted(), ctx.issues.truncated);
  config.source = { file, positions: ctx.positions };
  return config;
}

/**
 * Validate configuration text (YAML, or JSON when `file` ends in .json or the text starts with
 * `{`). `file` is used in messages and to resolve relative ESI paths. Throws ConfigError.
 */
export function parseBusConfig(text: string, file: string, options: ParseOptions = {}): BusConfig {
  const issues = new Issues(options.errorLimit);
  const ctx = new Ctx(issues, options.baseDir ?? dirname(resolve(file)));
  const root = readDocument(text, file, issues);
  if (!root) throw new ConfigError(file, issues.sorted(), issues.truncated);
  return finish(ctx, file, readBusConfig(ctx, root));
}

/** Read and validate a configuration file. Throws ConfigError (or the fs error if it cannot be read). */
export async function loadBusConfig(file: string, options: ParseOptions = {}): Promise<BusConfig> {
  const text = await readFile(file, 'utf8');
  return parseBusConfig(text, file, options);
}

/**
 * Validate a configuration written as a JS object (the same shape as the YAML/JSON file), e.g.
 * one assembled in code. `name` stands in for the file name in messages; positions are absent.
 */
export function validateBusConfig(value: unknown, name = '<config>', options: ParseOptions = {}): BusConfig {
  const issues = new Issues(options.errorLimit);
  const ctx = new Ctx(issues, options.baseDir ?? process.cwd());
  const root = nodeFromValue(value, issues);
  return finish(ctx, name, readBusConfig(ctx, root));
}
