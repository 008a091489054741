// Units of measure of a commodity (Box 6 of a DDS), by activity.
// Source: "EUDR DDS – Units of Measure Guidance for Economic Operators" (Commission, 2025):
// Appendix I (supplementary unit fixed by HS code for IMPORT/EXPORT, matched on the first
// 4 digits except the 6-digit entries) and Appendix II (units selectable for DOMESTIC).

/** Appendix I: the supplementary unit an HS code carries for IMPORT and EXPORT. */
export const IMPORT_EXPORT_SUPPLEMENTARY_UNITS: Readonly<Record<string, string>> = {
  '010221': 'NAR',
  '010229': 'NAR',
  '4011': 'NAR',
  '4013': 'NAR',
  '4104': 'NAR',
  '4403': 'MTQ',
  '4406': 'MTQ',
  '4408': 'MTQ',
  '4410': 'MTQ',
  '4411': 'MTQ',
  '4412': 'MTQ',
  '4413': 'MTQ',
  '4701': 'KSD',
  '4702': 'KSD',
  '4704': 'KSD',
  '4705': 'KSD',
};

/** Appendix II: units a DOMESTIC statement may declare. MTQ = m³, MTK = m², NAR = items… */
export const DOMESTIC_SUPPLEMENTARY_UNITS: readonly string[] = ['KSD', 'MTK', 'MTQ', 'MTR', 'NAR', 'NPR'];

/** The fixed supplementary unit of an HS code for IMPORT/EXPORT, or undefined when none applies. */
export function importExportSupplementaryUnit(hs: string): string | undefined {
  const code = hs.replace(/\s+/g, '');
  if (code.length >= 6 && IMPORT_EXPORT_SUPPLEMENTARY_UNITS[code.slice(0, 6)] !== undefined) return IMPORT_EXPORT_SUPPLEMENTARY_UNITS[code.slice(0, 6)];
  return code.length >= 4 ? IMPORT_EXPORT_SUPPLEMENTARY_UNITS[code.slice(0, 4)] : undefined;
}

/** DOMESTIC: "Allowed values for Percentage estimate or deviation: 0 – 25" (guidance §2). */
export const DOMESTIC_MAX_PERCENTAGE = 25;
