// Reads the summary out of a papiNet document that has passed its schema: number, date,
// parties, and per line item the felling affirmations (with the logging areas they name),
// species, quantities and the EUDR statements already carried.
import type { CompiledPapinetSchema } from '../../schemas/papinet/index.js';
import type { DocumentShape } from './documents.js';
import { readEudrReferences } from './eudr-references.js';
import type { CompiledPapinetOptions } from './options.js';
import type { LoggingArea, PapinetIdentifier, PapinetLineItem, PapinetParty, PapinetQuantity, PapinetStatus, PapinetSummary } from './summary.js';
import { attrValue, child, childAt, children, childText, descendantsWhere, type Element } from './xml-nav.js';

const LOGGING_AREA = 'LoggingArea';
/** Roles the summary names on their own; every other party is listed under `others`. */
const MAIN_ROLES: ReadonlySet<string> = new Set(['Buyer', 'Supplier', 'Sender', 'Receiver']);
/** Quantity types that are a solid volume, in order of preference (LogPileVolume is stacked, not solid). */
const SOLID_VOLUME_TYPES = ['SolidWoodVolume', 'ActualVolume', 'Volume'];

export interface Classification {
  shape: DocumentShape;
  type: string;
  status: PapinetStatus;
  context?: string;
}

export function extractSummary(root: Element, c: Classification, schema: CompiledPapinetSchema, options: CompiledPapinetOptions): PapinetSummary {
  const { shape } = c;
  const header = child(root, shape.header)!;
  const headerAreas = header.children.filter(isLoggingArea);
  const lineItems: PapinetLineItem[] = [];
  for (const { element, sequence } of lineItemElements(root, shape)) {
    lineItems.push(lineItem(element, sequence, shape, options, headerAreas));
  }
  // DeliveryInstruction names buyer and supplier per sequence.
  const sequenceParties = shape.sequenceNumber === undefined ? [] : children(root, shape.lineItemPath[0]!).flatMap(partiesIn);
  const all = [...partiesIn(header), ...sequenceParties];
  const first = (role: string): PapinetParty | undefined => all.find((p) => p.role === role);
  const buyer = first('Buyer');
  const supplier = first('Supplier');
  const sender = first('Sender');
  const receivers = all.filter((p) => p.role === 'Receiver');
  // Carrier, LoggingArea, Measurer, ShipTo, BillTo, …
  const others = dedupeParties(all.filter((p) => !MAIN_ROLES.has(p.role)));

  const affirmations = distinctOf(lineItems, (l) => l.fellingAffirmations);
  const byReference = new Map<string, PapinetSummary['eudrReferences'][number]>();
  for (const item of lineItems) {
    for (const ref of item.eudr) {
      const entry = byReference.get(ref.referenceNumber) ?? { ...ref, affirmations: [], lineItems: [] };
      if (entry.verificationNumber === undefined && ref.verificationNumber !== undefined) entry.verificationNumber = ref.verificationNumber;
      entry.affirmations = distinct([...entry.affirmations, ...item.fellingAffirmations]);
      entry.lineItems = distinct([...entry.lineItems, item.number]);
      byReference.set(ref.referenceNumber, entry);
    }
  }
  // Built field by field, without spreads: the key order is the one the summary header shows.
  const parties = {} as PapinetSummary['parties'];
  if (buyer !== undefined) parties.buyer = buyer;
  if (supplier !== undefined) parties.supplier = supplier;
  if (sender !== undefined) parties.sender = sender;
  parties.receivers = receivers;
  parties.others = others;
  const summary = { document: shape.kind, root: shape.root, namespace: schema.namespace, schema: schema.source, type: c.type, status: c.status } as PapinetSummary;
  if (c.context !== undefined) summary.context = c.context;
  summary.number = childText(header, shape.number)!;
  const date = documentDate(child(header, shape.date));
  if (date !== undefined) summary.date = date;
  summary.parties = parties;
  summary.lineItems = lineItems;
  summary.fellingAffirmations = affirmations;
  summary.species = distinctOf(lineItems, (l) => l.species);
  let total = 0;
  for (const l of lineItems) total += l.volumeM3 ?? 0;
  summary.totalVolumeM3 = round3(total);
  summary.eudrReferences = [...byReference.values()];
  return summary;
}

