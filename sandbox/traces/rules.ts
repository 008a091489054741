// The business rules TRACES applies to a statement after schema validation, each with its
// official error code. Sources: CF4 v1.3/v1.4 error tables; API and UI Validation Rules
// (Operator API Reference v1.0 §10.3); Units of Measure guidance (activity-dependent
// quantities); GeoJSON File Description §9 via the shared rules of schemas/eudr/geojson.
import { commodityOfHsCode } from '../../schemas/eudr/annex-i.js';
import { checkEudrGeoJsonText, type GeoRule } from '../../schemas/eudr/geojson/rules.js';
import { GEOLOCATION_MAX_BYTES } from '../../schemas/eudr/geojson/types.js';
import { DOMESTIC_SUPPLEMENTARY_UNITS, importExportSupplementaryUnit } from '../../schemas/eudr/units.js';
import { TRACES_ERROR_CODES, type TracesErrorCode } from '../../schemas/traces/error-codes.js';
import type { DueDiligenceStatement, OperatorRole } from '../../schemas/traces/v3/model.js';
import { ISO_3166_ALPHA2 } from '../../schemas/tobacco/iso-3166.js';
import type { TracesUser } from './options.js';
import type { StatementRow } from './store.js';

export interface RuleError {
  code: TracesErrorCode;
  message: string;
  field: string;
}

export interface RuleContext {
  user: TracesUser;
  role: OperatorRole;
  maxPercentageEstimation: number;
  /** A statement by reference number (for grouped declarations). */
  lookupReference(reference: string): StatementRow | undefined;
  /** The statement being amended, whose own reference may not be grouped. */
  self?: StatementRow;
}

const EU = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'XI']);

const GEO_CODE: Record<GeoRule, TracesErrorCode> = {
  'not-json': 'EUDR_COMMODITIES_PRODUCER_GEO_INVALID',
  'not-geojson': 'EUDR_COMMODITIES_PRODUCER_GEO_INVALID',
  'geometry-type': 'EUDR_COMMODITIES_PRODUCER_GEO_INVALID',
  coordinates: 'EUDR_COMMODITIES_PRODUCER_GEO_INVALID',
  'latitude-range': 'EUDR_COMMODITIES_PRODUCER_GEO_LATITUDE_INVALID',
  'longitude-range': 'EUDR_COMMODITIES_PRODUCER_GEO_LONGITUDE_INVALID',
  'ring-too-few-points': 'EUDR_COMMODITIES_PRODUCER_GEO_INVALID_GEOMETRY',
  'ring-not-closed': 'EUDR_COMMODITIES_PRODUCER_GEO_INVALID_GEOMETRY',
  'ring-duplicate-point': 'EUDR_COMMODITIES_PRODUCER_GEO_INVALID_GEOMETRY',
  'ring-collinear': 'EUDR_COMMODITIES_PRODUCER_GEO_INVALID_GEOMETRY',
  'ring-self-intersection': 'EUDR_COMMODITIES_PRODUCER_GEO_INVALID_GEOMETRY',
  'polygon-hole': 'EUDR_COMMODITIES_PRODUCER_GEO_INVALID_GEOMETRY',
  'point-area': 'EUDR_COMMODITIES_PRODUCER_GEO_AREA_INVALID',
  'point-over-4ha': 'EUDR_COMMODITIES_PRODUCER_GEO_AREA_INVALID',
  'producer-country': 'EUDR_COMMODITITY_PRODUCER_COUNTRY_CODE_INVALID',
};

