// Enumerations of the data dictionary. Sources as in ../shared/reference/tobacco/
// message-catalogue.json: LEG = Reg. 2018/574 Annex II, CEH/QW/KS = open-source router
// clients and sample bodies, MEM = Annex II item not confirmed by a second source.
// Lists the reference calls "not public" have `values: undefined` (any integer) unless the
// operator configures them (ValidationOptions.valueLists): we do not guess them silently.

export type EnumName =
  | 'UI_Type'
  | 'Transport_mode'
  | 'EDP.Destination_ID1'
  | 'ETL.Destination_ID1'
  | 'Aggregation_Type'
  | 'Deact_Type'
  | 'Deact_Reason1'
  | 'Invoice_Type1'
  | 'Recall_Reason1'
  | 'P_Type'
  | 'Transport_s1'
  | 'Payment_Type';

export interface EnumSpec {
  /** Allowed integer values with their meaning; undefined = not public, any integer. */
  values: Readonly<Record<number, string>> | undefined;
  src: string;
}

export const ENUMS: Readonly<Record<EnumName, EnumSpec>> = {
  UI_Type: { values: { 1: 'unit packets only (upUIs)', 2: 'aggregated only (aUIs)', 3: 'both' }, src: 'LEG,CEH' },
  Transport_mode: {
    values: { 0: 'Other', 1: 'Sea', 2: 'Rail', 3: 'Road', 4: 'Air', 5: 'Postal consignment', 6: 'Fixed transport installations', 7: 'Inland waterway' },
    src: 'LEG,CEH',
  },
  'EDP.Destination_ID1': {
    values: { 1: 'non-EU destination (Destination_ID5 address)', 2: 'EU destination other than vending machine (Destination_ID2)', 3: 'EU vending machine(s) (Destination_ID3)', 4: 'EU destination other than VM delivered by vending van (Destination_ID4)' },
    src: 'LEG,CEH,KS',
  },
  'ETL.Destination_ID1': { values: { 0: 'non-EU (Destination_ID3 address)', 1: 'EU (Destination_ID2 F_ID)' }, src: 'CEH,KS' },
  Aggregation_Type: { values: { 1: 'unit level UIs only', 2: 'aggregated level UIs only', 3: 'both' }, src: 'CEH,KS' },
  Deact_Type: { values: { 1: 'unit level (Deact_upUI)', 2: 'aggregated level (Deact_aUI)' }, src: 'CEH' },
  Deact_Reason1: { values: { 1: 'Product destroyed', 2: 'Product stolen', 3: 'UI destroyed', 4: 'UI stolen', 5: 'UI unused', 6: 'Other' }, src: 'CEH' },
  Invoice_Type1: { values: { 1: 'Original', 2: 'Correction', 3: 'Other' }, src: 'CEH,KS,QW' },
  Recall_Reason1: { values: { 1: 'Reported event did not materialise', 2: 'Message contained erroneous information', 3: 'Other' }, src: 'CEH,KS' },
  // The catalogue confirms only 11 = other (P_OtherType); 1..10 are the Annex II product
  // types (cigarette … novel tobacco product) from memory (MEM): configurable.
  P_Type: {
    values: { 1: 'Cigarette', 2: 'Cigar', 3: 'Cigarillo', 4: 'Roll your own tobacco', 5: 'Pipe tobacco', 6: 'Waterpipe tobacco', 7: 'Oral tobacco', 8: 'Nasal tobacco', 9: 'Chewing tobacco', 10: 'Novel tobacco product', 11: 'Other' },
    src: 'MEM (11 = other: CEH,PW)',
  },
  // Meaning not public (reference README); CEH sends 0/1 and Transport_s2 when 1: configurable.
  Transport_s1: { values: { 0: 'no', 1: 'yes (Transport_s2 required)' }, src: 'CEH (meaning not public)' },
  // "integer; enum not found" (reference catalogue): any integer unless configured.
  Payment_Type: { values: undefined, src: 'CEH (value list not public)' },
};

/** The value lists an operator may replace in config, because no public source fixes them. */
export type ConfigurableList = 'Payment_Type' | 'Transport_s1' | 'P_Type';
