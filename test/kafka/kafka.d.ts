// Types of test/kafka/kafka.js for TypeScript callers (bench, tests).
export interface StartedKafka {
  brokers: string[];
  /** The SASL_PLAINTEXT listener and its test-only user (PLAIN, SCRAM-SHA-256/512). */
  sasl: { brokers: string[]; username: string; password: string };
  pid: number;
  dir: string;
  logFile: string;
  stop(): Promise<void>;
}

export const TEST_SASL_USER: { username: string; password: string };
export function kafkaToolsAvailable(): boolean;
export function ensureJars(): void;
export function startKafka(options?: { port?: number; dir?: string; heapMb?: number; timeoutMs?: number }): Promise<StartedKafka>;
export function stopPid(pid: number, graceMs?: number): Promise<void>;
export function kafkaEnv(kafka: Pick<StartedKafka, 'brokers' | 'sasl'>): Record<string, string>;
