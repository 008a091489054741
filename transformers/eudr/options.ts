// How the broker builds due diligence statements from felling affirmations: the role it
// submits in, the activity, which product codes the planned volume is split into and how it
// is quantified, species names and coordinate systems. Validated with zod from the config;
// every default is for the Latvian timber data centre's case (DOMESTIC roundwood, LV).
import { z } from 'zod';
import type { ACTIVITY_TYPES, OPERATOR_ROLES } from '../../schemas/traces/v3/model.js';
import { DOMESTIC_MAX_PERCENTAGE } from '../../schemas/eudr/units.js';

const speciesName = z.object({ scientificName: z.string().min(1).max(200), en: z.string().min(1).max(200), lv: z.string().min(1).max(200) }).strict();

export const productSchema = z
  .object({
    /** HS heading of Annex I wood, e.g. 4403 roundwood, 4401 fuel wood. */
    hsHeading: z.string().regex(/^[0-9]{2,6}$/),
    /** Commercial description; the affirmation numbers are appended (≤ 150 characters in all). */
    description: z.string().min(1).max(100),
    /** Share of every species' planned volume that becomes this product (0–1). */
    share: z.number().min(0).max(1),
    /** Per species code, overrides share (e.g. fuel wood mostly from grey alder). */
    shareBySpecies: z.record(z.string(), z.number().min(0).max(1)).optional(),
  })
  .strict();

export type ProductSplit = z.output<typeof productSchema>;

/**
 * Rough densities of fresh-felled roundwood over bark, kg/m³, used only to estimate net mass
 * from planned volume; the estimate's uncertainty is what percentageEstimationOrDeviation
 * declares. Operators should set them from their own weighings.
 */
export const DEFAULT_DENSITY_KG_PER_M3: Readonly<Record<string, number>> = {
  '1': 820, // priede
  '3': 800, // egle
  '4': 900, // bērzs
  '6': 850, // melnalksnis
  '8': 800, // apse
  '9': 800, // baltalksnis
  '10': 1000, // ozols
  '11': 900, // osis
};

export const eudrStatementOptions = z
  .object({
    /** OPERATOR: the web service user's own operator; REPRESENTATIVE_OPERATOR: on the client's behalf under a mandate. */
    operatorRole: z.enum(['OPERATOR', 'REPRESENTATIVE_OPERATOR'] satisfies typeof OPERATOR_ROLES).default('REPRESENTATIVE_OPERATOR'),
    activityType: z.enum(['DOMESTIC', 'IMPORT', 'EXPORT'] satisfies typeof ACTIVITY_TYPES).default('DOMESTIC'),
    countryOfActivity: z.string().regex(/^[A-Z]{2}$/).default('LV'),
    /** Entry/exit country for IMPORT/EXPORT. */
    borderCrossCountry: z.string().regex(/^[A-Z]{2}$/).optional(),
    /** Country of production written on every producer and in ProducerCountry. */
    producerCountry: z.string().regex(/^[A-Z]{2}$/).default('LV'),
    /** TRUE keeps the plots' geolocation from downstream operators. */
    geoLocationConfidential: z.boolean().default(false),
    /** internalReferenceNumber = prefix + edi-id (≤ 50 characters in all). */
    internalReferencePrefix: z.string().max(24).default('EDI-'),
    commonNameLanguage: z.enum(['en', 'lv']).default('en'),
    /** Species codes added to or replacing the VMD table. */
    species: z.record(z.string(), z.array(speciesName).min(1)).default({}),
    products: z
      .array(productSchema)
      .min(1)
      .default([
        { hsHeading: '4403', description: 'Roundwood (saw logs and pulpwood)', share: 0.85 },
        { hsHeading: '4401', description: 'Fuel wood', share: 0.15 },
      ]),
    quantity: z
      .object({
        /** Declare the volume as supplementary unit MTQ (m³). */
        volume: z.boolean().default(true),
        /** Declare an estimated net mass (kg) with its percentage estimation (DOMESTIC). */
        netWeight: z.boolean().default(true),
        percentageEstimationOrDeviation: z.number().min(0).max(DOMESTIC_MAX_PERCENTAGE).default(10),
        densityKgPerM3: z.record(z.string(), z.number().positive()).default(DEFAULT_DENSITY_KG_PER_M3),
        defaultDensityKgPerM3: z.number().positive().default(850),
      })
      .strict()
      .prefault({}),
    crs: z
      .object({
        definitions: z.record(z.string(), z.string()).optional(),
        axisOrder: z.enum(['easting-northing', 'northing-easting']).default('easting-northing'),
        undeclaredProjectedCrs: z.string().optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type EudrStatementOptions = z.output<typeof eudrStatementOptions>;
