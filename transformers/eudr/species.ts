// Tree species of Latvian felling affirmations → the scientific and common names a timber
// commodity needs in a DDS (Regulation (EU) 2023/1115 Art. 9(1)(a); Validation rules §10.3).
// Codes: the State Forest Service's species classifier (VMD Meža valsts reģistrs, classifier
// "S_klasifikators", used in the register's species fields s10…s14 and in its open data set
// "Meža valsts reģistra meža dati", data.gov.lv; register kept under Cabinet Regulation
// No. 384 of 21 June 2016). Scientific names per the classifier's Latvian names; where one
// code covers several species (4 bērzs = silver and downy birch) every species is declared.
// The table is data: options may add codes or replace names.

export interface SpeciesName {
  scientificName: string;
  /** English common name. */
  en: string;
  /** Latvian common name. */
  lv: string;
}

export const VMD_SPECIES: Readonly<Record<string, readonly SpeciesName[]>> = {
  '1': [{ scientificName: 'Pinus sylvestris', en: 'Scots pine', lv: 'parastā priede' }],
  '3': [{ scientificName: 'Picea abies', en: 'Norway spruce', lv: 'parastā egle' }],
  '4': [
    { scientificName: 'Betula pendula', en: 'silver birch', lv: 'āra bērzs' },
    { scientificName: 'Betula pubescens', en: 'downy birch', lv: 'purva bērzs' },
  ],
  '6': [{ scientificName: 'Alnus glutinosa', en: 'black alder', lv: 'melnalksnis' }],
  '8': [{ scientificName: 'Populus tremula', en: 'European aspen', lv: 'parastā apse' }],
  '9': [{ scientificName: 'Alnus incana', en: 'grey alder', lv: 'baltalksnis' }],
  '10': [{ scientificName: 'Quercus robur', en: 'pedunculate oak', lv: 'parastais ozols' }],
  '11': [{ scientificName: 'Fraxinus excelsior', en: 'European ash', lv: 'parastais osis' }],
  '12': [{ scientificName: 'Tilia cordata', en: 'small-leaved lime', lv: 'parastā liepa' }],
  '13': [{ scientificName: 'Larix decidua', en: 'European larch', lv: 'Eiropas lapegle' }],
  '14': [{ scientificName: 'Pinus spp.', en: 'other pines', lv: 'citas priedes' }],
  '15': [{ scientificName: 'Picea spp.', en: 'other spruces', lv: 'citas egles' }],
  '16': [
    { scientificName: 'Ulmus glabra', en: 'wych elm', lv: 'parastā goba' },
    { scientificName: 'Ulmus laevis', en: 'European white elm', lv: 'parastā vīksna' },
  ],
  '19': [{ scientificName: 'Populus spp.', en: 'poplar', lv: 'papele' }],
  '20': [{ scientificName: 'Salix spp.', en: 'willow', lv: 'vītols' }],
  '21': [{ scientificName: 'Salix caprea', en: 'goat willow', lv: 'blīgzna' }],
  '24': [{ scientificName: 'Acer platanoides', en: 'Norway maple', lv: 'parastā kļava' }],
  '28': [{ scientificName: 'Pseudotsuga menziesii', en: 'Douglas fir', lv: 'duglāzija' }],
  '32': [{ scientificName: 'Sorbus aucuparia', en: 'rowan', lv: 'parastais pīlādzis' }],
  '35': [{ scientificName: 'Prunus padus', en: 'bird cherry', lv: 'parastā ieva' }],
  '68': [{ scientificName: 'Populus tremula × Populus tremuloides', en: 'hybrid aspen', lv: 'hibrīdā apse' }],
};

export type CommonNameLanguage = 'en' | 'lv';

export interface SpeciesTable {
  /** Names of a species code, or undefined when the table does not know it. */
  namesOf(code: string): Array<{ scientificName: string; commonName: string }> | undefined;
}

export function speciesTable(overrides: Record<string, readonly SpeciesName[]> = {}, language: CommonNameLanguage = 'en'): SpeciesTable {
  const table: Record<string, readonly SpeciesName[]> = { ...VMD_SPECIES, ...overrides };
  return {
    namesOf(code) {
      const entries = table[String(code).trim().replace(/^0+(?=\d)/, '')];
      return entries?.map((e) => ({ scientificName: e.scientificName, commonName: language === 'lv' ? e.lv : e.en }));
    },
  };
}
