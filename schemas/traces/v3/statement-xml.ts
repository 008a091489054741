// A DueDiligenceStatement to and from its V3 XML (DueDiligenceStatementBaseType), in XSD
// element order. The client writes it into submitDds/amendDds; the sandbox reads it from
// them and writes it back in getDdsByIdentifiers. Source: xsd4-due-diligence-statement-v3,
// eudr/common/v3; elementFormDefault is qualified in both, so the children of common types
// (descriptors, goodsMeasure, representedOperator…) are in the common namespace.
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { XmlElement } from 'libxml2-wasm';
import { NS } from '../namespaces.js';
import { child, childText, children } from '../xml-nav.js';
import { formatDecimal, parseDecimal } from './decimal.js';
import type {
  ActivityType,
  Address,
  Commodity,
  DueDiligenceStatement,
  EconomicOperator,
  GoodsMeasure,
  IdentifierType,
  OperatorIdentifier,
  Producer,
  SpeciesInfo,
} from './model.js';

/** Prefixes used when writing; the Commission's samples use dds: and eudrCommon:. */
export const PREFIX = { dds: 'dds', common: 'eudrCommon' } as const;

const d = (parent: XMLBuilder, name: string): XMLBuilder => parent.ele(NS.dds, `${PREFIX.dds}:${name}`);
const c = (parent: XMLBuilder, name: string): XMLBuilder => parent.ele(NS.common, `${PREFIX.common}:${name}`);

/** Writes the children of a statement element (the element itself is the caller's). */
export function writeStatement(statement: XMLBuilder, s: DueDiligenceStatement): void {
  if (s.internalReferenceNumber !== undefined) d(statement, 'internalReferenceNumber').txt(s.internalReferenceNumber);
  d(statement, 'activityType').txt(s.activityType);
  if (s.representedOperator !== undefined) writeOperator(d(statement, 'representedOperator'), s.representedOperator);
  if (s.countryOfActivity !== undefined) d(statement, 'countryOfActivity').txt(s.countryOfActivity);
  if (s.borderCrossCountry !== undefined) d(statement, 'borderCrossCountry').txt(s.borderCrossCountry);
  if (s.comment !== undefined) d(statement, 'comment').txt(s.comment);
  for (const commodity of s.commodities) writeCommodity(d(statement, 'commodities'), commodity);
  d(statement, 'geoLocationConfidential').txt(s.geoLocationConfidential ? 'true' : 'false');
  // GroupedDeclarationsType holds exactly one groupedDeclaration; the wrapper repeats.
  for (const ref of s.groupedDeclarations ?? []) c(d(statement, 'groupedDeclarations'), 'groupedDeclaration').txt(ref);
}

function writeOperator(el: XMLBuilder, op: EconomicOperator): void {
  for (const id of op.operatorReferenceNumber ?? []) {
    const ref = c(el, 'operatorReferenceNumber');
    c(ref, 'identifierType').txt(id.identifierType);
    c(ref, 'identifierValue').txt(id.identifierValue);
  }
  if (op.operatorAddress !== undefined) writeAddress(c(el, 'operatorAddress'), op.operatorAddress);
  if (op.operatorEmail !== undefined) c(el, 'operatorEmail').txt(op.operatorEmail);
  if (op.operatorPhone !== undefined) c(el, 'operatorPhone').txt(op.operatorPhone);
  c(el, 'operatorName').txt(op.operatorName);
}

function writeAddress(el: XMLBuilder, a: Address): void {
  c(el, 'country').txt(a.country);
  c(el, 'street').txt(a.street);
  c(el, 'postalCode').txt(a.postalCode);
  c(el, 'city').txt(a.city);
  if (a.fullAddress !== undefined) c(el, 'fullAddress').txt(a.fullAddress);
}

function writeCommodity(el: XMLBuilder, k: Commodity): void {
  if (k.position !== undefined) d(el, 'position').txt(String(k.position));
  const descriptors = d(el, 'descriptors');
  c(descriptors, 'descriptionOfGoods').txt(k.descriptors.descriptionOfGoods);
  writeGoodsMeasure(c(descriptors, 'goodsMeasure'), k.descriptors.goodsMeasure);
  d(el, 'hsHeading').txt(k.hsHeading);
  for (const sp of k.speciesInfo ?? []) {
    const info = d(el, 'speciesInfo');
    if (sp.scientificName !== undefined) d(info, 'scientificName').txt(sp.scientificName);
    if (sp.commonName !== undefined) d(info, 'commonName').txt(sp.commonName);
  }
  for (const p of k.producers ?? []) writeProducer(d(el, 'producers'), p);
}

function writeGoodsMeasure(el: XMLBuilder, m: GoodsMeasure): void {
  if (m.percentageEstimationOrDeviation !== undefined) c(el, 'percentageEstimationOrDeviation').txt(formatDecimal(m.percentageEstimationOrDeviation, 3));
  if (m.netWeight !== undefined) c(el, 'netWeight').txt(formatDecimal(m.netWeight, 6));
  if (m.supplementaryUnit !== undefined) c(el, 'supplementaryUnit').txt(formatDecimal(m.supplementaryUnit, 6));
  if (m.supplementaryUnitQualifier !== undefined) c(el, 'supplementaryUnitQualifier').txt(m.supplementaryUnitQualifier);
}

