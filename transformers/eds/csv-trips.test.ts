import { describe, expect, it } from 'vitest';
import { readCsvRecords } from './csv.js';
import { compileTripOptions } from './options.js';
import { parseTripCsv } from './csv-trips.js';
import { testRegistry } from '../../schemas/eds/test-registry.js';
import { transformTripCsv } from './transform.js';

const options = compileTripOptions({});
const HEADER = 'CarriersTaxpayerCode;DriversPersonCode;NumberPlate;StartDateTime;EndDateTime;Distance;ServiceFee;PaymentType';
const ROW1 = '40009999001;32000000001;TX1001;2024-05-01T10:00:00;2024-05-01T10:20:00;5.5;10.1;cash';
const ROW2 = '40009999001;32000000002;TX1002;2024-05-01T11:00:00;2024-05-01T11:15:00;3;6;paymentCard';
const ctx = { registry: testRegistry(), now: Date.parse('2024-05-01T12:00:00Z') };

const csv = (...lines: string[]): Buffer => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');

function parsed(bytes: Buffer, opts = options) {
  const r = parseTripCsv(bytes, 'trips.csv', opts);
  if (!('rows' in r)) throw new Error(`expected rows, got ${r.message}`);
  return r;
}

describe('CSV reader (RFC 4180)', () => {
  it('reads quotes holding the delimiter, doubled quotes and line breaks, counting lines', () => {
    const records = [...readCsvRecords('a;"b;c";"say ""hi"""\n"multi\nline";x;y\n', ';')];
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b;c', 'say "hi"'] },
      { line: 2, fields: ['multi\nline', 'x', 'y'] },
    ]);
  });

  it('skips blank lines, trims unquoted cells, keeps quoted spaces', () => {
    expect([...readCsvRecords('a , b,"  c "\n\n\r\nd,e,f', ',')].map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b', '  c ']],
      [4, ['d', 'e', 'f']],
    ]);
  });

  it('reports a stray quote on its line and column, then goes on with the next line', () => {
    const records = [...readCsvRecords('ok;1\nb"ad;2\nok;3\n', ';')];
    expect(records.map((r) => [r.line, r.error?.column])).toEqual([
      [1, undefined],
      [2, 2],
      [3, undefined],
    ]);
  });
});

