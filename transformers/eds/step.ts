// The taxi-trip step as the runner calls it: a record on eds.trips.inbound → validated trips on
// eds.trips.valid, one per record, keyed by the driver's API client id, each carrying the exact
// EDS request body (serialised once; delivery resends these bytes unchanged). A JSON or Avro
// record is one trip and keeps its edi-id. A CSV file is many: each row becomes its own record
// with an edi-id derived from the file's and the row number (trip-id.ts), the file's edi-id as
// edi-correlation-id, and edi-source naming the row; a broken row goes to eds.dlq on its own
// as a one-row CSV file (header + that row), so `edi replay` puts just that trip back, while
// the file's other rows go on. A file that cannot be read at all goes to the DLQ whole.
// No I/O of its own: the Confluent writer-schema lookup is injected by the component.
import type { Type } from 'avsc';
import { EdiError } from '../../lib/errors.js';
import { sha256Hex } from '../../lib/ids.js';
import type { OutgoingRecord } from '../../topics/record.js';
import type { BusRecord } from '../../topics/record.js';
import { derivedRecord } from '../../topics/record.js';
import { dlqRecord } from '../../topics/dlq.js';
import { H } from '../../topics/headers.js';
import type { TrackingEvent } from '../../topics/tracking.js';
import { readConfluentFrame, looksConfluentFramed } from '../../schemas/avro/confluent-wire.js';
import { schemaRegistryErrors } from '../../schemas/avro/errors.js';
import type { CredentialRegistry } from '../../schemas/eds/index.js';
import type { TransformResult } from '../runner.js';
import { parseTripCsv } from './csv-trips.js';
import type { EdsTripOptions } from './options.js';
import { CONFLUENT_CONTENT_TYPE, tripInputOf } from './record-input.js';
import { transformTrip, type TripTransformResult } from './transform.js';
import { tripRowId } from './trip-id.js';

export type WriterLookup = (schemaId: number) => Promise<Type | undefined>;

/** Content type and schema of a record on eds.trips.valid: the EDS request body. */
export const TRIP_CONTENT_TYPE = 'application/json';
export const TRIP_SCHEMA = 'eds.Carriage';

export interface EdsStepDeps {
  registry: CredentialRegistry;
  options: EdsTripOptions;
  /** Topic of the validated trips. */
  output: string;
  /** The DLQ of a record of the input topic (a broken CSV row goes there on its own). */
  dlqOf: (record: BusRecord) => string;
  /** Stamps a tracking event with the component (ctx.trackingRecord): CSV rows are tracked one by one. */
  trackingRecord: (event: Omit<TrackingEvent, 'at' | 'component'>) => OutgoingRecord;
  /** Resolves a Confluent schema id; absent when no schema registry is configured. */
  writerLookup?: WriterLookup;
  /** Reference time of the not-in-future rule (default: the clock). */
  now?: () => number;
  step?: string;
}

type TripOk = Extract<TripTransformResult, { ok: true }>;

function refsOf(r: TripOk): Record<string, string> {
  const refs: Record<string, string> = { clientId: r.clientId, routedBy: r.routedBy, day: r.day };
  if (r.normalised.length > 0) refs.normalised = r.normalised.join('; ');
  return refs;
}

const LINE_BREAK = /\r\n|\n|\r/;

/** Lines [from, to) of the text (1-based), trailing blank lines dropped. */
function linesOf(lines: readonly string[], from: number, to: number): string {
  const slice = lines.slice(from - 1, to - 1);
  while (slice.length > 1 && slice[slice.length - 1]!.trim() === '') slice.pop();
  return slice.join('\r\n');
}

