// Reads the EDS reconciliation report ("Pārskats par taksometru datu saņemšanu tiešsaistē") as
// the sandbox serves it in JSON, or in the XML form (schemas/eds/report.ts, REPORT_XML), which
// is what a carrier downloads from EDS for reconciliation. Parsing is pure (bytes in, model
// out); XML goes through the hardened parser (no DTD, no network, UTF-8, size limit).
import { XmlElement } from 'libxml2-wasm';
import { z } from 'zod';
import { EdiError } from '../../lib/errors.js';
import { DEFAULT_TIME_ZONE, PAYMENT_TYPES, REPORT_TITLE, REPORT_XML, type CarriageReport, type ReportTrip } from '../../schemas/eds/index.js';
import { withXml } from '../../schemas/xml/parse.js';
import { edsTripErrors } from './errors.js';

const MAX_REPORT_BYTES = 200 * 1024 * 1024;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const totals = { tripCount: z.number().int().min(0), distanceTotal: z.number(), serviceFeeTotal: z.number(), commissionTotal: z.number() };

const tripSchema = z.object({
  NumberPlate: z.string(),
  StartDateTime: z.string(),
  EndDateTime: z.string(),
  Distance: z.number(),
  ServiceFee: z.number(),
  Commission: z.number().optional(),
  PaymentType: z.enum(PAYMENT_TYPES).optional(),
  SerialNumber: z.string().optional(),
  GrandTotal: z.number().optional(),
  receivedAt: z.string(),
  statusCode: z.string(),
});

const reportSchema = z.object({
  title: z.string(),
  generatedAt: z.string(),
  from: date,
  to: date,
  carrier: z.string().optional(),
  timeZone: z.string().default(DEFAULT_TIME_ZONE),
  dayBasis: z.literal('StartDateTime').default('StartDateTime'),
  ...totals,
  days: z.array(
    z.object({
      date,
      ...totals,
      carriers: z.array(
        z.object({
          taxpayerCode: z.string(),
          ...totals,
          drivers: z.array(z.object({ personCode: z.string(), ...totals, trips: z.array(tripSchema) })),
        }),
      ),
    }),
  ),
});

function invalid(reason: string, cause?: unknown): EdiError {
  return edsTripErrors.create('EDI_ERR_EDS_REPORT_INVALID', { reason }, cause === undefined ? {} : { cause });
}

/** The report in either form; the form is told by the first character ({ or <). */
export function parseCarriageReport(bytes: Buffer): CarriageReport | EdiError {
  if (bytes.byteLength > MAX_REPORT_BYTES) return invalid(`${bytes.byteLength} bytes is more than the limit of ${MAX_REPORT_BYTES}`);
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  while (start < bytes.length && /\s/.test(String.fromCharCode(bytes[start]!))) start++;
  if (bytes[start] === 0x7b) return parseJsonReport(bytes.subarray(start));
  if (bytes[start] === 0x3c) return parseXmlReport(bytes.subarray(start));
  return invalid('neither JSON nor XML');
}