describe('trip CSV files', () => {
  it('reads a ;-separated file with a BOM and CRLF line ends', () => {
    const r = parsed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv(HEADER, ROW1, ROW2)]));
    expect(r.delimiter).toBe(';');
    expect(r.rows.map((x) => x.ok && x.trip.DriversPersonCode)).toEqual(['32000000001', '32000000002']);
    expect(r.rows[0]!.ok && r.rows[0]!.trip).toMatchObject({ CarriersTaxpayerCode: '40009999001', Distance: 5.5, ServiceFee: 10.1 });
  });

  it('reads a ,-separated file without BOM, header names in any case, quoted cells', () => {
    const header = HEADER.toLowerCase().replaceAll(';', ',');
    const row = '"40009999001","32000000001","TX1001","2024-05-01T10:00:00","2024-05-01T10:20:00","5.5","10.1","cash"';
    const r = parsed(Buffer.from(`${header}\n${row}\n`));
    expect(r.delimiter).toBe(',');
    expect(r.rows[0]!.ok && r.rows[0]!.trip).toMatchObject({ NumberPlate: 'TX1001', Distance: 5.5 });
  });

  it('reads decimal commas only when configured, and then only in a ;-separated file', () => {
    const row = ROW1.replace(';5.5;10.1;', ';5,5;10,1;');
    const strict = transformTripCsv(csv(HEADER, row), 'trips.csv', ctx);
    if (!Array.isArray(strict)) throw strict;
    expect(!strict[0]!.result.ok && strict[0]!.result.error.detail).toMatchObject({ field: 'Distance', rule: 'type', value: '"5,5"' });
    const lv = parsed(csv(HEADER, row), compileTripOptions({ csv: { decimalSeparator: ',' } }));
    expect(lv.rows[0]!.ok && lv.rows[0]!.trip).toMatchObject({ Distance: 5.5, ServiceFee: 10.1 });
  });

  it('treats an empty cell as an absent optional value', () => {
    const r = parsed(csv(`${HEADER};Commission;SerialNumber`, `${ROW1};;`));
    expect(r.rows[0]!.ok && Object.keys(r.rows[0]!.trip)).not.toContain('Commission');
  });

  it('names the row and line of a row with the wrong number of cells; the other rows go through', () => {
    const results = transformTripCsv(csv(HEADER, ROW1, '40009999001;32000000002;TX1002;2024-05-01T11:00:00;3;6', ROW2), 'trips.csv', ctx);
    if (!Array.isArray(results)) throw results;
    expect(results.map((r) => [r.row, r.line, r.result.ok])).toEqual([
      [1, 2, true],
      [2, 3, false],
      [3, 4, true],
    ]);
    const bad = results[1]!.result;
    expect(!bad.ok && bad.error.code).toBe('EDI_ERR_EDS_CSV_ROW');
    expect(!bad.ok && bad.error.message).toBe('trips.csv row 2 (line 3): 6 field(s) where the header row has 8 (a ; inside a value must be quoted)');
  });

  it('names the row of a trip that breaks an EDS rule', () => {
    const results = transformTripCsv(csv(HEADER, ROW1, ROW2.replace('paymentCard', 'bitcoin')), 'trips.csv', ctx);
    if (!Array.isArray(results)) throw results;
    const bad = results[1]!.result;
    expect(!bad.ok && bad.error.message).toMatch(/^taxi trip \(trips\.csv row 2, line 3\): 1 EDS rule\(s\) broken: PaymentType: /);
    expect(!bad.ok && bad.error.detail).toMatchObject({ field: 'PaymentType', rule: 'enum', line: 3 });
  });

  it('counts lines inside quoted line breaks when naming a later row', () => {
    const results = transformTripCsv(csv(`${HEADER};SerialNumber`, `${ROW1};"SN\n01"`, `${ROW2};x`), 'trips.csv', ctx);
    if (!Array.isArray(results)) throw results;
    expect(results.map((r) => [r.row, r.line])).toEqual([
      [1, 2],
      [2, 4],
    ]);
  });

  it('refuses a file whose header lacks a required column, or names an unknown one', () => {
    const missing = parseTripCsv(csv(HEADER.replace(';ServiceFee', ''), ROW1), 'trips.csv', options);
    expect('rows' in missing ? '' : missing.message).toBe('trips.csv: not a readable trip CSV file: header row lacks required column(s) ServiceFee');
    const unknown = parseTripCsv(csv(`${HEADER};TripNo`, `${ROW1};7`), 'trips.csv', options);
    expect('rows' in unknown ? '' : unknown.message).toMatch(/columns that are no EDS trip field: "TripNo"/);
    const ignored = parsed(csv(`${HEADER};TripNo`, `${ROW1};7`), compileTripOptions({ unknownFields: 'ignore' }));
    expect(ignored.rows[0]!.ok && Object.keys(ignored.rows[0]!.trip)).not.toContain('TripNo');
  });

  it('refuses UTF-16 and invalid UTF-8, naming the line', () => {
    const utf16 = parseTripCsv(Buffer.from(`\ufeff${HEADER}\n`, 'utf16le'), 'trips.csv', options);
    expect('rows' in utf16 ? '' : utf16.message).toMatch(/UTF-16/);
    const latin1 = parseTripCsv(Buffer.concat([csv(HEADER, ROW1), Buffer.from('40009999001;32000000001;T\xc4\n', 'latin1')]), 'trips.csv', options);
    expect('rows' in latin1 ? '' : latin1.message).toMatch(/not valid UTF-8 at line 3/);
  });

  it('reports an unclosed quote at the row it opens and stops there', () => {
    const r = parsed(csv(HEADER, ROW1, `${ROW2.replace(';cash', '')};"cash`, ROW1));
    expect(r.rows.map((x) => [x.row, x.ok])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(!r.rows[1]!.ok && r.rows[1]!.error.message).toMatch(/row 2 \(line 3\): quoted field opened at line 3, column \d+ is never closed/);
  });

  it('refuses a file over the size limit and an empty file', () => {
    const small = compileTripOptions({ csv: { maxBytes: 10 } });
    expect('rows' in parseTripCsv(csv(HEADER), 'trips.csv', small)).toBe(false);
    const empty = parseTripCsv(Buffer.alloc(0), 'trips.csv', options);
    expect('rows' in empty ? '' : empty.message).toMatch(/header row/);
  });
});
