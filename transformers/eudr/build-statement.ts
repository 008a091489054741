// Felling affirmations of one client → one DueDiligenceStatement (Regulation (EU) 2023/1115
// Art. 4(2) and Annex II; the V3 DueDiligenceStatementBaseType). One statement may cover
// several affirmations: each becomes a producer with its plots; the planned volume of every
// species is split into the configured product codes, each a commodity with its species
// names and its quantity (m³ as supplementary unit MTQ and/or an estimated net mass with the
// percentage estimation DOMESTIC statements need — Units of Measure guidance §2).
import { isTimber } from '../../schemas/eudr/annex-i.js';
import { GEOLOCATION_MAX_BYTES } from '../../schemas/eudr/geojson/types.js';
import { importExportSupplementaryUnit } from '../../schemas/eudr/units.js';
import type {
  ActivityType,
  Commodity,
  DueDiligenceStatement,
  EconomicOperator,
  GoodsMeasure,
  IdentifierType,
  OperatorRole,
  Producer,
  SpeciesInfo,
} from '../../schemas/traces/v3/model.js';
import { LIMITS } from '../../schemas/traces/v3/model.js';
import { eudrErrors } from './errors.js';
import { internalReferenceFor } from './internal-reference.js';
import { normaliseAffirmation, type NormalisedAffirmation } from './normalise-geometry.js';
import type { EudrStatementOptions, ProductSplit } from './options.js';
import { speciesTable } from './species.js';
import type { FellingAffirmation } from './vmd-affirmation.js';

/** The client on whose behalf (or as whom) the statement is made. */
export interface StatementClient {
  name: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  address?: { street: string; postalCode: string; city: string; fullAddress?: string };
  email?: string;
  phone?: string;
  identifiers?: Array<{ type: IdentifierType; value: string }>;
}

export interface StatementInput {
  /** edi-id of the request; the internal reference is derived from it. */
  id: string;
  client: StatementClient;
  affirmations: FellingAffirmation[];
  /** Producer name on the plots; the client's name by default (the forest owner or holder). */
  producerName?: string;
  comment?: string;
}

export interface BuiltStatement {
  operatorRole: OperatorRole;
  statement: DueDiligenceStatement;
  affirmations: string[];
  /** Bytes of geolocation in the statement (limit 25 MB). */
  geolocationBytes: number;
  /** Felling sites (cutting areas) declared, for billing per felling site. */
  fellingSites: number;
  areaHa: number;
}

export function buildDueDiligenceStatement(input: StatementInput, options: EudrStatementOptions): BuiltStatement {
  const fail = (reason: string): never => {
    throw eudrErrors.create('EDI_ERR_EUDR_STATEMENT_INVALID', { id: input.id, reason });
  };
  if (input.affirmations.length === 0) fail('no felling affirmation to declare');
  const numbers = input.affirmations.map((a) => a.number);
  if (new Set(numbers).size !== numbers.length) fail(`felling affirmation listed twice: ${numbers.join(', ')}`);
  checkProducts(options.products);

  const activity = options.activityType as ActivityType;
  const producerName = (input.producerName ?? input.client.name).slice(0, LIMITS.producerName);
  const normalised = input.affirmations.map((a) =>
    normaliseAffirmation(a, { producerName, producerCountry: options.producerCountry, crs: options.crs }),
  );
  const species = speciesTable(options.species, options.commonNameLanguage);
  for (const a of input.affirmations) {
    for (const area of a.cuttingAreas) {
      for (const s of area.species) {
        if (s.plannedVolumeM3 > 0 && species.namesOf(s.code) === undefined) {
          throw eudrErrors.create('EDI_ERR_EUDR_SPECIES_UNKNOWN', { affirmation: a.number, area: area.number, code: s.code });
        }
      }
    }
  }

  const commodities: Commodity[] = [];
  for (const product of options.products) {
    const c = buildCommodity(product, input.affirmations, normalised, activity, options, species, producerName);
    if (c !== undefined) commodities.push({ ...c, position: commodities.length + 1 });
  }
  if (commodities.length === 0) {
    throw eudrErrors.create('EDI_ERR_EUDR_VOLUME_MISSING', { affirmations: numbers.join(', '), hsHeading: options.products.map((p) => p.hsHeading).join('/') });
  }

  const geolocationBytes = commodities.reduce((sum, c) => sum + (c.producers ?? []).reduce((s, p) => s + Buffer.byteLength(p.geometryGeojson, 'utf8'), 0), 0);
  if (geolocationBytes > GEOLOCATION_MAX_BYTES) {
    throw eudrErrors.create('EDI_ERR_EUDR_GEOLOCATION_TOO_LARGE', { size: geolocationBytes, limit: GEOLOCATION_MAX_BYTES });
  }

  const role = options.operatorRole as OperatorRole;
  const statement: DueDiligenceStatement = {
    internalReferenceNumber: internalReferenceFor(input.id, options.internalReferencePrefix),
    activityType: activity,
    countryOfActivity: options.countryOfActivity,
    comment: (input.comment ?? `Felling affirmations (VMD): ${numbers.join(', ')}`).slice(0, LIMITS.comment),
    commodities,
    geoLocationConfidential: options.geoLocationConfidential,
  };
  if (role === 'REPRESENTATIVE_OPERATOR') statement.representedOperator = representedOperator(input.client, activity);
  if (activity !== 'DOMESTIC' && options.borderCrossCountry !== undefined) statement.borderCrossCountry = options.borderCrossCountry;
  return {
    operatorRole: role,
    statement: orderStatement(statement),
    affirmations: numbers,
    geolocationBytes,
    fellingSites: input.affirmations.reduce((n, a) => n + a.cuttingAreas.length, 0),
    areaHa: Math.round(normalised.reduce((s, n) => s + n.areaHa, 0) * 10_000) / 10_000,
  };
}

