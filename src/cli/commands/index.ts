// SPDX-License-Identifier: MIT
// Every sub-command, in the order `ecat --help` lists them (alphabetical, as the tool does).
import type { CommandSpec } from '../spec.js';
import { abiCommand } from './abi.js';
import { aliasCommand } from './alias.js';
import { configCommand } from './config.js';
import { crcCommand } from './crc.js';
import { cstructCommand } from './cstruct.js';
import { dataCommand } from './data.js';
import { debugCommand } from './debug.js';
import { domainsCommand } from './domains.js';
import { downloadCommand } from './download.js';
import { graphCommand } from './graph.js';
import { masterCommand } from './master.js';
import { pdosCommand } from './pdos.js';
import { regReadCommand } from './reg-read.js';
import { regWriteCommand } from './reg-write.js';
import { rescanCommand } from './rescan.js';
import { scanCommand } from './scan.js';
import { sdosCommand } from './sdos.js';
import { siiReadCommand } from './sii-read.js';
import { siiWriteCommand } from './sii-write.js';
import { slavesCommand } from './slaves.js';
import { statesCommand } from './states.js';
import { uploadCommand } from './upload.js';
import { versionCommand } from './version.js';
import { xmlCommand } from './xml.js';

export const commands: readonly CommandSpec[] = [
  abiCommand,
  aliasCommand,
  configCommand,
  crcCommand,
  cstructCommand,
  dataCommand,
  debugCommand,
  domainsCommand,
  downloadCommand,
  graphCommand,
  masterCommand,
  pdosCommand,
  regReadCommand,
  regWriteCommand,
  rescanCommand,
  scanCommand,
  sdosCommand,
  siiReadCommand,
  siiWriteCommand,
  slavesCommand,
  statesCommand,
  uploadCommand,
  versionCommand,
  xmlCommand,
];