/** The line items in document order, with the number of the sequence they sit in. */
export function lineItemElements(root: Element, shape: DocumentShape): Array<{ element: Element; sequence?: string }> {
  const out: Array<{ element: Element; sequence?: string }> = [];
  const walk = (el: Element, level: number, sequence: string | undefined): void => {
    for (const c of children(el, shape.lineItemPath[level]!)) {
      const seq = shape.sequenceNumber?.level === level ? childText(c, shape.sequenceNumber.element) : sequence;
      if (level === shape.lineItemPath.length - 1) out.push(seq === undefined ? { element: c } : { element: c, sequence: seq });
      else walk(c, level + 1, seq);
    }
  };
  walk(root, 0, undefined);
  return out;
}

function lineItem(el: Element, sequence: string | undefined, shape: DocumentShape, options: CompiledPapinetOptions, headerAreas: Element[]): PapinetLineItem {
  const own = childText(el, shape.lineItemNumber) ?? '';
  const fa = options.fellingAffirmation;
  const fromReferences = children(el, shape.reference)
    .filter((r) => attrValue(r, `${shape.reference}Type`) === fa.referenceType && (fa.assignedBy === null || attrValue(r, 'AssignedBy') === fa.assignedBy))
    .map((r) => r.text);
  // A LoggingArea party on the line item itself (DeliveryInstruction: SupplyPoint/LocationParty).
  const ownAreas = descendantsWhere(el, isLoggingArea);
  let affirmations = distinct([...fromReferences, ...ownAreas.flatMap((p) => areaNumbers(p, fa.partyIdentifierType))]);
  // Otherwise the header's logging area, when the document names exactly one.
  if (affirmations.length === 0 && headerAreas.length === 1) affirmations = areaNumbers(headerAreas[0]!, fa.partyIdentifierType);
  const areas = [...ownAreas, ...headerAreas];
  const loggingAreas = affirmations.map((a) => loggingArea(a, areas.find((p) => areaNumbers(p, fa.partyIdentifierType).includes(a))));
  const product = child(el, 'Product');
  const quantities = [...children(el, 'Quantity'), ...children(el, 'InformationalQuantity')].map(quantity).filter((q): q is PapinetQuantity => q !== undefined);
  const item: PapinetLineItem = {
    path: el.path,
    number: sequence === undefined ? own : `${sequence}/${own}`,
    fellingAffirmations: affirmations,
    loggingAreas,
    // papiNet puts SpeciesType on …Species elements (LumberSpecies, our RoundWoodSpecies)
    species: product === undefined ? [] : speciesOf(product),
    product: productOf(product),
    quantities,
    eudr: readEudrReferences(el),
  };
  const volume = solidVolume(quantities);
  if (volume !== undefined) item.volumeM3 = volume;
  return item;
}

function speciesOf(product: Element): string[] {
  const out: string[] = [];
  let seen: Set<string> | undefined;
  for (const d of descendantsWhere(product, (e) => e.name.endsWith('Species'))) {
    const s = attrValue(d, 'SpeciesType');
    if (s !== undefined) seen = addDistinct(out, seen, s);
  }
  return out;
}

function isLoggingArea(el: Element): boolean {
  return el.name.endsWith('Party') && attrValue(el, 'PartyType') === LOGGING_AREA;
}

function areaNumbers(p: Element, identifierType: string): string[] {
  return children(p, 'PartyIdentifier')
    .filter((i) => attrValue(i, 'PartyIdentifierType') === identifierType)
    .map((i) => i.text);
}

function loggingArea(affirmation: string, party: Element | undefined): LoggingArea {
  const area: LoggingArea = { affirmation };
  const nameAddress = party === undefined ? undefined : child(party, 'NameAddress');
  if (nameAddress === undefined) return area;
  const name = childText(nameAddress, 'Name1');
  if (name !== undefined) area.name = name;
  const county = childText(nameAddress, 'County');
  if (county !== undefined) area.county = county;
  const gps = child(nameAddress, 'GPSCoordinates');
  const lat = Number(gps === undefined ? NaN : childText(gps, 'Latitude'));
  const lon = Number(gps === undefined ? NaN : childText(gps, 'Longitude'));
  if (Number.isFinite(lat) && Number.isFinite(lon)) {
    area.latitude = lat;
    area.longitude = lon;
  }
  return area;
}

function partiesIn(container: Element): PapinetParty[] {
  const out: PapinetParty[] = [];
  for (const c of container.children) {
    if (c.name.endsWith('Party')) out.push(party(c));
    else if (c.name === 'ShipToInformation' || c.name === 'ShipToCharacteristics' || c.name === 'DeliveryLeg') out.push(...partiesIn(c));
  }
  return out;
}

