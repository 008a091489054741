// Every sandbox (local stand-in of a government system), registered explicitly.
import type { SandboxFactory } from './sdk/factory.js';
import { edsSandbox } from './eds/index.js';
import { tobaccoSandbox } from './tobacco/index.js';
import { tracesSandbox } from './traces/index.js';
import { vmdSandbox } from './vmd/index.js';

export const sandboxFactories: SandboxFactory[] = [tobaccoSandbox, edsSandbox, tracesSandbox, vmdSandbox];