function parseJsonReport(bytes: Buffer): CarriageReport | EdiError {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    return invalid(`not valid JSON: ${err instanceof Error ? err.message : String(err)}`, err);
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return invalid(`JSON ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data as CarriageReport;
}

const A = REPORT_XML.attr;

function children(el: XmlElement, localName: string): XmlElement[] {
  return el.find(`*[local-name()='${localName}']`).filter((n): n is XmlElement => n instanceof XmlElement);
}

function attr(el: XmlElement, name: string, where: string): string {
  const v = el.attr(name)?.value;
  if (v === undefined) throw invalid(`XML ${where}: attribute ${name} is missing`);
  return v;
}

function num(text: string, where: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw invalid(`XML ${where}: ${JSON.stringify(text)} is not a number`);
  return n;
}

function tripOf(el: XmlElement, where: string): ReportTrip {
  const text = (name: string): string | undefined => children(el, name)[0]?.content;
  const need = (name: string): string => {
    const v = text(name);
    if (v === undefined) throw invalid(`XML ${where}: element ${name} is missing`);
    return v;
  };
  const opt = <T>(name: string, f: (s: string) => T): T | undefined => {
    const v = text(name);
    return v === undefined ? undefined : f(v);
  };
  const paymentType = text('PaymentType');
  if (paymentType !== undefined && !(PAYMENT_TYPES as readonly string[]).includes(paymentType)) throw invalid(`XML ${where}: PaymentType ${JSON.stringify(paymentType)} is not one of EDS's`);
  const trip: ReportTrip = {
    NumberPlate: need('NumberPlate'),
    StartDateTime: need('StartDateTime'),
    EndDateTime: need('EndDateTime'),
    Distance: num(need('Distance'), where),
    ServiceFee: num(need('ServiceFee'), where),
    receivedAt: attr(el, A.receivedAt, where),
    statusCode: attr(el, A.statusCode, where),
  };
  const commission = opt('Commission', (s) => num(s, where));
  if (commission !== undefined) trip.Commission = commission;
  if (paymentType !== undefined) trip.PaymentType = paymentType as ReportTrip['PaymentType'];
  const serial = text('SerialNumber');
  if (serial !== undefined) trip.SerialNumber = serial;
  const grandTotal = opt('GrandTotal', (s) => num(s, where));
  if (grandTotal !== undefined) trip.GrandTotal = grandTotal;
  return trip;
}

function totalsOf(el: XmlElement, where: string) {
  return {
    tripCount: num(attr(el, A.tripCount, where), where),
    distanceTotal: num(el.attr(A.distanceTotal)?.value ?? '0', where),
    serviceFeeTotal: num(el.attr(A.serviceFeeTotal)?.value ?? '0', where),
    commissionTotal: num(el.attr(A.commissionTotal)?.value ?? '0', where),
  };
}

function parseXmlReport(bytes: Buffer): CarriageReport | EdiError {
  try {
    return withXml(bytes, { url: 'report.xml', maxBytes: MAX_REPORT_BYTES }, (doc) => {
      const root = doc.root;
      if (root.name !== REPORT_XML.root) throw invalid(`XML root element is ${root.name}, expected ${REPORT_XML.root}`);
      const carrier = root.attr(A.carrier)?.value;
      const report: CarriageReport = {
        title: root.attr(A.title)?.value ?? REPORT_TITLE,
        generatedAt: attr(root, A.generatedAt, REPORT_XML.root),
        from: attr(root, A.from, REPORT_XML.root),
        to: attr(root, A.to, REPORT_XML.root),
        ...(carrier === undefined ? {} : { carrier }),
        timeZone: root.attr(A.timeZone)?.value ?? DEFAULT_TIME_ZONE,
        dayBasis: 'StartDateTime',
        ...totalsOf(root, REPORT_XML.root),
        days: children(root, REPORT_XML.day).map((day) => {
          const d = attr(day, A.date, `${REPORT_XML.day} (line ${day.line})`);
          return {
            date: d,
            ...totalsOf(day, `${REPORT_XML.day} ${d}`),
            carriers: children(day, REPORT_XML.carrier).map((c) => {
              const code = attr(c, A.taxpayerCode, `${REPORT_XML.carrier} (line ${c.line})`);
              return {
                taxpayerCode: code,
                ...totalsOf(c, `${REPORT_XML.carrier} ${code}`),
                drivers: children(c, REPORT_XML.driver).map((dr) => {
                  const personCode = attr(dr, A.personCode, `${REPORT_XML.driver} (line ${dr.line})`);
                  return {
                    personCode,
                    ...totalsOf(dr, `${REPORT_XML.driver} (line ${dr.line})`),
                    trips: children(dr, REPORT_XML.trip).map((t) => tripOf(t, `${REPORT_XML.trip} (line ${t.line})`)),
                  };
                }),
              };
            }),
          };
        }),
      };
      return report;
    });
  } catch (err) {
    if (err instanceof EdiError) return err.code === 'EDI_ERR_EDS_REPORT_INVALID' ? err : invalid(err.message, err);
    throw err;
  }
}