function checkProducts(products: readonly ProductSplit[]): void {
  const bad = (reason: string): never => {
    throw eudrErrors.create('EDI_ERR_EUDR_PRODUCTS_INVALID', { reason });
  };
  const seen = new Set<string>();
  for (const p of products) {
    if (!isTimber(p.hsHeading)) bad(`HS ${p.hsHeading} is not a wood product of Annex I to Regulation (EU) 2023/1115`);
    if (seen.has(p.hsHeading)) bad(`HS ${p.hsHeading} is listed twice`);
    seen.add(p.hsHeading);
  }
  const codes = new Set(products.flatMap((p) => Object.keys(p.shareBySpecies ?? {})));
  for (const code of [undefined, ...codes]) {
    const total = products.reduce((s, p) => s + shareOf(p, code), 0);
    if (total > 1 + 1e-9) bad(`the shares of ${code === undefined ? 'the products' : `species ${code}`} add up to ${total}, more than the whole planned volume`);
  }
}

function shareOf(p: ProductSplit, code: string | undefined): number {
  return code !== undefined && p.shareBySpecies?.[code] !== undefined ? p.shareBySpecies[code]! : p.share;
}

function buildCommodity(
  product: ProductSplit,
  affirmations: FellingAffirmation[],
  normalised: NormalisedAffirmation[],
  activity: ActivityType,
  options: EudrStatementOptions,
  species: ReturnType<typeof speciesTable>,
  producerName: string,
): Omit<Commodity, 'position'> | undefined {
  let volume = 0;
  let mass = 0;
  const volumeBySpecies = new Map<string, number>();
  const contributing: number[] = [];
  affirmations.forEach((a, i) => {
    let fromThis = 0;
    for (const area of a.cuttingAreas) {
      for (const s of area.species) {
        const v = s.plannedVolumeM3 * shareOf(product, s.code);
        if (v <= 0) continue;
        fromThis += v;
        volumeBySpecies.set(s.code, (volumeBySpecies.get(s.code) ?? 0) + v);
        mass += v * (options.quantity.densityKgPerM3[s.code] ?? options.quantity.defaultDensityKgPerM3);
      }
    }
    if (fromThis > 0) contributing.push(i);
    volume += fromThis;
  });
  if (volume <= 0) return undefined;

  const speciesInfo: SpeciesInfo[] = [];
  const names = new Set<string>();
  for (const [code] of [...volumeBySpecies].sort((x, y) => y[1] - x[1])) {
    for (const n of species.namesOf(code) ?? []) {
      if (names.has(n.scientificName)) continue;
      names.add(n.scientificName);
      speciesInfo.push({ scientificName: n.scientificName, commonName: n.commonName });
    }
  }
  const affirmationNumbers = contributing.map((i) => affirmations[i]!.number);
  const producers: Producer[] = contributing.map((i, k) => ({
    position: k + 1,
    country: options.producerCountry,
    name: producerName,
    geometryGeojson: normalised[i]!.text,
  }));
  return {
    descriptors: {
      descriptionOfGoods: `${product.description}, felling affirmation${affirmationNumbers.length > 1 ? 's' : ''} ${affirmationNumbers.join(', ')}`.slice(0, LIMITS.descriptionOfGoods),
      goodsMeasure: goodsMeasure(product.hsHeading, activity, volume, mass, options),
    },
    hsHeading: product.hsHeading,
    speciesInfo,
    producers,
  };
}

