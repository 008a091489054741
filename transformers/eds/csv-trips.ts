// A CSV file of trips (a dispatch system catching up after an outage) → one trip object per
// row, each put on eds.trips.valid as its own record. The dialect, decided here:
// - UTF-8, with or without a BOM (Excel writes one); UTF-16 and invalid UTF-8 are refused;
// - a header row naming the columns with EDS's own field names (any case), ApiClientId allowed;
//   every required field must have a column; an unknown column is refused unless unknownFields: ignore;
// - delimiter ; or , (auto: detected from the header row, which holds no quotes or commas
//   of its own); ; is what a spreadsheet in a Latvian locale writes;
// - RFC 4180 quoting (csv.ts); an empty cell is an absent value;
// - numbers with . as the decimal separator, or , when csv.decimalSeparator says so; no
//   thousands separators. A cell that is no number is kept as text, so the EDS rules report
//   it on its field.
// A broken row is reported with its row and line number; the other rows are unaffected.
import type { EdiError } from '../../lib/errors.js';
import { CARRIAGE_FIELDS, FIELD_SPECS, isCarriageField, ROUTING_FIELD } from '../../schemas/eds/index.js';
import { readCsvRecords, detectDelimiter, type CsvDelimiter } from './csv.js';
import { edsTripErrors } from './errors.js';
import type { EdsTripOptions } from './options.js';

export type TripCsvRow =
  | { row: number; line: number; ok: true; trip: Record<string, unknown> }
  | { row: number; line: number; ok: false; error: EdiError };

export interface TripCsv {
  delimiter: CsvDelimiter;
  /** Field name of each column (EDS spelling), or undefined for an ignored column. */
  columns: Array<string | undefined>;
  rows: TripCsvRow[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function fileError(file: string, reason: string, detail: Record<string, unknown> = {}): EdiError {
  return edsTripErrors.create('EDI_ERR_EDS_CSV_FILE', { file, reason }, { detail });
}

function decodeText(bytes: Buffer, file: string): string | EdiError {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fileError(file, 'the file is UTF-16; save it as UTF-8 (with or without BOM)');
  }
  try {
    const text = utf8.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const offset = Math.max(0, Buffer.from(bytes.toString('utf8'), 'utf8').findIndex((b, i) => b !== bytes[i]));
    const line = bytes.subarray(0, offset).toString('latin1').split('\n').length;
    return fileError(file, `not valid UTF-8 at line ${line} (byte ${offset}); save it as UTF-8`, { line, offset });
  }
}

const NUMBER = { '.': /^[+-]?\d+(\.\d+)?$/, ',': /^[+-]?\d+(,\d+)?$/ } as const;

function cellValue(field: string, cell: string, decimal: '.' | ','): unknown {
  if (!isCarriageField(field) || FIELD_SPECS[field].kind !== 'number') return cell;
  return NUMBER[decimal].test(cell) ? Number(decimal === ',' ? cell.replace(',', '.') : cell) : cell;
}

export function parseTripCsv(bytes: Buffer, file: string, options: Pick<EdsTripOptions, 'csv' | 'unknownFields'>): TripCsv | EdiError {
  if (bytes.byteLength > options.csv.maxBytes) return fileError(file, `${bytes.byteLength} bytes is more than the limit of ${options.csv.maxBytes}`);
  const text = decodeText(bytes, file);
  if (typeof text !== 'string') return text;
  const delimiter = options.csv.delimiter === 'auto' ? detectDelimiter(text) : options.csv.delimiter;
  if (delimiter === undefined) return fileError(file, 'the first line is no header row of ; or , separated field names');

  const records = readCsvRecords(text, delimiter);
  const first = records.next();
  if (first.done) return fileError(file, 'the file is empty');
  const header = first.value;
  if (header.error) return fileError(file, `header row (line ${header.line}): ${header.error.reason}`, { line: header.line, column: header.error.column });

  const known = new Map<string, string>([...CARRIAGE_FIELDS, ROUTING_FIELD].map((f) => [f.toLowerCase(), f]));
  const columns: Array<string | undefined> = [];
  const unknown: string[] = [];
  for (const name of header.fields) {
    const field = known.get(name.trim().toLowerCase());
    if (field === undefined) unknown.push(name);
    else if (columns.includes(field)) return fileError(file, `column ${field} appears twice in the header row`, { line: header.line });
    columns.push(field);
  }
  if (unknown.length > 0 && options.unknownFields === 'error') {
    return fileError(file, `header row names columns that are no EDS trip field: ${unknown.map((u) => JSON.stringify(u)).join(', ')} (expected ${CARRIAGE_FIELDS.join(', ')}, ${ROUTING_FIELD})`, { line: header.line });
  }
  const missing = CARRIAGE_FIELDS.filter((f) => FIELD_SPECS[f].required && !columns.includes(f));
  if (missing.length > 0) return fileError(file, `header row lacks required column(s) ${missing.join(', ')}`, { line: header.line });

  const rows: TripCsvRow[] = [];
  let row = 0;
  for (const rec of records) {
    row++;
    const rowError = (reason: string, column?: number): TripCsvRow => ({
      row,
      line: rec.line,
      ok: false,
      error: edsTripErrors.create('EDI_ERR_EDS_CSV_ROW', { file, row, line: rec.line, reason }, { detail: { line: rec.line, ...(column === undefined ? {} : { column }), row } }),
    });
    if (rec.error) {
      rows.push(rowError(rec.error.reason, rec.error.column));
      if (rec.error.reason.includes('never closed')) break;
      continue;
    }
    if (rec.fields.length !== columns.length) {
      rows.push(rowError(`${rec.fields.length} field(s) where the header row has ${columns.length} (a ${delimiter} inside a value must be quoted)`));
      continue;
    }
    const trip: Record<string, unknown> = {};
    rec.fields.forEach((cell, i) => {
      const field = columns[i];
      if (field !== undefined && cell !== '') trip[field] = cellValue(field, cell, options.csv.decimalSeparator);
    });
    rows.push({ row, line: rec.line, ok: true, trip });
  }
  return { delimiter, columns, rows };
}
