import type { z } from 'zod';
import type { Sandbox, SandboxOptions } from './sandbox-server.js';

/** How the runtime and `edi sandbox <name>` know a sandbox: its options schema and a factory. */
export interface SandboxFactory<S extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  /** Sandbox-specific options (delays, seed overrides); validated from config. */
  options: S;
  create(options: z.output<S>, common: SandboxOptions): Sandbox;
}

export function defineSandbox<S extends z.ZodType>(factory: SandboxFactory<S>): SandboxFactory<S> {
  return factory;
}
