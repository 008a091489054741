// The relevant products of Annex I to Regulation (EU) 2023/1115, as the HS codes a due
// diligence statement may declare, by commodity. A declared hsHeading is accepted when it
// starts with one of these codes (so 4403 11 is wood, 47 is wood, 0102 alone is not cattle).
// The list is data: the Commission amends the annex; options may replace it.

export type RelevantCommodity = 'cattle' | 'cocoa' | 'coffee' | 'oil palm' | 'rubber' | 'soya' | 'wood';

export const ANNEX_I_HS_CODES: Readonly<Record<RelevantCommodity, readonly string[]>> = {
  cattle: ['010221', '010229', '0201', '0202', '020610', '020629', '160250', '4101', '4104', '4107'],
  cocoa: ['1801', '1802', '1803', '1804', '1805', '1806'],
  coffee: ['0901'],
  'oil palm': ['120710', '1511', '151321', '151329', '230660', '290545', '291570', '291590', '382311', '382312', '382319', '382370'],
  rubber: ['4001', '4005', '4006', '4007', '4008', '4010', '4011', '4012', '4013', '4015', '4016', '4017'],
  soya: ['1201', '120810', '1507', '2304'],
  wood: [
    '4401', '4402', '4403', '4404', '4405', '4406', '4407', '4408', '4409', '4410', '4411', '4412', '4413', '4414',
    '4415', '4416', '4417', '4418', '4419', '4420', '4421', '47', '48', '49', '9401', '9403', '940610',
  ],
};

/** The relevant commodity an HS code belongs to, or undefined when it is not in Annex I. */
export function commodityOfHsCode(hs: string, table: Readonly<Record<string, readonly string[]>> = ANNEX_I_HS_CODES): RelevantCommodity | undefined {
  const code = hs.replace(/\s+/g, '');
  for (const [commodity, codes] of Object.entries(table)) {
    if (codes.some((c) => code.startsWith(c))) return commodity as RelevantCommodity;
  }
  return undefined;
}

/** Wood products need species (scientific and common name) — Validation rules §10.3. */
export function isTimber(hs: string, table?: Readonly<Record<string, readonly string[]>>): boolean {
  return commodityOfHsCode(hs, table) === 'wood';
}
