// Commands of the business flows (edi eudr …, edi tobacco …, edi eds …), one module per flow,
// registered here.
import type { Command } from 'commander';
import type { CompiledConfig } from '../config/load.js';
import { registerTobaccoCommands } from './tobacco.js';
import { registerEudrCommands } from './eudr.js';
import { registerEdsCommands } from './eds.js';

export type ConfigLoader = () => CompiledConfig;

export function registerDomainCommands(program: Command, config: ConfigLoader): void {
  registerTobaccoCommands(program, config);
  registerEudrCommands(program, config);
  registerEdsCommands(program, config);
}
