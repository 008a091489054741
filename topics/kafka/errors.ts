// Error codes of the Kafka backend (EDI_ERR_BUS_KAFKA_*). The missing optional client is
// EDI_ERR_BUS_KAFKA_CLIENT_MISSING in lib/errors.ts (the runtime raises it too).
import { defineErrors } from '../../lib/errors.js';

export const kafkaErrors = defineErrors({
  EDI_ERR_BUS_KAFKA_REQUEST: { message: 'Kafka {operation} failed: {reason}', retriable: true, http: 503 },
  EDI_ERR_BUS_KAFKA_FENCED: {
    message: 'transactional producer {transactionalId} was fenced: another process now writes state namespace(s) {namespaces}; this instance must stop',
    retriable: false,
  },
  EDI_ERR_BUS_KAFKA_AUTH: { message: 'Kafka authentication ({mechanism}) failed for user {username}: {reason}', retriable: false },
  EDI_ERR_BUS_KAFKA_PROTOCOL: { message: 'Kafka {api} request to {broker} failed: {reason}', retriable: true },
  EDI_ERR_BUS_KAFKA_TOPIC_CONFIG: { message: 'could not apply {settings} to topic {topic}: {reason}', retriable: false },
  EDI_ERR_BUS_KAFKA_STATE_RECORD: { message: 'state topic {topic} holds an unreadable record at offset {offset}: {reason}', retriable: false },
});
