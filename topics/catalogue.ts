// The topic catalogue: one declaration per topic. `edi topics apply` creates them on Kafka;
// the embedded log creates them on open. Keys are business keys so per-key order holds.

export interface TopicSpec {
  name: string;
  description: string;
  /** What the record key is, in the domain's words. */
  key: string;
  /** Content type of the value (the payload is carried unchanged). */
  contentType: string;
  /** Schema the value is checked against, where there is one. */
  schema?: string;
  partitions: number;
  cleanup: 'delete' | 'compact';
  /** Time-based retention for `delete` topics; -1 keeps forever. */
  retentionMs: number;
  /** Where records of this topic go when they cannot be processed. */
  dlq?: string;
}

const DAY = 86_400_000;

export const catalogue: readonly TopicSpec[] = [
  // timber / EUDR
  { name: 'papinet.inbound', description: 'papiNet XML documents as received (file, SFTP, HTTP)', key: 'source file name', contentType: 'application/xml', partitions: 3, cleanup: 'delete', retentionMs: 14 * DAY, dlq: 'papinet.dlq' },
  { name: 'papinet.valid', description: 'papiNet documents that passed XSD validation, classified', key: 'document number (DeliveryMessageNumber, DeliveryInstructionNumber, MeasuringTicketNumber)', contentType: 'application/xml', schema: 'papinet', partitions: 3, cleanup: 'delete', retentionMs: 30 * DAY, dlq: 'papinet.dlq' },
  { name: 'papinet.outbound', description: 'papiNet documents ready for the receiving party, EUDR references carried', key: 'document number', contentType: 'application/xml', schema: 'papinet', partitions: 3, cleanup: 'delete', retentionMs: 30 * DAY, dlq: 'papinet.dlq' },
  { name: 'papinet.verified', description: 'papiNet documents received at the mill whose EUDR statements TRACES Verify found usable (edi-eudr-verified)', key: 'document number', contentType: 'application/xml', schema: 'papinet', partitions: 3, cleanup: 'delete', retentionMs: 30 * DAY, dlq: 'papinet.dlq' },
  { name: 'papinet.dlq', description: 'papiNet documents that failed, with the reason in edi-error-* headers', key: 'as on the source topic', contentType: 'application/xml', partitions: 1, cleanup: 'delete', retentionMs: 90 * DAY },
  { name: 'eudr.statements.requested', description: 'due diligence statements to submit to TRACES', key: 'statement id (edi-id of the request)', contentType: 'application/json', schema: 'eudr.StatementRequest', partitions: 3, cleanup: 'delete', retentionMs: 90 * DAY, dlq: 'eudr.dlq' },
  { name: 'eudr.statements.prepared', description: 'statement requests with each felling affirmation\'s GeoJSON as VMD served it', key: 'statement id', contentType: 'application/json', schema: 'eudr.PreparedStatement', partitions: 3, cleanup: 'delete', retentionMs: 30 * DAY, dlq: 'eudr.dlq' },
  { name: 'eudr.statements.receipts', description: 'TRACES receipts: reference and verification numbers per statement', key: 'statement id', contentType: 'application/json', schema: 'eudr.StatementReceipt', partitions: 3, cleanup: 'compact', retentionMs: -1 },
  { name: 'eudr.dlq', description: 'statements TRACES rejected or that could not be built', key: 'as on the source topic', contentType: 'application/json', partitions: 1, cleanup: 'delete', retentionMs: 90 * DAY },
  // tobacco track & trace
  { name: 'tobacco.events.inbound', description: 'ERP events: Avro (Confluent wire format or plain) or JSON', key: 'EO_ID', contentType: 'application/vnd.confluent.avro', partitions: 3, cleanup: 'delete', retentionMs: 14 * DAY, dlq: 'tobacco.dlq' },
  { name: 'tobacco.messages', description: 'EU data-dictionary messages ready for the repository router', key: 'EO_ID', contentType: 'application/json', schema: 'tobacco.Message', partitions: 3, cleanup: 'delete', retentionMs: 30 * DAY, dlq: 'tobacco.dlq' },
  { name: 'tobacco.receipts', description: 'router answers: recall Code, warnings', key: 'recall Code', contentType: 'application/json', schema: 'tobacco.Receipt', partitions: 3, cleanup: 'delete', retentionMs: 365 * DAY },
  { name: 'tobacco.dlq', description: 'tobacco events and messages that failed, with the rule or router error', key: 'as on the source topic', contentType: 'application/json', partitions: 1, cleanup: 'delete', retentionMs: 90 * DAY },
  // taxi trips
  { name: 'eds.trips.inbound', description: 'taxi trip records as received (JSON or Avro, one trip each; CSV files of many trips)', key: 'source name / as received', contentType: 'application/json', schema: 'eds.Carriage', partitions: 3, cleanup: 'delete', retentionMs: 30 * DAY, dlq: 'eds.dlq' },
  { name: 'eds.trips.valid', description: 'validated trips, one per record: the exact EDS request body', key: "driver's API client id", contentType: 'application/json', schema: 'eds.Carriage', partitions: 3, cleanup: 'delete', retentionMs: 30 * DAY, dlq: 'eds.dlq' },
  { name: 'eds.trips.receipts', description: 'EDS acknowledgements per delivered trip', key: 'driver API client id', contentType: 'application/json', schema: 'eds.Receipt', partitions: 3, cleanup: 'delete', retentionMs: 400 * DAY },
  { name: 'eds.dlq', description: 'trips that failed validation or were refused by EDS', key: 'as on the source topic', contentType: 'application/json', partitions: 1, cleanup: 'delete', retentionMs: 90 * DAY },
  // the broker itself
  { name: 'edi.tracking', description: 'every step of every message (intake, transform, delivery, receipt, error)', key: 'edi-id', contentType: 'application/json', schema: 'edi.TrackingEvent', partitions: 3, cleanup: 'delete', retentionMs: 30 * DAY },
  { name: 'edi.alerts', description: 'conditions an operator must act on (revoked credentials, host key mismatch, authentication refused)', key: 'component id', contentType: 'application/json', partitions: 1, cleanup: 'delete', retentionMs: 90 * DAY },
];

export class TopicCatalogue {
  private readonly byName = new Map<string, TopicSpec>();

  constructor(specs: readonly TopicSpec[]) {
    for (const spec of specs) this.add(spec);
  }

  add(spec: TopicSpec): void {
    if (this.byName.has(spec.name)) throw new Error(`topic ${spec.name} declared twice`);
    if (!/^[a-zA-Z0-9._-]{1,249}$/.test(spec.name)) throw new Error(`topic name ${spec.name} is not a legal Kafka topic name`);
    this.byName.set(spec.name, spec);
  }

  get(name: string): TopicSpec | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  all(): TopicSpec[] {
    return [...this.byName.values()];
  }
}

/** The built-in catalogue plus topics declared in config (e.g. a buyer's delivery topic). */
export function buildCatalogue(extra: readonly TopicSpec[] = []): TopicCatalogue {
  return new TopicCatalogue([...catalogue, ...extra]);
}

/** Topics holding component state in Kafka mode (Kafka Connect keeps its offsets the same way). */
export function stateTopicSpec(namespace: string): TopicSpec {
  return {
    name: `edi.state.${namespace}`,
    description: `state of component ${namespace}`,
    key: 'state key',
    contentType: 'application/json',
    partitions: 1,
    cleanup: 'compact',
    retentionMs: -1,
  };
}
