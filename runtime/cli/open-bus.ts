// CLI commands that talk to the bus without running the broker (topics, track, replay) open
// it straight from the config: the embedded log is safe to share with a running `edi start`.
import type { Logger } from 'pino';
import type { Bus } from '../../topics/bus.js';
import { createBus } from '../../topics/create-bus.js';
import { busSettings } from '../broker.js';
import type { CompiledConfig } from '../config/load.js';
import { createLogger } from '../logger.js';

export async function openBus(config: CompiledConfig, log: Logger = createLogger('warn', process.stderr as never)): Promise<Bus> {
  return createBus(busSettings(config), log);
}
