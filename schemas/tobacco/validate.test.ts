import { describe, expect, it } from 'vitest';
import { validMessage } from '../../test/fixtures/tobacco/messages.js';
import { formatEventTime } from './formats.js';
import { MESSAGE_SPECS, MESSAGE_TYPES, type MessageType } from './catalogue/index.js';
import { compileValidationOptions } from './options.js';
import { validateMessage, type ValidationResult } from './validate.js';

function errorsOf(r: ValidationResult) {
  if (r.ok) throw new Error('expected the message to be refused');
  return r.errors;
}

function refusedWith(json: unknown, path: string, code: string, options = {}) {
  const errors = errorsOf(validateMessage(json, options));
  const hit = errors.find((e) => e.path === path && e.code === code);
  expect(hit, `expected ${code} at ${path}, got ${JSON.stringify(errors.map((e) => [e.code, e.path]))}`).toBeDefined();
  return hit!;
}

describe('validateMessage: one valid message of every type passes', () => {
  it.each(MESSAGE_TYPES)('%s built from the fixture is accepted without warnings', (type) => {
    const r = validateMessage(validMessage(type));
    expect(r.ok ? r.warnings : r.errors).toEqual([]);
    expect(r.ok).toBe(true);
  });
});

describe('validateMessage: conditional rules', () => {
  // Every C:<field>=<values> rule in the catalogue gets its failing case: trigger the
  // condition, leave the field out, expect REQUIRED_FIELD_FAILED_VALIDATION at that field.
  const cases = MESSAGE_TYPES.flatMap((type) =>
    MESSAGE_SPECS[type].fields.flatMap((f) =>
      typeof f.req === 'object' ? f.req.in.map((v) => ({ type, field: f.name, when: (f.req as { field: string }).field, value: v })) : [],
    ),
  );

  it.each(cases)('$type: $field missing while $when = $value is refused as required', ({ type, field, when, value }) => {
    const msg: Record<string, unknown> = { ...validMessage(type as MessageType), [when]: value };
    delete msg[field];
    const e = refusedWith(msg, field, 'REQUIRED_FIELD_FAILED_VALIDATION');
    expect(e.rule).toBe('required-if');
    expect(e.message).toContain(`required when ${when} = ${value}`);
  });

  it('EDP Destination_ID1 = 2 without Destination_ID2 names the field, the rule and the value', () => {
    const { Destination_ID2: _, ...msg } = validMessage('EDP');
    const e = refusedWith(msg, 'Destination_ID2', 'REQUIRED_FIELD_FAILED_VALIDATION');
    expect(e).toMatchObject({ rule: 'required-if', ruleText: 'required when Destination_ID1 = 2', value: undefined });
  });

  it.each([
    [1, 'upUIs'],
    [2, 'aUIs'],
    [3, 'aUIs'],
  ])('ERP UI_Type %i with an empty %s is refused (the list must not be empty)', (uiType, field) => {
    const msg = { ...validMessage('ERP'), UI_Type: uiType, upUIs: field === 'upUIs' ? [] : ['PLU0000000001AB'], aUIs: [] };
    const e = refusedWith(msg, field, 'REQUIRED_FIELD_FAILED_VALIDATION');
    expect(e.rule).toBe('not-empty');
  });

  it('ERP UI_Type 3 with both lists given is accepted', () => {
    expect(validateMessage({ ...validMessage('ERP'), UI_Type: 3, aUIs: ['PLA00000000001'] }).ok).toBe(true);
  });

  it('EIV Invoice_Buyer1 = 0 requires the buyer name, address, country and tax number', () => {
    const msg: Record<string, unknown> = { ...validMessage('EIV'), Invoice_Buyer1: 0 };
    delete msg.Invoice_Buyer2;
    const errors = errorsOf(validateMessage(msg));
    expect(errors.map((e) => e.path).sort()).toEqual(['Buyer_Address', 'Buyer_CountryReg', 'Buyer_Name', 'Buyer_TAX_N']);
    const ok = validateMessage({ ...msg, Buyer_Name: 'Kiosk Nord SIA', Buyer_Address: 'Brivibas iela 1, Riga', Buyer_CountryReg: 'LV', Buyer_TAX_N: 'LV40003012345' });
    expect(ok.ok).toBe(true);
  });

  it('a blank string counts as missing for a required field', () => {
    refusedWith({ ...validMessage('EDP'), Transport_vehicle: '  ' }, 'Transport_vehicle', 'REQUIRED_FIELD_FAILED_VALIDATION');
  });
});

