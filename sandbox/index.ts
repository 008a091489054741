// Every sandbox (local stand-in of a government system), registered explicitly.
import type { SandboxFactory } from './sdk/factory.js';

export const sandboxFactories: SandboxFactory[] = [];
