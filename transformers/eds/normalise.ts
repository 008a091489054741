// The fixes the config allows (options.normalise), applied to the trip as received, before the
// EDS rules run. Each one applied is named so the tracking event can say what changed.
import type { EdsTripOptions } from './options.js';

// Hyphen-minus, the Unicode hyphens and dashes a spreadsheet may put in, and white space.
const PLATE_SEPARATORS = /[\s\u002d\u2010-\u2015]/gu;

export interface Normalised {
  trip: Record<string, unknown>;
  /** e.g. `NumberPlate "AB-1234" → "AB1234"`. */
  applied: string[];
}

export function normaliseTrip(trip: Record<string, unknown>, options: EdsTripOptions['normalise']): Normalised {
  const out = { ...trip };
  const applied: string[] = [];
  if (options.plate === 'remove-separators' && typeof out.NumberPlate === 'string') {
    const plate = out.NumberPlate.replace(PLATE_SEPARATORS, '');
    if (plate !== out.NumberPlate) {
      applied.push(`NumberPlate ${JSON.stringify(out.NumberPlate)} → ${JSON.stringify(plate)}`);
      out.NumberPlate = plate;
    }
  }
  if (options.plateCase === 'upper' && typeof out.NumberPlate === 'string') {
    // Latvian plates are Latin capitals and digits; toUpperCase() also covers a stray "ā".
    const plate = out.NumberPlate.toUpperCase();
    if (plate !== out.NumberPlate) {
      applied.push(`NumberPlate ${JSON.stringify(out.NumberPlate)} → ${JSON.stringify(plate)}`);
      out.NumberPlate = plate;
    }
  }
  if (options.distanceUnit === 'm' && typeof out.Distance === 'number') {
    // Division is correctly rounded, so 1234 m prints as 1.234, not 1.2340000000000002.
    const km = out.Distance / 1000;
    applied.push(`Distance ${out.Distance} m → ${km} km`);
    out.Distance = km;
  }
  return { trip: out, applied };
}