export function checkStatementRules(s: DueDiligenceStatement, ctx: RuleContext): RuleError[] {
  const errors: RuleError[] = [];
  const add = (code: TracesErrorCode, field: string, message: string = TRACES_ERROR_CODES[code]): void => {
    errors.push({ code, field, message });
  };

  // --- who declares: the represented operator, or the user's own operator ---
  const represented = s.representedOperator;
  if (ctx.role === 'REPRESENTATIVE_OPERATOR') {
    if (represented === undefined) add('EUDR_BEHALF_OPERATOR_NOT_PROVIDED', 'representedOperator');
    else {
      const a = represented.operatorAddress;
      if (a === undefined || a.city.trim() === '' || a.postalCode.trim() === '') add('EUDR_BEHALF_OPERATOR_CITY_POSTALCODE_EMPTY_OR_INVALID', 'representedOperator.operatorAddress');
      if ((represented.operatorReferenceNumber ?? []).length === 0) add('EUDR_BEHALF_OPERATOR_NOT_PROVIDED', 'representedOperator.operatorReferenceNumber', 'The represented operator needs at least one identifier.');
    }
  }
  const declarantCountry = represented?.operatorAddress?.country ?? ctx.user.operator.country;
  const declarantIds = represented !== undefined ? (represented.operatorReferenceNumber ?? []).map((i) => i.identifierType as string) : ctx.user.operator.identifiers.map((i) => i.type as string);
  if (!ctx.user.activities.includes(s.activityType)) add('EUDR_ACTIVITY_TYPE_NOT_COMPATIBLE', 'activityType', `The activity ${s.activityType} is not allowed for the operator.`);
  if (!EU.has(declarantCountry.toUpperCase()) && s.activityType !== 'IMPORT') add('EUDR_ACTIVITY_TYPE_NOT_ALLOWED_FOR_NON_EU_OPERATOR', 'activityType');
  if (s.activityType !== 'DOMESTIC' && !declarantIds.includes('eori')) add('EUDR_OPERATOR_EORI_FOR_ACTIVITY_MISSING', represented ? 'representedOperator.operatorReferenceNumber' : 'operator');

  // --- commodities ---
  let geoBytes = 0;
  const grouped = s.groupedDeclarations ?? [];
  s.commodities.forEach((k, ki) => {
    const at = `commodities[${ki + 1}]`;
    const commodity = commodityOfHsCode(k.hsHeading);
    if (commodity === undefined) add('EUDR_COMMODITIES_HS_CODE_INVALID', `${at}.hsHeading`, `HS code ${k.hsHeading} is not a relevant product of Annex I.`);
    checkQuantities(s.activityType, k.hsHeading, k.descriptors.goodsMeasure, `${at}.descriptors.goodsMeasure`, ctx, add);

    if (commodity === 'wood') {
      const species = k.speciesInfo ?? [];
      if (species.length === 0 || species.some((x) => (x.scientificName ?? '').trim() === '')) add('EUDR_COMMODITIES_SPECIES_INFORMATION_SCIENTIFIC_NAME_EMPTY', `${at}.speciesInfo.scientificName`);
      if (species.length === 0 || species.some((x) => (x.commonName ?? '').trim() === '')) add('EUDR_COMMODITIES_SPECIES_INFORMATION_COMMON_NAME_EMPTY', `${at}.speciesInfo.commonName`);
    }

    const producers = k.producers ?? [];
    if (producers.length === 0 && grouped.length === 0) add('EUDR_COMMODITIES_PRODUCER_GEO_EMPTY', `${at}.producers`);
    producers.forEach((p, pi) => {
      const pat = `${at}.producers[${pi + 1}]`;
      if (!ISO_3166_ALPHA2.has(p.country.toUpperCase())) add('EUDR_COMMODITITY_PRODUCER_COUNTRY_CODE_INVALID', `${pat}.country`, `${p.country} is not an ISO 3166-1 alpha-2 code.`);
      geoBytes += Buffer.byteLength(p.geometryGeojson, 'utf8');
      if (p.geometryGeojson.trim() === '') return add('EUDR_COMMODITIES_PRODUCER_GEO_EMPTY', `${pat}.geometryGeojson`);
      const seen = new Set<TracesErrorCode>();
      for (const v of checkEudrGeoJsonText(p.geometryGeojson, { quantise: 'truncate', maxPointAreaHa: commodity === 'cattle' ? null : 4, countryCodes: ISO_3166_ALPHA2, maxViolations: 20 })) {
        const code = GEO_CODE[v.rule];
        if (seen.has(code)) continue; // one error per code and producer, as TRACES reports them
        seen.add(code);
        add(code, `${pat}.geometryGeojson${v.path === '' ? '' : `.${v.path}`}`, `${TRACES_ERROR_CODES[code]} (${v.message})`);
      }
    });
  });
  if (geoBytes > GEOLOCATION_MAX_BYTES) add('EUDR_MAXIMUM_GEO_SIZE_REACHED', 'commodities', `${TRACES_ERROR_CODES.EUDR_MAXIMUM_GEO_SIZE_REACHED} (${geoBytes} bytes, limit ${GEOLOCATION_MAX_BYTES})`);

  // --- grouped declarations: each must be an AVAILABLE statement, not this one ---
  grouped.forEach((ref, i) => {
    const target = ctx.lookupReference(ref);
    if (target === undefined || target.status !== 'AVAILABLE' || (ctx.self !== undefined && target.uuid === ctx.self.uuid)) {
      add('EUDR_REFERENCED_STATEMENT_NOT_FOUND', `groupedDeclarations[${i + 1}]`, `${TRACES_ERROR_CODES.EUDR_REFERENCED_STATEMENT_NOT_FOUND} (${ref})`);
    }
  });
  return errors;
}

