import { EmbeddedBus, type EmbeddedBusOptions } from './embedded-bus.js';

export type { EmbeddedBusOptions } from './embedded-bus.js';
export { EmbeddedBus } from './embedded-bus.js';

export async function createEmbeddedBus(options: EmbeddedBusOptions): Promise<EmbeddedBus> {
  return new EmbeddedBus(options);
}
