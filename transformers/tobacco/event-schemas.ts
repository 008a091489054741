// The ERP event schemas (schemas/avro/tobacco/*.avsc) by the message each one maps to: the
// "edi.messageType" attribute of a schema names its data-dictionary Message_Type.
import type { Type } from 'avsc';
import { loadAvroSchemas, type LoadedAvroSchema } from '../../schemas/avro/loader.js';
import { isMessageType, type MessageType } from '../../schemas/tobacco/index.js';

export interface TobaccoEventSchema {
  messageType: MessageType;
  schema: LoadedAvroSchema;
}

let byKey: Map<string, TobaccoEventSchema> | undefined;

function table(): Map<string, TobaccoEventSchema> {
  if (byKey) return byKey;
  const t = new Map<string, TobaccoEventSchema>();
  for (const schema of loadAvroSchemas('tobacco').values()) {
    const messageType = schema.json['edi.messageType'];
    if (!isMessageType(messageType)) throw new Error(`schemas/avro/tobacco/${schema.file}: "edi.messageType" must name a message type, got ${String(messageType)}`);
    const entry = { messageType, schema };
    // Known by full name (edi.tobacco.erp.Dispatch), short name (Dispatch) and message type (EDP).
    for (const key of [schema.fullName, schema.fullName.split('.').pop() as string, messageType]) t.set(key, entry);
  }
  byKey = t;
  return t;
}

/** The event schema a header or a writer schema names: full name, short name or Message_Type. */
export function tobaccoEventSchema(name: string): TobaccoEventSchema | undefined {
  return table().get(name) ?? table().get(name.split('.').pop() ?? name);
}

export function tobaccoEventSchemaOf(messageType: MessageType): TobaccoEventSchema {
  return table().get(messageType) as TobaccoEventSchema;
}

/** The reader type for a writer type found in the wire format, if it is one of ours. */
export function readerFor(writer: Type): TobaccoEventSchema | undefined {
  return writer.name === undefined ? undefined : tobaccoEventSchema(writer.name);
}
