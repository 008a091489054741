// What the broker needs from a Confluent-compatible schema registry (Confluent Schema
// Registry, Karapace, Apicurio's ccompat API): the writer schema of a schema id found in the
// wire format, and registering a schema for producers. The HTTP implementation lives in a
// connector; decoding stays pure (confluent-wire.ts takes already-resolved schemas).

export interface RegisteredSchema {
  id: number;
  /** The schema text as the registry returns it (GET /schemas/ids/{id} → "schema"). */
  schema: string;
  /** Absent means AVRO (the registry's default). */
  schemaType?: 'AVRO' | 'JSON' | 'PROTOBUF';
}

export interface SchemaRegistryClient {
  /** GET /schemas/ids/{id}. Ids never change meaning, so callers may cache forever. */
  getSchemaById(id: number, signal?: AbortSignal): Promise<RegisteredSchema>;
  /** POST /subjects/{subject}/versions; idempotent, returns the schema id. */
  register(subject: string, schema: string, signal?: AbortSignal): Promise<number>;
}
