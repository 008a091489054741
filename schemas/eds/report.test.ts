import { describe, expect, it } from 'vitest';
import { buildCarriageReport, carriageFingerprint, reportCarriages, tripIdentity, type Carriage } from './index.js';

const trip = (over: Partial<Carriage> = {}): Carriage => ({
  CarriersTaxpayerCode: '40009999001',
  DriversPersonCode: '32000000001',
  NumberPlate: 'TX1001',
  StartDateTime: '2024-05-01T10:00:00',
  EndDateTime: '2024-05-01T10:20:00',
  Distance: 5.5,
  ServiceFee: 10.1,
  ...over,
});

describe('trip identity and fingerprint', () => {
  it('gives the same fingerprint for the same trip written with another offset', () => {
    expect(carriageFingerprint(trip({ StartDateTime: '2024-05-01T07:00:00Z' }))).toBe(carriageFingerprint(trip()));
    expect(tripIdentity(trip({ StartDateTime: '2024-05-01T10:00:00+03:00' }))).toBe(tripIdentity(trip()));
  });

  it('tells trips apart by any field (fingerprint) and by fare, serial and grand total (identity)', () => {
    expect(carriageFingerprint(trip({ Distance: 5.6 }))).not.toBe(carriageFingerprint(trip()));
    expect(carriageFingerprint(trip({ PaymentType: 'cash' }))).not.toBe(carriageFingerprint(trip()));
    expect(tripIdentity(trip({ ServiceFee: 10.2 }))).not.toBe(tripIdentity(trip()));
    expect(tripIdentity(trip({ SerialNumber: 'SN123' }))).not.toBe(tripIdentity(trip()));
    expect(tripIdentity(trip({ GrandTotal: 1000 }))).not.toBe(tripIdentity(trip()));
  });
});

describe('the reconciliation report model', () => {
  const received = [
    { carriage: trip(), receivedAt: '2024-05-01T07:21:00Z', statusCode: 'a' },
    { carriage: trip({ StartDateTime: '2024-05-01T11:00:00', EndDateTime: '2024-05-01T11:30:00', ServiceFee: 4.9, Commission: 1 }), receivedAt: '2024-05-01T08:31:00Z', statusCode: 'b' },
    { carriage: trip({ DriversPersonCode: '32000000002', NumberPlate: 'TX1002' }), receivedAt: '2024-05-01T07:21:00Z', statusCode: 'c' },
    { carriage: trip({ CarriersTaxpayerCode: '40009999002' }), receivedAt: '2024-05-01T07:21:00Z', statusCode: 'd' },
    // 00:30 Riga time on 2 May, although 21:30Z on 1 May: a trip of 2 May.
    { carriage: trip({ StartDateTime: '2024-05-01T21:30:00Z', EndDateTime: '2024-05-01T21:50:00Z' }), receivedAt: '2024-05-01T21:51:00Z', statusCode: 'e' },
  ];

  it('groups per day (Riga date of the start), carrier and driver, with totals', () => {
    const r = buildCarriageReport(received, { from: '2024-05-01', to: '2024-05-01', generatedAt: 'now' });
    expect(r.tripCount).toBe(4);
    expect(r.days.map((d) => d.date)).toEqual(['2024-05-01']);
    const [first, second] = r.days[0]!.carriers;
    expect(first!.taxpayerCode).toBe('40009999001');
    expect(first!.tripCount).toBe(3);
    expect(first!.serviceFeeTotal).toBe(25.1);
    expect(first!.commissionTotal).toBe(1);
    expect(first!.drivers.map((d) => [d.personCode, d.tripCount])).toEqual([
      ['32000000001', 2],
      ['32000000002', 1],
    ]);
    expect(second!.taxpayerCode).toBe('40009999002');
    expect(first!.drivers[0]!.trips.map((t) => t.statusCode)).toEqual(['a', 'b']);
  });

  it('limits to one carrier and a period, and flattens back to trips', () => {
    const r = buildCarriageReport(received, { from: '2024-05-02', to: '2024-05-31', carrier: '40009999001' });
    expect(r.tripCount).toBe(1);
    const flat = reportCarriages(r);
    expect(flat[0]).toMatchObject({ CarriersTaxpayerCode: '40009999001', DriversPersonCode: '32000000001', statusCode: 'e', day: '2024-05-02' });
  });
});
