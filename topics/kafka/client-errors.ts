// Errors of the Confluent client as EdiErrors: retriable when the client says so (or the
// broker is unreachable), with the operation named. librdkafka's messages carry no secrets.
import { EdiError, coreErrors } from '../../lib/errors.js';
import { kafkaErrors } from './errors.js';

interface ClientError {
  message?: string;
  code?: number;
  retriable?: boolean;
  fatal?: boolean;
  abortable?: boolean;
}

/** librdkafka error codes looked at here (rdkafka.h). */
export const RdKafkaCode = {
  MSG_SIZE_TOO_LARGE: 10,
  UNKNOWN_TOPIC_OR_PART: 3,
  LOCAL_UNKNOWN_TOPIC: -188,
  LOCAL_UNKNOWN_PARTITION: -190,
  LOCAL_FENCED: -144,
  PRODUCER_FENCED: 90,
  INVALID_PRODUCER_EPOCH: 47,
  LOCAL_TRANSPORT: -195,
  LOCAL_ALL_BROKERS_DOWN: -187,
  LOCAL_TIMED_OUT: -185,
  LOCAL_MSG_TIMED_OUT: -192,
} as const;

/** The client's own error inside an EdiError's cause chain (or the error itself). */
export function clientErrorOf(err: unknown): ClientError | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    if (typeof (e as ClientError).code === 'number') return e as ClientError;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A transactional producer another instance with the same id has fenced (KIP-98), or one broken beyond use. */
export function isFencedOrFatal(err: unknown): boolean {
  const e = clientErrorOf(err);
  if (e === undefined) return false;
  return e.fatal === true || e.code === RdKafkaCode.LOCAL_FENCED || e.code === RdKafkaCode.PRODUCER_FENCED || e.code === RdKafkaCode.INVALID_PRODUCER_EPOCH;
}

export function toBusError(err: unknown, operation: string): EdiError {
  if (err instanceof EdiError) return err;
  const e = (err ?? {}) as ClientError;
  const reason = e.message ?? String(err);
  const code = e.code;
  const unreachable = code === RdKafkaCode.LOCAL_TRANSPORT || code === RdKafkaCode.LOCAL_ALL_BROKERS_DOWN;
  if (unreachable) return coreErrors.create('EDI_ERR_BUS_UNAVAILABLE', { reason: `${operation}: ${reason}` }, { cause: err });
  const retriable = e.fatal === true ? false : (e.retriable ?? (code === RdKafkaCode.LOCAL_TIMED_OUT || code === RdKafkaCode.LOCAL_MSG_TIMED_OUT));
  return kafkaErrors.create('EDI_ERR_BUS_KAFKA_REQUEST', { operation, reason }, { cause: err, retriable });
}
