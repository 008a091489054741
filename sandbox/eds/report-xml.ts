// The reconciliation report in its XML form (schemas/eds/report.ts REPORT_XML: our design, as
// VID's XML layout is not public).
import { create } from 'xmlbuilder2';
import { REPORT_XML, type CarriageReport, type ReportTotals } from '../../schemas/eds/index.js';

const A = REPORT_XML.attr;

function totalsAttrs(t: ReportTotals): Record<string, string> {
  return { [A.tripCount]: String(t.tripCount), [A.distanceTotal]: String(t.distanceTotal), [A.serviceFeeTotal]: String(t.serviceFeeTotal), [A.commissionTotal]: String(t.commissionTotal) };
}

export function reportXml(report: CarriageReport): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(REPORT_XML.namespace, REPORT_XML.root, {
    [A.title]: report.title,
    [A.generatedAt]: report.generatedAt,
    [A.from]: report.from,
    [A.to]: report.to,
    ...(report.carrier === undefined ? {} : { [A.carrier]: report.carrier }),
    [A.timeZone]: report.timeZone,
    ...totalsAttrs(report),
  });
  for (const day of report.days) {
    const d = root.ele(REPORT_XML.day, { [A.date]: day.date, ...totalsAttrs(day) });
    for (const carrier of day.carriers) {
      const c = d.ele(REPORT_XML.carrier, { [A.taxpayerCode]: carrier.taxpayerCode, ...totalsAttrs(carrier) });
      for (const driver of carrier.drivers) {
        const dr = c.ele(REPORT_XML.driver, { [A.personCode]: driver.personCode, ...totalsAttrs(driver) });
        for (const trip of driver.trips) {
          const t = dr.ele(REPORT_XML.trip, { [A.statusCode]: trip.statusCode, [A.receivedAt]: trip.receivedAt });
          const { receivedAt: _r, statusCode: _s, ...fields } = trip;
          for (const [name, value] of Object.entries(fields)) if (value !== undefined) t.ele(name).txt(String(value));
        }
      }
    }
  }
  return doc.end({ prettyPrint: true });
}
