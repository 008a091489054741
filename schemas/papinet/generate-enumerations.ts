// Generates papinet-enumerations.xsd, the closed code lists our papiNet XSDs use, from the
// reference material (../shared/reference/papinet). The generated XSD is the project's own and
// is committed; this script is only run when the lists are to be refreshed:
//
//   node --import tsx schemas/papinet/generate-enumerations.ts [reference-dir]
//
// Sources (see the reference README): the V2R31 wood data dictionary extracted by ANDOR
// (papinet-v2r31-enumerations.json, Apache-2.0), papiNet-API 3.0.0's XML-derived lists of
// SafetyAndEnvironmentalType / Agency (they carry Deforestation and EU, which V2R31 lacks) and
// the EUDR identifier types of papiNet-API 4.0.0 (papiNet-API issue #153).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/** V2R31 enumerations taken as they are, with where our XSDs use them. */
export const V2R31_ENUMERATIONS: ReadonlyArray<readonly [name: string, usedBy: string]> = [
  ['DeliveryMessageType', 'DeliveryMessageWood/@DeliveryMessageType'],
  ['DeliveryMessageStatusType', 'the status attribute of all three documents'],
  ['DeliveryMessageContextType', 'DeliveryMessageWood/@DeliveryMessageContextType'],
  ['YesNo', '@Reissued'],
  ['PartyType', 'OtherParty/@PartyType, LocationParty/@PartyType'],
  ['LogisticsRole', 'Party/@LogisticsRole'],
  ['PartyIdentifierType', 'PartyIdentifier/@PartyIdentifierType'],
  ['ReferenceType', 'DeliveryMessageReference, DeliveryInstructionReference, MeasuringTicketReference'],
  ['AssignedBy', '@AssignedBy of the references'],
  ['DocumentType', 'DocumentReferenceInformation/@DocumentType'],
  ['ISOCountryCode', 'Country/@ISOCountryCode'],
  ['GPSSystem', 'GPSCoordinates/@GPSSystem'],
  ['QuantityType', 'Quantity/@QuantityType'],
  ['QuantityTypeContext', 'Quantity/@QuantityTypeContext'],
  ['MeasuringAgency', 'Quantity/@MeasuringAgency'],
  ['UOM', 'Value/@UOM'],
  ['ProductIdentifierType', 'ProductIdentifier/@ProductIdentifierType'],
  ['SpeciesType', 'RoundWoodSpecies/@SpeciesType'],
  ['SpeciesOrigin', 'RoundWoodSpecies/@SpeciesOrigin'],
  ['SpeciesAgency', 'RoundWoodSpecies/@SpeciesAgency'],
  ['ShipmentIDType', 'ShipmentID/@ShipmentIDType'],
  ['ProductGroupIDType', 'ProductGroupID/@ProductGroupIDType'],
  ['DeliveryLegType', 'DeliveryLeg/@DeliveryLegType'],
];

export interface EnumerationSources {
  v2r31: Record<string, unknown>;
  /** papiNet-API 3.0.0 YAML, parsed. */
  api3: unknown;
  /** papiNet-API 4.0.0 EUDR extract YAML, parsed. */
  eudr: unknown;
}

export function readSources(referenceDir: string): EnumerationSources {
  return {
    v2r31: JSON.parse(readFileSync(join(referenceDir, 'papinet-v2r31-enumerations.json'), 'utf8')) as Record<string, unknown>,
    api3: parseYaml(readFileSync(join(referenceDir, 'papiNet-API-3.0.0', 'papiNet-API.yaml'), 'utf8')),
    eudr: parseYaml(readFileSync(join(referenceDir, 'papiNet-API-4.0.0', 'safetyAndEnvironmentDetails.EUDR.extract.yaml'), 'utf8')),
  };
}