describe('validateMessage: formats and enumerations', () => {
  const bad: Array<[MessageType, string, unknown, string]> = [
    ['EDP', 'Event_Time', '2501150', 'format'],
    ['EDP', 'Event_Time', '25023110', 'format'], // 31 February
    ['EDP', 'Event_Time', '25011524', 'format'], // hour 24
    ['EDP', 'Message_Time_Long', '2025-01-15 10:00:00', 'format'],
    ['EDP', 'Message_Time_Long', '2025-01-15T10:00:00.000Z', 'format'],
    ['EIV', 'Invoice_Date', '15.01.2025', 'format'],
    ['EDP', 'EMCS', 2, 'type'],
    ['EDP', 'EMCS', true, 'type'],
    ['EDP', 'Transport_mode', 8, 'enum'],
    ['EDP', 'Transport_mode', '3', 'type'],
    ['EDP', 'Destination_ID1', 5, 'enum'],
    ['ETL', 'Destination_ID1', 2, 'enum'],
    ['EIV', 'Invoice_Type1', 4, 'enum'],
    ['EIV', 'Invoice_Currency', 'EURO', 'currency'],
    ['EIV', 'Invoice_Net', '8.40', 'type'],
    ['IRU', 'Intended_Market', 'XX', 'country'],
    ['IRU', 'TP_ID', '2345-18-17', 'format'],
    ['IRU', 'Req_Quantity', 0, 'min'],
    ['RCL', 'Recall_Reason1', 4, 'enum'],
    ['IDA', 'Deact_Reason1', 7, 'enum'],
    ['EPA', 'Aggregation_Type', 0, 'enum'],
  ];
  it.each(bad)('%s.%s = %j is refused (rule %s)', (type, field, value, rule) => {
    const e = refusedWith({ ...validMessage(type), [field]: value }, field, 'FAILED_VALIDATION');
    expect(e.rule).toBe(rule);
    expect(e.value).toEqual(value);
  });

  it('a UI longer than 50 characters is refused at its list position', () => {
    const long = 'U'.repeat(51);
    const e = refusedWith({ ...validMessage('ERP'), upUIs: ['PLU0000000001AB', long] }, 'upUIs[1]', 'FAILED_VALIDATION');
    expect(e.rule).toBe('max-length');
    expect(validateMessage({ ...validMessage('ERP'), upUIs: ['U'.repeat(50)] }).ok).toBe(true);
  });

  it('a UI with a space is refused', () => {
    expect(refusedWith({ ...validMessage('ERP'), upUIs: ['PLU 1'] }, 'upUIs[0]', 'FAILED_VALIDATION').rule).toBe('format');
  });

  it('Intended_Route2 checks every country of the list', () => {
    refusedWith({ ...validMessage('IRU'), Intended_Route2: ['PL', 'EL'] }, 'Intended_Route2[1]', 'FAILED_VALIDATION');
    expect(validateMessage({ ...validMessage('IRU'), Intended_Route2: ['PL', 'EL'] }, { extraCountryCodes: ['EL'] }).ok).toBe(true);
  });

  it('Payment_Type accepts any integer until a value list is configured (the list is not public)', () => {
    expect(validateMessage({ ...validMessage('EPR'), Payment_Type: 42 }).ok).toBe(true);
    const e = refusedWith({ ...validMessage('EPR'), Payment_Type: 42 }, 'Payment_Type', 'FAILED_VALIDATION', { valueLists: { Payment_Type: [1, 2, 3] } });
    expect(e.message).toContain('1, 2, 3');
  });

  it('Transport_s1 follows a configured value list instead of the 0/1 default', () => {
    refusedWith({ ...validMessage('EDP'), Transport_s1: 2 }, 'Transport_s1', 'FAILED_VALIDATION');
    expect(validateMessage({ ...validMessage('EDP'), Transport_s1: 2 }, { valueLists: { Transport_s1: [0, 1, 2] } }).ok).toBe(true);
  });

  it('EUA upUI_1 and upUI_2 of different lengths are refused', () => {
    const msg = { ...validMessage('EUA'), upUI_1: ['PLU0000000001AB25011510'] };
    expect(refusedWith(msg, 'upUI_2', 'FAILED_VALIDATION').rule).toBe('parallel-lists');
  });

  it('EIV Product_Price shorter than Product_Items_1 is refused', () => {
    expect(refusedWith({ ...validMessage('EIV'), Product_Price: [] }, 'Product_Price', 'FAILED_VALIDATION').rule).toBe('parallel-lists');
  });
});

