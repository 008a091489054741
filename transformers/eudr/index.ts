// The EUDR domain, pure: felling affirmations (VMD GeoJSON) → normalised geolocation →
// due diligence statements for TRACES V3.
export { eudrErrors, type EudrErrorCode } from './errors.js';
export { readFellingAffirmation, productionPlace, type CuttingArea, type FellingAffirmation, type SpeciesVolume } from './vmd-affirmation.js';
export { normaliseAffirmation, type NormalisedAffirmation, type NormaliseOptions } from './normalise-geometry.js';
export { buildDueDiligenceStatement, type BuiltStatement, type StatementClient, type StatementInput } from './build-statement.js';
export { eudrStatementOptions, DEFAULT_DENSITY_KG_PER_M3, type EudrStatementOptions, type ProductSplit } from './options.js';
export { VMD_SPECIES, speciesTable, type SpeciesName, type SpeciesTable } from './species.js';
export { internalReferenceFor } from './internal-reference.js';
export { LKS92_CODE, LKS92_PROJ4, defineLks92 } from './lks92.js';
export { declaredCrs, normaliseCrsName, transformToWgs84, type CrsOptions } from './crs.js';
