import { describe, expect, it } from 'vitest';
import { clientKey, readPreparedStatement, readStatementReceipt, readStatementRequest, toStatementClient, type StatementReceipt } from './statement-request.js';

const request = {
  id: '01JDEUDRSTATEMENT0000000001',
  client: { name: 'Meža Īpašnieks SIA', country: 'LV', address: { street: 'Rīgas iela 1', postalCode: 'LV-4860', city: 'Madona' }, identifiers: [{ type: 'vat', value: 'LV40003000001' }] },
  affirmations: ['4210000101', '4210000102'],
  requestedAt: '2026-05-20T09:52:30.345Z',
};

describe('statement records', () => {
  it('reads a request with two affirmations and keys the client by its first identifier', () => {
    const r = readStatementRequest(Buffer.from(JSON.stringify(request)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.request.affirmations).toEqual(['4210000101', '4210000102']);
    expect(clientKey(r.request.client)).toBe('LV40003000001');
    expect(toStatementClient(r.request.client).address?.city).toBe('Madona');
  });

  it('refuses a request without affirmations, naming the field', () => {
    const r = readStatementRequest(Buffer.from(JSON.stringify({ ...request, affirmations: [] })));
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.reason).toMatch(/^affirmations/);
  });

  it('refuses a value that is not JSON', () => {
    expect(readStatementRequest(Buffer.from('<xml/>'))).toMatchObject({ ok: false, reason: expect.stringMatching(/not JSON/) });
  });

  it('reads a prepared statement and refuses one without documents', () => {
    const doc = { number: '4210000101', url: 'http://127.0.0.1/api/public/affirmation-geojson/4210000101', geojson: '{}', sha256: 'x', fetchedAt: '2026-05-20T09:52:31Z' };
    expect(readPreparedStatement(Buffer.from(JSON.stringify({ request, affirmationDocuments: [doc] }))).ok).toBe(true);
    expect(readPreparedStatement(Buffer.from(JSON.stringify({ request, affirmationDocuments: [] }))).ok).toBe(false);
  });

  it('round-trips a receipt and refuses one whose status is not AVAILABLE', () => {
    const receipt: StatementReceipt = {
      id: request.id,
      status: 'AVAILABLE',
      uuid: 'b1f0c3a2-0000-4000-8000-000000000001',
      internalReferenceNumber: `EDI-${request.id}`,
      referenceNumber: '26LVABCDEFGHJK',
      verificationNumber: 'SFFCB4Y3',
      affirmations: request.affirmations,
      client: { id: 'LV40003000001', name: request.client.name, country: 'LV' },
      operatorRole: 'REPRESENTATIVE_OPERATOR',
      fellingSites: 3,
      areaHa: 4.2,
      environment: 'eudr-test',
      account: 'default',
      submittedAt: '2026-05-20T09:52:31Z',
      availableAt: '2026-05-20T09:52:33Z',
    };
    expect(readStatementReceipt(Buffer.from(JSON.stringify(receipt)))).toEqual({ ok: true, receipt });
    expect(readStatementReceipt(Buffer.from(JSON.stringify({ ...receipt, status: 'REJECTED' }))).ok).toBe(false);
  });
});
