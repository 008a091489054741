// A seed affirmation as VMD's public endpoint serves it: a FeatureCollection, one feature per
// cutting area, Latvian property names as in VMD's forest register, and the GeoJSON 2008 "crs"
// member when the coordinates are LKS-92. (VMD does not publish the schema; this is the shape
// the broker's reader, transformers/eudr/vmd-affirmation.ts, expects — keep the two in step.)
import type { SeedAffirmation } from './seed.js';

export function affirmationDocument(a: SeedAffirmation): Record<string, unknown> {
  const doc: Record<string, unknown> = { type: 'FeatureCollection' };
  if (a.crs !== undefined) doc.crs = { type: 'name', properties: { name: a.crs } };
  doc.features = a.cuttingAreas.map((c) => ({
    type: 'Feature',
    id: `${a.number}-${c.number}`,
    properties: {
      apliecinajuma_nr: a.number,
      cirsmas_nr: c.number,
      kadastra_apz: c.cadastralDesignation,
      kvartals: c.quarter,
      nogabals: c.compartment,
      platiba_ha: c.areaHa,
      cirtes_veids: c.fellingType,
      adrese: c.place,
      derigs_no: a.validFrom,
      derigs_lidz: a.validTo,
      sugas: c.species.map((s) => ({ kods: s.code, kraja_m3: s.volumeM3 })),
    },
    geometry: c.geometry,
  }));
  return doc;
}

/** What /_sandbox/seed tells about an affirmation. */
export function affirmationSummary(a: SeedAffirmation): Record<string, unknown> {
  return {
    number: a.number,
    crs: a.crs ?? 'WGS 84',
    cuttingAreas: a.cuttingAreas.length,
    areaHa: Math.round(a.cuttingAreas.reduce((s, c) => s + c.areaHa, 0) * 100) / 100,
    geometryTypes: [...new Set(a.cuttingAreas.map((c) => c.geometry.type))],
    species: [...new Set(a.cuttingAreas.flatMap((c) => c.species.map((s) => s.code)))],
    plannedVolumeM3: Math.round(a.cuttingAreas.reduce((s, c) => s + c.species.reduce((t, x) => t + x.volumeM3, 0), 0) * 10) / 10,
    note: a.note,
  };
}
