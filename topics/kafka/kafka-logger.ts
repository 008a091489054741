// librdkafka's and the KafkaJS layer's log lines, into the broker's pino log (or, without
// one, errors only to stderr). Client configs never reach a log line (they hold the password).
import type { Logger } from 'pino';

/** The logger shape of the KafkaJS-compatible API. */
export interface KafkaJSLogger {
  info(message: string, extra?: object): void;
  error(message: string, extra?: object): void;
  warn(message: string, extra?: object): void;
  debug(message: string, extra?: object): void;
  namespace(namespace: string, logLevel?: number): KafkaJSLogger;
  setLogLevel(logLevel: number): void;
}

/** KafkaJS logLevel.WARN: librdkafka's warnings and errors, not its chatter. */
export const KAFKAJS_LOG_LEVEL_WARN = 2;

export function kafkaJSLogger(log: Logger | undefined, client: string): KafkaJSLogger {
  const child = log?.child({ component: 'kafka-client', client });
  const self: KafkaJSLogger = {
    info: (message, extra) => child?.info(extra ?? {}, message),
    debug: (message, extra) => child?.debug(extra ?? {}, message),
    warn: (message, extra) => child?.warn(extra ?? {}, message),
    error: (message, extra) => (child ? child.error(extra ?? {}, message) : console.error(`[kafka ${client}] ${message}`)),
    namespace: () => self,
    setLogLevel: () => {},
  };
  return self;
}
