import { describe, expect, it } from 'vitest';
import { buildCarriageReport, type Carriage } from '../../schemas/eds/index.js';
import { reconcileTrips, type DeliveredTrip } from './reconcile.js';
import { parseCarriageReport } from './report-parse.js';

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

const t1 = trip();
const t2 = trip({ StartDateTime: '2024-05-01T11:00:00', EndDateTime: '2024-05-01T11:30:00', SerialNumber: 'SN001', GrandTotal: 1500 });
const t3 = trip({ DriversPersonCode: '32000000002', NumberPlate: 'TX1002' });
const other = trip({ DriversPersonCode: '32000000009', NumberPlate: 'TX1009' });
const nextDay = trip({ StartDateTime: '2024-05-02T10:00:00', EndDateTime: '2024-05-02T10:20:00' });

const reportOf = (trips: Carriage[], from = '2024-05-01', to = from) =>
  buildCarriageReport(
    trips.map((carriage, i) => ({ carriage, receivedAt: '2024-05-01T08:00:00Z', statusCode: `s${i}` })),
    { from, to, generatedAt: '2024-05-03T00:00:00Z' },
  );

const delivered = (...trips: Carriage[]): DeliveredTrip[] => trips.map((carriage, i) => ({ carriage, ediId: `id${i}` }));

describe('reconciliation (pure)', () => {
  it('finds nothing missing when both sides hold the same trips, offsets spelt differently', () => {
    const r = reconcileTrips(delivered({ ...t1, StartDateTime: '2024-05-01T07:00:00Z' }, t2, t3), reportOf([t3, t2, t1]));
    expect([r.deliveredCount, r.reportedCount, r.matchedCount, r.missingAtEds.length, r.missingInBroker.length]).toEqual([3, 3, 3, 0, 0]);
  });

  it('lists a delivered trip EDS does not report, and a reported trip the broker never delivered', () => {
    const r = reconcileTrips(delivered(t1, t2, t3), reportOf([t1, t3, other]));
    expect(r.missingAtEds.map((e) => e.trip.ediId)).toEqual(['id1']);
    expect(r.missingAtEds[0]!.identity).toBe('40009999001|32000000001|2024-05-01T08:00:00.000Z|2024-05-01T08:30:00.000Z|SN001|1500|10.1');
    expect(r.missingInBroker.map((e) => e.trip.DriversPersonCode)).toEqual(['32000000009']);
    expect(r.matchedCount).toBe(2);
  });

  it('counts identical trips as a multiset: two deliveries need two reported trips', () => {
    const r = reconcileTrips(delivered(t1, t1), reportOf([t1]));
    expect([r.matchedCount, r.missingAtEds.length]).toEqual([1, 1]);
  });

  it('compares only the report’s period: a delivery of another day is not "missing"', () => {
    const r = reconcileTrips(delivered(t1, nextDay), reportOf([t1]));
    expect([r.deliveredCount, r.missingAtEds.length]).toEqual([1, 0]);
  });
});

describe('reading the report', () => {
  it('reads the JSON form back to the same model', () => {
    const report = reportOf([t1, t2, t3]);
    expect(parseCarriageReport(Buffer.from(JSON.stringify(report)))).toEqual(report);
  });

  const XML = `<?xml version="1.0" encoding="UTF-8"?>
<TaksometruDatuParskats xmlns="urn:edi-broker:eds:taksometru-datu-parskats:1" nosaukums="Pārskats par taksometru datu saņemšanu tiešsaistē"
    sagatavots="2024-05-03T00:00:00Z" periodsNo="2024-05-01" periodsLidz="2024-05-01" laikaJosla="Europe/Riga" braucieni="2" kilometri="11" maksa="20.2" komisija="0">
  <Diena datums="2024-05-01" braucieni="2">
    <Parvadatajs registracijasNr="40009999001" braucieni="2">
      <Vaditajs personasKods="32000000001" braucieni="2">
        <Brauciens statusaKods="s0" sanemts="2024-05-01T08:00:00Z">
          <NumberPlate>TX1001</NumberPlate><StartDateTime>2024-05-01T10:00:00</StartDateTime><EndDateTime>2024-05-01T10:20:00</EndDateTime>
          <Distance>5.5</Distance><ServiceFee>10.1</ServiceFee>
        </Brauciens>
        <Brauciens statusaKods="s1" sanemts="2024-05-01T08:00:00Z">
          <NumberPlate>TX1001</NumberPlate><StartDateTime>2024-05-01T11:00:00</StartDateTime><EndDateTime>2024-05-01T11:30:00</EndDateTime>
          <Distance>5.5</Distance><ServiceFee>10.1</ServiceFee><PaymentType>cash</PaymentType><SerialNumber>SN001</SerialNumber><GrandTotal>1500</GrandTotal>
        </Brauciens>
      </Vaditajs>
    </Parvadatajs>
  </Diena>
</TaksometruDatuParskats>`;

  it('reads the XML form and reconciles with it', () => {
    const report = parseCarriageReport(Buffer.from(XML));
    if (!('days' in report)) throw report;
    expect(report.tripCount).toBe(2);
    expect(report.days[0]!.carriers[0]!.drivers[0]!.trips[1]).toEqual({
      NumberPlate: 'TX1001',
      StartDateTime: '2024-05-01T11:00:00',
      EndDateTime: '2024-05-01T11:30:00',
      Distance: 5.5,
      ServiceFee: 10.1,
      PaymentType: 'cash',
      SerialNumber: 'SN001',
      GrandTotal: 1500,
      receivedAt: '2024-05-01T08:00:00Z',
      statusCode: 's1',
    });
    const r = reconcileTrips(delivered(t1, { ...t2, PaymentType: 'cash' }, t3), report);
    expect(r.missingAtEds.map((e) => e.trip.carriage.DriversPersonCode)).toEqual(['32000000002']);
  });

  it('refuses a broken report with a reason (bad number, missing element, DTD, neither form)', () => {
    const msg = (s: string) => {
      const r = parseCarriageReport(Buffer.from(s));
      if ('days' in r) throw new Error('expected an error');
      expect(r.code).toBe('EDI_ERR_EDS_REPORT_INVALID');
      return r.message;
    };
    expect(msg(XML.replace('<Distance>5.5</Distance>', '<Distance>far</Distance>'))).toMatch(/Brauciens \(line \d+\): "far" is not a number/);
    expect(msg(XML.replace('<ServiceFee>10.1</ServiceFee>', ''))).toMatch(/element ServiceFee is missing/);
    expect(msg(XML.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]>'))).toMatch(/DOCTYPE|DTD/i);
    expect(msg('Pārskats')).toMatch(/neither JSON nor XML/);
    expect(msg('{"title":1}')).toMatch(/JSON title/);
  });
});
