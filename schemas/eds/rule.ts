// The rules a trip can break (the names travel in edi-error-detail and the sandbox ledger).
export type CarriageRule =
  | 'object'
  | 'required'
  | 'type'
  | 'length'
  | 'range'
  | 'enum'
  | 'date-time-format'
  | 'plate-characters'
  | 'end-after-start'
  | 'not-in-future'
  | 'unknown-field';

export interface RuleParams {
  min?: number;
  max?: number;
  /** For unknown-field: the name as it appeared. */
  name?: string;
}
