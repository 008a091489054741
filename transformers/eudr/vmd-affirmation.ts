// A felling affirmation (ciršanas apliecinājums) as the State Forest Service (VMD) serves its
// GeoJSON at /api/public/affirmation-geojson/{number}: a FeatureCollection with one feature per
// cutting area (cirsma) carrying the plot's geometry and the planned volume per tree species.
// VMD does not publish the document's schema; the property names below are the project's
// reading of it (Latvian names as in VMD's forest register), kept in this one place so that a
// change on VMD's side is one edit. Coordinates are WGS 84 or, declared in "crs", LKS-92.
import { z } from 'zod';
import { eudrErrors } from './errors.js';
import { declaredCrs } from './crs.js';

const speciesVolume = z.object({
  /** VMD species code (S_klasifikators), e.g. "1" priede. */
  kods: z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String),
  /** Planned volume to fell, m³. */
  kraja_m3: z.number().nonnegative(),
});

const cuttingAreaProperties = z
  .object({
    apliecinajuma_nr: z.union([z.string(), z.number()]).transform(String).optional(),
    cirsmas_nr: z.union([z.string(), z.number()]).transform(String),
    kadastra_apz: z.string().optional(),
    kvartals: z.union([z.string(), z.number()]).transform(String).optional(),
    nogabals: z.union([z.string(), z.number()]).transform(String).optional(),
    /** Area of the cutting area, hectares. */
    platiba_ha: z.number().positive().optional(),
    /** e.g. Kailcirte (clear felling), Izlases cirte (selective felling). */
    cirtes_veids: z.string().optional(),
    /** Administrative place: parish and municipality. */
    adrese: z.string().optional(),
    derigs_no: z.string().optional(),
    derigs_lidz: z.string().optional(),
    sugas: z.array(speciesVolume).default([]),
  })
  .loose();

const feature = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  properties: cuttingAreaProperties,
  geometry: z.object({ type: z.string() }).loose(),
});

const affirmationDocument = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(feature).min(1, 'the affirmation has no cutting area'),
  })
  .loose();

export interface SpeciesVolume {
  code: string;
  plannedVolumeM3: number;
}

export interface CuttingArea {
  /** Cutting area number within the affirmation. */
  number: string;
  cadastralDesignation?: string;
  quarter?: string;
  compartment?: string;
  areaHa?: number;
  fellingType?: string;
  place?: string;
  validFrom?: string;
  validTo?: string;
  species: SpeciesVolume[];
  /** The geometry as served (not yet reprojected or checked). */
  geometry: { type: string; [member: string]: unknown };
}

export interface FellingAffirmation {
  number: string;
  /** Normalised CRS name declared in the file ("EPSG:3059"), undefined for WGS 84 by default. */
  crs?: string;
  cuttingAreas: CuttingArea[];
}

/** Reads VMD's GeoJSON of one affirmation; a document that is not one is a clear error. */
export function readFellingAffirmation(number: string, geojsonText: string): FellingAffirmation {
  let json: unknown;
  try {
    json = JSON.parse(geojsonText);
  } catch (err) {
    throw eudrErrors.create('EDI_ERR_EUDR_AFFIRMATION_INVALID', { affirmation: number, reason: `not JSON: ${err instanceof Error ? err.message : String(err)}` });
  }
  const parsed = affirmationDocument.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw eudrErrors.create('EDI_ERR_EUDR_AFFIRMATION_INVALID', { affirmation: number, reason: `${issue.path.join('.') || 'document'}: ${issue.message}` }, { detail: { path: issue.path.join('.') } });
  }
  const crs = declaredCrs(json);
  const out: FellingAffirmation = {
    number,
    cuttingAreas: parsed.data.features.map((f) => {
      const p = f.properties;
      if (p.apliecinajuma_nr !== undefined && p.apliecinajuma_nr !== number) {
        throw eudrErrors.create('EDI_ERR_EUDR_AFFIRMATION_INVALID', { affirmation: number, reason: `cutting area ${p.cirsmas_nr} belongs to affirmation ${p.apliecinajuma_nr}` });
      }
      const area: CuttingArea = {
        number: p.cirsmas_nr,
        species: p.sugas.map((s) => ({ code: s.kods, plannedVolumeM3: s.kraja_m3 })),
        geometry: f.geometry as CuttingArea['geometry'],
      };
      if (p.kadastra_apz !== undefined) area.cadastralDesignation = p.kadastra_apz;
      if (p.kvartals !== undefined) area.quarter = p.kvartals;
      if (p.nogabals !== undefined) area.compartment = p.nogabals;
      if (p.platiba_ha !== undefined) area.areaHa = p.platiba_ha;
      if (p.cirtes_veids !== undefined) area.fellingType = p.cirtes_veids;
      if (p.adrese !== undefined) area.place = p.adrese;
      if (p.derigs_no !== undefined) area.validFrom = p.derigs_no;
      if (p.derigs_lidz !== undefined) area.validTo = p.derigs_lidz;
      return area;
    }),
  };
  if (crs !== undefined) out.crs = crs;
  return out;
}

/** ProductionPlace of a cutting area, e.g. "Kalsnavas pag., Madonas nov., kv. 112, nog. 5, cirsma 1 (apliecinājums 1234567890)". */
export function productionPlace(affirmation: string, a: CuttingArea): string {
  const parts = [a.place, a.quarter !== undefined ? `kv. ${a.quarter}` : undefined, a.compartment !== undefined ? `nog. ${a.compartment}` : undefined, `cirsma ${a.number}`];
  return `${parts.filter((p) => p !== undefined && p !== '').join(', ')} (apliecinājums ${affirmation})`;
}