/** The generated XSD text; deterministic, so a test can check the committed file is current. */
export function generateEnumerationsXsd(sources: EnumerationSources): string {
  const types: Array<{ name: string; values: string[]; note: string }> = [];
  for (const [name, usedBy] of V2R31_ENUMERATIONS) {
    types.push({ name, values: stringList(sources.v2r31[name], name), note: `V2R31 ${name}; used by ${usedBy}` });
  }
  const sei = findObject(sources.api3, 'safetyAndEnvironmentalInformationDetails') as { items?: { properties?: Record<string, { enum?: unknown }> } } | undefined;
  const seiTypes = stringList(sei?.items?.properties?.type?.enum, 'papiNet-API 3.0.0 safetyAndEnvironmentalInformationDetails.type');
  const seiAgencies = stringList(sei?.items?.properties?.assignedBy?.enum, 'papiNet-API 3.0.0 safetyAndEnvironmentalInformationDetails.assignedBy');
  types.push({
    name: 'SafetyAndEnvironmentalType',
    values: union(stringList(sources.v2r31.SafetyAndEnvironmentalType, 'SafetyAndEnvironmentalType'), seiTypes),
    note: 'V2R31 SafetyAndEnvironmentalType united with papiNet-API 3.0.0 (adds Deforestation, FSC100%, PEFCControlledSources, ...)',
  });
  types.push({
    name: 'Agency',
    values: union(stringList(sources.v2r31.Agency, 'Agency'), seiAgencies),
    note: 'V2R31 Agency united with papiNet-API 3.0.0 assignedBy of safetyAndEnvironmentalInformationDetails (adds EU, KpDC, ForestHarvester, MeasuringParty, ...)',
  });
  const refs = findObject(sources.eudr, 'references') as { items?: { properties?: Record<string, unknown> } } | undefined;
  const identifier = refs?.items?.properties?.identifier as { properties?: { type?: { enum?: unknown } } } | undefined;
  // As shipped, subReference.identifier sits outside `properties` (reference README): read it where it is.
  const subReference = refs?.items?.properties?.subReference as { identifier?: { properties?: { type?: { enum?: unknown } } } } | undefined;
  types.push({
    name: 'ReferenceIdentifierType',
    values: union(
      stringList(identifier?.properties?.type?.enum, 'EUDR references[].identifier.type'),
      stringList(subReference?.identifier?.properties?.type?.enum, 'EUDR references[].subReference.identifier.type'),
    ),
    note: 'papiNet-API 4.0.0 safetyAndEnvironmentDetails (EUDR, papiNet-API issue #153): references[].identifier.type and subReference.identifier.type',
  });

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!--',
    '  GENERATED by schemas/papinet/generate-enumerations.ts: do not edit by hand.',
    '  Closed code lists of the project\'s papiNet V2R40 schemas. Taken from:',
    '  - papinet-v2r31-enumerations.json: the V2R31 (WoodX) data dictionary as extracted by',
    '    ANDOR-Automation-AB/PapiNet (Apache-2.0; hand-typed, not official);',
    '  - papiNet-API 3.0.0 (Apache-2.0, papiNet/CEPI): SafetyAndEnvironmentalType and Agency;',
    '  - papiNet-API 4.0.0 EUDR extract (Apache-2.0, papiNet/CEPI): EUDR identifier types.',
    '  Values are trimmed and de-duplicated; order is the source\'s.',
    '-->',
    `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.papinet.org/v2r40" xmlns="http://www.papinet.org/v2r40" elementFormDefault="qualified">`,
  ];
  for (const t of types) {
    lines.push('', `  <!-- ${escapeComment(t.note)} -->`, `  <xs:simpleType name="${t.name}">`, '    <xs:restriction base="xs:string">');
    for (const v of t.values) lines.push(`      <xs:enumeration value="${escapeAttr(v)}"/>`);
    lines.push('    </xs:restriction>', '  </xs:simpleType>');
  }
  lines.push('</xs:schema>', '');
  return lines.join('\n');
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) {
    throw new Error(`${what}: expected a non-empty list of strings in the reference material`);
  }
  return union(value as string[]);
}

function union(...lists: string[][]): string[] {
  const seen = new Set<string>();
  for (const list of lists) for (const v of list) if (v.trim() !== '') seen.add(v.trim());
  return [...seen];
}

/** Depth-first search for the first object property named `key`. */
function findObject(node: unknown, key: string): unknown {
  if (node === null || typeof node !== 'object') return undefined;
  if (!Array.isArray(node) && key in node) return (node as Record<string, unknown>)[key];
  for (const child of Object.values(node)) {
    const found = findObject(child, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function escapeComment(s: string): string {
  return s.replace(/--/g, '- -');
}

export const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_REFERENCE_DIR = resolve(HERE, '../../../shared/reference/papinet');
export const ENUMERATIONS_XSD = join(HERE, 'papinet-enumerations.xsd');

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? DEFAULT_REFERENCE_DIR);
  writeFileSync(ENUMERATIONS_XSD, generateEnumerationsXsd(readSources(dir)));
  console.log(`wrote ${ENUMERATIONS_XSD} from ${dir}`);
}