describe('validateMessage: sender-side checks', () => {
  it('the same UI twice in one list is MULTIPLE_UID with the duplicates as Error_Data', () => {
    const msg = { ...validMessage('EDP'), upUIs: ['A1', 'B2', 'A1', 'B2', 'C3'] };
    const e = refusedWith(msg, 'upUIs[2]', 'MULTIPLE_UID');
    expect(e.data).toBe('A1#B2');
  });

  it('the same UI in upUIs and aUIs is MULTIPLE_UID', () => {
    refusedWith({ ...validMessage('EDP'), UI_Type: 3, upUIs: ['X1'], aUIs: ['X1'] }, 'aUIs[0]', 'MULTIPLE_UID');
  });

  it('EPA aggregating its own aUI is MULTIPLE_UID', () => {
    refusedWith({ ...validMessage('EPA'), Aggregation_Type: 2, Aggregated_UIs2: ['PLA00000000001'] }, 'Aggregated_UIs2[0]', 'MULTIPLE_UID');
  });

  it('an event 25 h old is accepted with a SHIPMENT_WITHIN_24_HOURS warning for a dispatch', () => {
    const now = new Date('2025-03-10T12:30:00Z');
    const r = validateMessage({ ...validMessage('EDP'), Event_Time: formatEventTime(new Date(now.getTime() - 25 * 3_600_000)) }, {}, now);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(['SHIPMENT_WITHIN_24_HOURS']);
  });

  it('a late invoice warns with OPERATION_WITHIN_24_HOURS; a 23 h old one does not warn', () => {
    const now = new Date('2025-03-10T12:30:00Z');
    const at = (h: number) => formatEventTime(new Date(now.getTime() - h * 3_600_000));
    expect(validateMessage({ ...validMessage('EIV'), Event_Time: at(30) }, {}, now).warnings.map((w) => w.code)).toEqual(['OPERATION_WITHIN_24_HOURS']);
    expect(validateMessage({ ...validMessage('EIV'), Event_Time: at(23) }, {}, now).warnings).toEqual([]);
  });

  it('the lateness threshold is configurable', () => {
    const now = new Date('2025-03-10T12:30:00Z');
    const msg = { ...validMessage('ERP'), Event_Time: formatEventTime(new Date(now.getTime() - 5 * 3_600_000)) };
    expect(validateMessage(msg, { lateAfterHours: 4 }, now).warnings).toHaveLength(1);
  });
});

describe('validateMessage: structure and keys', () => {
  it('a JSON array is INVALID_INPUT_FORMAT', () => {
    expect(errorsOf(validateMessage([validMessage('EDP')]))[0]?.code).toBe('INVALID_INPUT_FORMAT');
  });

  it('a message without Message_Type is REQUIRED_FIELD_FAILED_VALIDATION', () => {
    const { Message_Type: _, ...msg } = validMessage('EDP');
    expect(errorsOf(validateMessage(msg))[0]).toMatchObject({ code: 'REQUIRED_FIELD_FAILED_VALIDATION', path: 'Message_Type' });
  });

  it('an unknown Message_Type is FAILED_VALIDATION (Annex numbers are not codes)', () => {
    expect(errorsOf(validateMessage({ ...validMessage('EDP'), Message_Type: '3-3' }))[0]).toMatchObject({ code: 'FAILED_VALIDATION', rule: 'message-type' });
  });

  it('an unknown key is an error by default, a warning when configured, nothing when ignored', () => {
    const msg = { ...validMessage('EDP'), Dispatch_Comment: 'typo of Dispatch_comment' };
    refusedWith(msg, 'Dispatch_Comment', 'FAILED_VALIDATION');
    const warned = validateMessage(msg, { unknownFields: 'warn' });
    expect(warned.ok && warned.warnings.map((w) => w.code)).toEqual(['UNKNOWN_FIELD']);
    const ignored = validateMessage(msg, compileValidationOptions({ unknownFields: 'ignore' }));
    expect(ignored.ok && ignored.warnings).toEqual([]);
  });

  it('both spellings of Message_Time_Long are accepted, but not both at once', () => {
    expect(validateMessage({ ...validMessage('ERP'), Message_Time_long: '2025-01-15T10:00:00Z' }).ok).toBe(true);
    expect(validateMessage({ ...validMessage('ERP'), Message_Time_Long: '2025-01-15T10:00:00Z' }).ok).toBe(true);
    refusedWith({ ...validMessage('ERP'), Message_Time_Long: '2025-01-15T10:00:00Z', Message_Time_long: '2025-01-15T10:00:00Z' }, 'Message_Time_long', 'FAILED_VALIDATION');
  });

  it("EPO accepts CEH's spelling Comments for Order_comment", () => {
    expect(validateMessage({ ...validMessage('EPO'), Comments: 'weekly order' }).ok).toBe(true);
  });

});