function checkQuantities(
  activity: DueDiligenceStatement['activityType'],
  hs: string,
  m: DueDiligenceStatement['commodities'][number]['descriptors']['goodsMeasure'],
  at: string,
  ctx: RuleContext,
  add: (code: TracesErrorCode, field: string, message?: string) => void,
): void {
  const hasUnit = m.supplementaryUnit !== undefined;
  const hasQualifier = m.supplementaryUnitQualifier !== undefined;
  if (hasUnit && !hasQualifier) add('EUDR_COMMODITIES_DESCRIPTOR_SUPPLEMENTARY_UNIT_QUALIFIER_MISSING', `${at}.supplementaryUnitQualifier`);
  if (hasQualifier && !hasUnit) add('EUDR_COMMODITIES_DESCRIPTOR_SUPPLEMENTARY_UNIT_MISSING', `${at}.supplementaryUnit`);
  for (const [name, v] of [['netWeight', m.netWeight], ['supplementaryUnit', m.supplementaryUnit]] as const) {
    if (v !== undefined && v <= 0) add('EUDR_COMMODITIES_DESCRIPTOR_QUANTITY_MISSING', `${at}.${name}`, 'Quantities must be positive.');
  }
  if (activity === 'DOMESTIC') {
    // Units of Measure guidance §2: net mass + percentage, and/or supplementary unit + type.
    if (m.netWeight === undefined && !hasUnit) add('EUDR_COMMODITIES_DESCRIPTOR_QUANTITY_MISSING', at);
    if (m.netWeight !== undefined && m.percentageEstimationOrDeviation === undefined) add('EUDR_COMMODITIES_DESCRIPTOR_PERCENTAGE_ESTIMATION_MISSING', `${at}.percentageEstimationOrDeviation`);
    if (m.percentageEstimationOrDeviation !== undefined && m.netWeight === undefined) {
      add('EUDR_COMMODITIES_DESCRIPTOR_SUPPLEMENTARY_UNIT_NOT_ALLOWED', `${at}.percentageEstimationOrDeviation`, 'Percentage estimate or deviation cannot be used without a net mass value.');
    }
    const pct = m.percentageEstimationOrDeviation;
    if (pct !== undefined && (pct < 0 || pct > ctx.maxPercentageEstimation)) {
      add('EUDR_COMMODITIES_DESCRIPTOR_PERCENTAGE_ESTIMATION_INVALID', `${at}.percentageEstimationOrDeviation`, `Percentage estimate or deviation must be between 0 and ${ctx.maxPercentageEstimation}.`);
    }
    if (hasQualifier && !DOMESTIC_SUPPLEMENTARY_UNITS.includes(m.supplementaryUnitQualifier!)) add('EUDR_COMMODITIES_DESCRIPTOR_SUPPLEMENTARY_UNIT_QUALIFIER_INVALID', `${at}.supplementaryUnitQualifier`);
    return;
  }
  // IMPORT / EXPORT: net mass always; the HS code's own supplementary unit (Appendix I) or none.
  if (m.netWeight === undefined) add('EUDR_COMMODITIES_DESCRIPTOR_NET_MASS_EMPTY', `${at}.netWeight`);
  if (m.percentageEstimationOrDeviation !== undefined) add('EUDR_COMMODITIES_DESCRIPTOR_PERCENTAGE_ESTIMATION_NOT_ALLOWED', `${at}.percentageEstimationOrDeviation`);
  const fixed = importExportSupplementaryUnit(hs);
  if (fixed === undefined && (hasUnit || hasQualifier)) add('EUDR_COMMODITIES_DESCRIPTOR_SUPPLEMENTARY_UNIT_NOT_ALLOWED', `${at}.supplementaryUnit`, 'Supplementary unit not allowed for this HS code on import and export.');
  if (fixed !== undefined && !hasUnit) add('EUDR_COMMODITIES_DESCRIPTOR_SUPPLEMENTARY_UNIT_MISSING', `${at}.supplementaryUnit`, `HS ${hs} needs its supplementary unit ${fixed} on import and export.`);
  if (fixed !== undefined && hasQualifier && m.supplementaryUnitQualifier !== fixed) add('EUDR_COMMODITIES_DESCRIPTOR_SUPPLEMENTARY_UNIT_QUALIFIER_NOT_COMPATIBLE', `${at}.supplementaryUnitQualifier`, `HS ${hs} takes ${fixed}.`);
}
