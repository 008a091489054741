// What an operator may tune in the rules, compiled once (the Temporal habit): the value lists
// no public source fixes (Payment_Type, Transport_s1, P_Type), unknown-field handling, the
// lateness threshold and extra country codes.
import { ENUMS, type ConfigurableList, type EnumName } from './enums.js';
import { ISO_3166_ALPHA2 } from './iso-3166.js';

export interface ValidationOptions {
  /** Replace a value list; `Payment_Type` has none by default (any integer). */
  valueLists?: Partial<Record<ConfigurableList, readonly number[]>>;
  /** A key the catalogue does not know: error (default), warning, or ignored. */
  unknownFields?: 'error' | 'warn' | 'ignore';
  /** Reported later than this after Event_Time → warning (Annex II: 24 h). */
  lateAfterHours?: number;
  /** Accepted as countries besides ISO 3166-1 alpha-2 (e.g. the Commission's "EL"). */
  extraCountryCodes?: readonly string[];
}

export interface CompiledValidationOptions {
  readonly compiled: true;
  readonly enumValues: ReadonlyMap<EnumName, ReadonlySet<number> | undefined>;
  readonly unknownFields: 'error' | 'warn' | 'ignore';
  readonly lateAfterMs: number;
  readonly countries: ReadonlySet<string>;
}

export function compileValidationOptions(options: ValidationOptions | CompiledValidationOptions = {}): CompiledValidationOptions {
  if ('compiled' in options) return options;
  const enumValues = new Map<EnumName, ReadonlySet<number> | undefined>();
  for (const [name, spec] of Object.entries(ENUMS) as Array<[EnumName, (typeof ENUMS)[EnumName]]>) {
    const configured = options.valueLists?.[name as ConfigurableList];
    const values = configured ?? (spec.values === undefined ? undefined : Object.keys(spec.values).map(Number));
    enumValues.set(name, values === undefined ? undefined : new Set(values));
  }
  const lateAfterHours = options.lateAfterHours ?? 24;
  if (!(lateAfterHours > 0)) throw new Error(`lateAfterHours must be positive, got ${lateAfterHours}`);
  return Object.freeze({
    compiled: true as const,
    enumValues,
    unknownFields: options.unknownFields ?? 'error',
    lateAfterMs: lateAfterHours * 3_600_000,
    countries: options.extraCountryCodes?.length ? new Set([...ISO_3166_ALPHA2, ...options.extraCountryCodes]) : ISO_3166_ALPHA2,
  });
}

export const DEFAULT_VALIDATION_OPTIONS: CompiledValidationOptions = compileValidationOptions();