/** Units of Measure guidance: DOMESTIC takes MTQ and/or net mass + percentage; IMPORT/EXPORT net mass (+ the HS code's fixed unit). */
function goodsMeasure(hs: string, activity: ActivityType, volumeM3: number, massKg: number, options: EudrStatementOptions): GoodsMeasure {
  const q = options.quantity;
  const m3 = Math.round(volumeM3 * 1000) / 1000;
  const kg = Math.round(massKg);
  const rule = (reason: string): never => {
    throw eudrErrors.create('EDI_ERR_EUDR_QUANTITY_RULE', { hsHeading: hs, activity, reason });
  };
  if (activity === 'DOMESTIC') {
    if (!q.volume && !q.netWeight) rule('configure the volume (MTQ) and/or the net mass; a DOMESTIC commodity needs at least one quantity');
    const m: GoodsMeasure = {};
    if (q.netWeight) {
      m.percentageEstimationOrDeviation = q.percentageEstimationOrDeviation;
      m.netWeight = kg;
    }
    if (q.volume) {
      m.supplementaryUnit = m3;
      m.supplementaryUnitQualifier = 'MTQ';
    }
    return m;
  }
  if (!q.netWeight) rule('IMPORT and EXPORT need the net mass (EUDR_COMMODITIES_DESCRIPTOR_NET_MASS_EMPTY); enable quantity.netWeight');
  const m: GoodsMeasure = { netWeight: kg };
  const fixed = importExportSupplementaryUnit(hs);
  if (fixed === 'MTQ') {
    m.supplementaryUnit = m3;
    m.supplementaryUnitQualifier = 'MTQ';
  } else if (fixed !== undefined) {
    rule(`HS ${hs} carries supplementary unit ${fixed}, which cannot be derived from planned volume`);
  }
  return m;
}

function representedOperator(client: StatementClient, activity: ActivityType): EconomicOperator {
  const incomplete = (reason: string): never => {
    throw eudrErrors.create('EDI_ERR_EUDR_OPERATOR_INCOMPLETE', { name: client.name, reason });
  };
  if (client.name.trim() === '' || client.name.length > LIMITS.operatorName) incomplete(`a name of 1–${LIMITS.operatorName} characters is required`);
  // EUDR_BEHALF_OPERATOR_CITY_POSTALCODE_EMPTY_OR_INVALID (CF4 v1.4): city and postal code are required.
  if (client.address === undefined || client.address.city.trim() === '' || client.address.postalCode.trim() === '' || client.address.street.trim() === '') {
    incomplete('street, postal code and city are required for an authorised representative’s statement');
  }
  const ids = client.identifiers ?? [];
  if (ids.length > 12) incomplete('at most 12 identifiers');
  // EUDR_OPERATOR_EORI_FOR_ACTIVITY_MISSING (CF4): IMPORT/EXPORT need an EORI number.
  if (activity !== 'DOMESTIC' && !ids.some((i) => i.type === 'eori')) incomplete(`an EORI identifier is required for ${activity}`);
  const op: EconomicOperator = { operatorName: client.name };
  if (ids.length > 0) op.operatorReferenceNumber = ids.map((i) => ({ identifierType: i.type, identifierValue: i.value }));
  const address = client.address!;
  op.operatorAddress = { country: client.country, street: address.street, postalCode: address.postalCode, city: address.city };
  if (address.fullAddress !== undefined) op.operatorAddress.fullAddress = address.fullAddress;
  if (client.email !== undefined) op.operatorEmail = client.email;
  if (client.phone !== undefined) op.operatorPhone = client.phone;
  return op;
}

/** Properties in XSD order, for readable JSON and stable tests. */
function orderStatement(s: DueDiligenceStatement): DueDiligenceStatement {
  return {
    ...(s.internalReferenceNumber !== undefined ? { internalReferenceNumber: s.internalReferenceNumber } : {}),
    activityType: s.activityType,
    ...(s.representedOperator !== undefined ? { representedOperator: s.representedOperator } : {}),
    ...(s.countryOfActivity !== undefined ? { countryOfActivity: s.countryOfActivity } : {}),
    ...(s.borderCrossCountry !== undefined ? { borderCrossCountry: s.borderCrossCountry } : {}),
    ...(s.comment !== undefined ? { comment: s.comment } : {}),
    commodities: s.commodities,
    geoLocationConfidential: s.geoLocationConfidential,
  };
}