function writeProducer(el: XMLBuilder, p: Producer): void {
  if (p.position !== undefined) d(el, 'position').txt(String(p.position));
  d(el, 'country').txt(p.country);
  if (p.name !== undefined) d(el, 'name').txt(p.name);
  d(el, 'geometryGeojson').txt(Buffer.from(p.geometryGeojson, 'utf8').toString('base64'));
}

// ---------------------------------------------------------------------------------------
// Reading. Elements are matched by local name under their parent, so a statement answered
// with other prefixes (ns3:, ns5:) reads the same; the XSD has already vouched for the shape
// when the reader is the sandbox.

/** Reads a statement element; geometryGeojson is decoded from base64 to text. */
export function readStatement(el: XmlElement): DueDiligenceStatement {
  const s: DueDiligenceStatement = {
    activityType: (childText(el, 'activityType') ?? '') as ActivityType,
    commodities: children(el, 'commodities').map(readCommodity),
    geoLocationConfidential: childText(el, 'geoLocationConfidential') === 'true' || childText(el, 'geoLocationConfidential') === '1',
  };
  assignIf(s, 'internalReferenceNumber', childText(el, 'internalReferenceNumber'));
  const represented = child(el, 'representedOperator');
  if (represented !== undefined) s.representedOperator = readOperator(represented);
  assignIf(s, 'countryOfActivity', childText(el, 'countryOfActivity'));
  assignIf(s, 'borderCrossCountry', childText(el, 'borderCrossCountry'));
  assignIf(s, 'comment', childText(el, 'comment'));
  const grouped = children(el, 'groupedDeclarations').map((g) => childText(g, 'groupedDeclaration') ?? '');
  if (grouped.length > 0) s.groupedDeclarations = grouped;
  return s;
}

function readOperator(el: XmlElement): EconomicOperator {
  const op: EconomicOperator = { operatorName: childText(el, 'operatorName') ?? '' };
  const ids: OperatorIdentifier[] = children(el, 'operatorReferenceNumber').map((r) => ({
    identifierType: (childText(r, 'identifierType') ?? '') as IdentifierType,
    identifierValue: childText(r, 'identifierValue') ?? '',
  }));
  if (ids.length > 0) op.operatorReferenceNumber = ids;
  const address = child(el, 'operatorAddress');
  if (address !== undefined) {
    const a: Address = {
      country: childText(address, 'country') ?? '',
      street: childText(address, 'street') ?? '',
      postalCode: childText(address, 'postalCode') ?? '',
      city: childText(address, 'city') ?? '',
    };
    assignIf(a, 'fullAddress', childText(address, 'fullAddress'));
    op.operatorAddress = a;
  }
  assignIf(op, 'operatorEmail', childText(el, 'operatorEmail'));
  assignIf(op, 'operatorPhone', childText(el, 'operatorPhone'));
  return op;
}

function readCommodity(el: XmlElement): Commodity {
  const descriptors = child(el, 'descriptors');
  const measure = descriptors === undefined ? undefined : child(descriptors, 'goodsMeasure');
  const goodsMeasure: GoodsMeasure = {};
  if (measure !== undefined) {
    assignIf(goodsMeasure, 'percentageEstimationOrDeviation', parseDecimal(childText(measure, 'percentageEstimationOrDeviation')));
    assignIf(goodsMeasure, 'netWeight', parseDecimal(childText(measure, 'netWeight')));
    assignIf(goodsMeasure, 'supplementaryUnit', parseDecimal(childText(measure, 'supplementaryUnit')));
    assignIf(goodsMeasure, 'supplementaryUnitQualifier', childText(measure, 'supplementaryUnitQualifier'));
  }
  const k: Commodity = {
    descriptors: { descriptionOfGoods: (descriptors && childText(descriptors, 'descriptionOfGoods')) ?? '', goodsMeasure },
    hsHeading: childText(el, 'hsHeading') ?? '',
  };
  const position = childText(el, 'position');
  if (position !== undefined) k.position = Number(position);
  const species: SpeciesInfo[] = children(el, 'speciesInfo').map((s) => {
    const info: SpeciesInfo = {};
    assignIf(info, 'scientificName', childText(s, 'scientificName'));
    assignIf(info, 'commonName', childText(s, 'commonName'));
    return info;
  });
  if (species.length > 0) k.speciesInfo = species;
  const producers = children(el, 'producers').map(readProducer);
  if (producers.length > 0) k.producers = producers;
  return k;
}

function readProducer(el: XmlElement): Producer {
  const p: Producer = {
    country: childText(el, 'country') ?? '',
    geometryGeojson: Buffer.from(childText(el, 'geometryGeojson') ?? '', 'base64').toString('utf8'),
  };
  const position = childText(el, 'position');
  if (position !== undefined) p.position = Number(position);
  assignIf(p, 'name', childText(el, 'name'));
  return p;
}

function assignIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