function party(el: Element): PapinetParty {
  const identifiers = children(el, 'PartyIdentifier').map((i) => identifier(i, 'PartyIdentifierType'));
  const p: PapinetParty = { role: el.name.endsWith('Party') ? el.name.slice(0, -5) : el.name, identifiers };
  const partyType = attrValue(el, 'PartyType');
  if (partyType !== undefined) p.partyType = partyType;
  const nameAddress = child(el, 'NameAddress');
  const name = nameAddress === undefined ? undefined : childText(nameAddress, 'Name1');
  if (name !== undefined) p.name = name;
  const vat = identifiers.find((i) => i.type === 'VATIdentificationNumber');
  if (vat !== undefined) p.vatNumber = vat.value;
  const country = nameAddress === undefined ? undefined : child(nameAddress, 'Country');
  const iso = country === undefined ? undefined : attrValue(country, 'ISOCountryCode');
  if (iso !== undefined) p.country = iso;
  return p;
}

function identifier(el: Element, typeAttr: 'PartyIdentifierType' | 'ProductIdentifierType'): PapinetIdentifier {
  const id: PapinetIdentifier = { type: attrValue(el, typeAttr) ?? '', value: el.text };
  const agency = attrValue(el, 'Agency');
  if (agency !== undefined) id.agency = agency;
  return id;
}

function productOf(product: Element | undefined): PapinetLineItem['product'] {
  if (product === undefined) return { identifiers: [] };
  const out: PapinetLineItem['product'] = { identifiers: children(product, 'ProductIdentifier').map((i) => identifier(i, 'ProductIdentifierType')) };
  const description = childText(product, 'ProductDescription');
  if (description !== undefined) out.description = description;
  const code = childAt(product, 'Classification', 'ClassificationCode')?.text;
  if (code !== undefined && code !== '') out.classification = code;
  return out;
}

function quantity(el: Element): PapinetQuantity | undefined {
  const value = child(el, 'Value');
  const uom = value === undefined ? undefined : attrValue(value, 'UOM');
  const n = value === undefined ? NaN : Number(value.text);
  const type = attrValue(el, 'QuantityType');
  if (uom === undefined || type === undefined || !Number.isFinite(n)) return undefined;
  const q: PapinetQuantity = { element: el.name === 'Quantity' ? 'Quantity' : 'InformationalQuantity', type, value: n, uom };
  const context = attrValue(el, 'QuantityTypeContext');
  if (context !== undefined) q.context = context;
  const agency = attrValue(el, 'MeasuringAgency');
  if (agency !== undefined) q.measuringAgency = agency;
  return q;
}

function solidVolume(quantities: PapinetQuantity[]): number | undefined {
  for (const element of ['Quantity', 'InformationalQuantity'] as const) {
    for (const type of SOLID_VOLUME_TYPES) {
      const q = quantities.find((x) => x.element === element && x.type === type && x.uom === 'CubicMeter');
      if (q !== undefined) return q.value;
    }
  }
  return undefined;
}

function documentDate(el: Element | undefined): string | undefined {
  const date = el === undefined ? undefined : child(el, 'Date');
  if (el === undefined || date === undefined) return undefined;
  const y = childText(date, 'Year');
  const m = childText(date, 'Month');
  const d = childText(date, 'Day');
  if (y === undefined || m === undefined || d === undefined) return undefined;
  const time = childText(el, 'Time');
  return time === undefined ? `${y}-${m}-${d}` : `${y}-${m}-${d}T${time}`;
}

function dedupeParties(parties: PapinetParty[]): PapinetParty[] {
  if (parties.length < 2) return parties;
  const seen = new Set<string>();
  return parties.filter((p) => {
    const key = JSON.stringify([p.role, p.partyType, p.identifiers, p.name]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// Lists here are short (a few affirmations, species, line items): a linear search is cheaper
// than a Set until they are not, and a large document must not turn quadratic.
function addDistinct<T>(out: T[], seen: Set<T> | undefined, v: T): Set<T> | undefined {
  if (seen !== undefined) {
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
    return seen;
  }
  if (!out.includes(v)) out.push(v);
  return out.length > 32 ? new Set(out) : undefined;
}

function distinct<T>(values: T[]): T[] {
  const out: T[] = [];
  let seen: Set<T> | undefined;
  for (const v of values) seen = addDistinct(out, seen, v);
  return out;
}

/** Distinct values of a list field over all items, in order. */
function distinctOf<I, T>(items: I[], field: (item: I) => T[]): T[] {
  const out: T[] = [];
  let seen: Set<T> | undefined;
  for (const item of items) for (const v of field(item)) seen = addDistinct(out, seen, v);
  return out;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
