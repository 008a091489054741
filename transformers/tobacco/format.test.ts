import { describe, expect, it } from 'vitest';
import { validMessage } from '../../test/fixtures/tobacco/messages.js';
import { tobaccoEventFormat } from './format.js';

const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2));

describe('edi validate: tobacco format', () => {
  it('recognises a data-dictionary message by its Message_Type, and an ERP event by its file name', () => {
    expect(tobaccoEventFormat.detect(json(validMessage('EDP')), 'out/any-name.json')).toBe(true);
    expect(tobaccoEventFormat.detect(json({ EO_ID: 'E' }), 'Dispatch-0042.json')).toBe(true);
    expect(tobaccoEventFormat.detect(json({ EO_ID: 'E' }), 'order-0042.json')).toBe(false);
    expect(tobaccoEventFormat.detect(Buffer.from('<DeliveryMessage/>'), 'EDP.xml')).toBe(false);
  });

  it('a valid message has no issues; a broken one lists each rule with its path and router code', async () => {
    expect(await tobaccoEventFormat.validate(json(validMessage('EIV')), 'inv.json')).toEqual([]);
    const bad: Record<string, unknown> = { ...validMessage('EIV'), Invoice_Currency: 'EURO' };
    delete bad.Invoice_Number;
    const issues = await tobaccoEventFormat.validate(json(bad), 'inv.json');
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['Invoice_Number', 'REQUIRED_FIELD_FAILED_VALIDATION'],
      ['Invoice_Currency', 'FAILED_VALIDATION'],
    ]);
  });

  it('broken JSON is one issue with line and column', async () => {
    const issues = await tobaccoEventFormat.validate(Buffer.from('{\n "Message_Type": "EDP",\n "EO_ID" "x"\n}'), 'edp.json');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'EDI_ERR_TOBACCO_JSON', line: 3 });
  });

  it('an ERP event is validated after mapping (Event_Time as an ISO instant is fine)', async () => {
    const event = { ...validMessage('EPO'), Event_Time: new Date().toISOString() } as Record<string, unknown>;
    delete event.Message_Type;
    expect(await tobaccoEventFormat.validate(json(event), 'OrderNumber_7.json')).toEqual([]);
  });
});