export function edsStep(deps: EdsStepDeps): (record: BusRecord) => Promise<TransformResult> {
  const step = deps.step ?? 'validate';
  const context = () => ({ registry: deps.registry, options: deps.options, now: deps.now?.() ?? Date.now() });

  function tripRecord(from: BusRecord, r: TripOk, headers?: Record<string, string>): OutgoingRecord {
    return derivedRecord(from, { topic: deps.output, key: r.clientId, value: r.body, contentType: TRIP_CONTENT_TYPE, schema: TRIP_SCHEMA, ...(headers ? { headers } : {}) });
  }

  async function oneTrip(record: BusRecord, contentType: string | undefined): Promise<TransformResult> {
    let writer: Type | undefined;
    let schemaId: number | undefined;
    if (contentType === CONFLUENT_CONTENT_TYPE && looksConfluentFramed(record.value)) {
      schemaId = readConfluentFrame(record.value).schemaId;
      if (deps.writerLookup === undefined) return { ok: false, error: schemaRegistryErrors.create('EDI_ERR_SCHEMA_REGISTRY_NOT_CONFIGURED', { schemaId }, { detail: { schemaId } }) };
      writer = await deps.writerLookup(schemaId);
    }
    const r = transformTrip({ value: record.value, ...(contentType === undefined ? {} : { contentType }) }, { ...context(), writerFor: (id) => (id === schemaId ? writer : undefined) });
    if (!r.ok) return { ok: false, error: r.error };
    return { ok: true, key: r.clientId, refs: refsOf(r), records: [tripRecord(record, r)] };
  }

  function csvFile(record: BusRecord, fileName: string): TransformResult {
    const csv = parseTripCsv(record.value, fileName, deps.options);
    if (csv instanceof EdiError) return { ok: false, error: csv };
    const fileId = record.headers[H.id]!;
    const source = record.headers[H.source] ?? fileName;
    const text = record.value.toString('utf8').replace(/^\uFEFF/, '');
    const lines = text.split(LINE_BREAK);
    const header = linesOf(lines, 1, csv.rows[0]?.line ?? lines.length + 1);
    const out: OutgoingRecord[] = [];
    let valid = 0;
    csv.rows.forEach((row, i) => {
      const id = tripRowId(fileId, row.row);
      const rowHeaders = { [H.id]: id, [H.correlationId]: fileId, [H.source]: `${source} row ${row.row}` };
      const origin = `${fileName} row ${row.row}, line ${row.line}`;
      const result: TripTransformResult = row.ok ? transformTrip({ trip: row.trip, form: 'object' }, context(), origin, row.line) : { ok: false, error: row.error };
      if (result.ok) {
        valid++;
        out.push(tripRecord(record, result, rowHeaders));
        out.push(deps.trackingRecord({ id, step, status: 'ok', topic: record.topic, key: result.clientId, source: rowHeaders[H.source], refs: { ...refsOf(result), file: fileId, row: String(row.row) } }));
        return;
      }
      // The row alone, as a one-row CSV file under its own edi-id: replayable by itself.
      const rowText = `${header}\r\n${linesOf(lines, row.line, csv.rows[i + 1]?.line ?? lines.length + 1)}\r\n`;
      const value = Buffer.from(rowText, 'utf8');
      const asRecord: BusRecord = { ...record, value, headers: { ...record.headers, ...rowHeaders, [H.contentType]: 'text/csv', [H.sha256]: sha256Hex(value) } };
      out.push(dlqRecord(asRecord, deps.dlqOf(record), result.error, step));
      out.push(deps.trackingRecord({ id, step, status: 'error', topic: record.topic, key: record.key, source: rowHeaders[H.source], errorCode: result.error.code, message: result.error.message, refs: { file: fileId, row: String(row.row) } }));
    });
    return { ok: true, key: record.key, refs: { form: 'csv', rows: String(csv.rows.length), valid: String(valid), refused: String(csv.rows.length - valid) }, records: out };
  }

  return async (record) => {
    const input = tripInputOf(record);
    return input.kind === 'csv' ? csvFile(record, input.fileName) : oneTrip(record, input.contentType);
  };
}
