// What the taxi-trip step may change and how strict it is, from config (zod), compiled once.
// Normalisation is off unless asked for: a carrier's data is sent as the carrier wrote it,
// and only the slips carriers commonly make are fixed, each behind its own switch.
import { z } from 'zod';
import { assertTimeZone, DEFAULT_FUTURE_TOLERANCE_SECONDS, DEFAULT_TIME_ZONE } from '../../schemas/eds/index.js';

export const DEFAULT_CSV_MAX_BYTES = 50 * 1024 * 1024;

export const edsTripOptionsSchema = z
  .object({
    normalise: z
      .object({
        plate: z.enum(['as-is', 'remove-separators']).default('as-is').describe('remove-separators: "AB-1234" / "AB 1234" → "AB1234" (EDS wants the plate without a dash)'),
        plateCase: z.enum(['as-is', 'upper']).default('as-is').describe('upper: "ab1234" → "AB1234" (EDS compares data exactly: a lower-case plate is another trip to its 409)'),
        distanceUnit: z.enum(['km', 'm']).default('km').describe("m: the sender's Distance is in metres and is divided by 1000 (EDS takes km)"),
      })
      .strict()
      .prefault({})
      .describe('fixes applied before the EDS rules, each only when switched on'),
    unknownFields: z.enum(['error', 'ignore']).default('error').describe('a property that is no EDS field: a typo that would silently drop data, so an error by default'),
    timeZone: z
      .string()
      .default(DEFAULT_TIME_ZONE)
      .refine((tz) => {
        try {
          assertTimeZone(tz);
          return true;
        } catch {
          return false;
        }
      }, 'not a time zone this runtime knows (e.g. Europe/Riga)')
      .describe('zone of date-times written without an offset, and of the report day'),
    futureToleranceSeconds: z.number().int().min(0).max(86_400).default(DEFAULT_FUTURE_TOLERANCE_SECONDS).describe('clock skew tolerated by the not-in-future rule'),
    csv: z
      .object({
        delimiter: z.enum(['auto', ';', ',']).default('auto').describe('auto: whichever of ; and , the header row holds more of (header names hold neither)'),
        decimalSeparator: z.enum(['.', ',']).default('.').describe('"," for files from a spreadsheet in a Latvian locale ("12,5"); never both'),
        maxBytes: z.number().int().positive().max(1024 * 1024 * 1024).default(DEFAULT_CSV_MAX_BYTES).describe('larger CSV files are refused'),
      })
      .strict()
      .prefault({})
      .describe('CSV files of trips (dispatch systems catching up after an outage)'),
  })
  .strict();

export type EdsTripOptionsInput = z.input<typeof edsTripOptionsSchema>;
export type EdsTripOptions = z.output<typeof edsTripOptionsSchema>;

export const DEFAULT_TRIP_OPTIONS: EdsTripOptions = edsTripOptionsSchema.parse({});

/** Parses options once (at start-up); throws a ZodError naming the path when they are wrong. */
export function compileTripOptions(input: EdsTripOptionsInput | EdsTripOptions = {}): EdsTripOptions {
  return edsTripOptionsSchema.parse(input);
}
