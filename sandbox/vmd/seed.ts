// The felling affirmations the VMD sandbox knows: realistic cutting areas (cirsmas) in
// Latvian forests — Kalsnava (Madona), Lubāna lowland (Latgale), Zlēkas (Ventspils),
// Inčukalns (Vidzeme), Jelgava — with their planned volume per species (VMD species codes).
// Some are served in LKS-92 / Latvia TM (EPSG:3059) with a declared CRS, as Latvian GIS data
// often is; coordinates were computed with PROJ from the EPSG definitions. One affirmation
// carries a digitising error (a figure-eight cutting area) so the broker's refusal can be shown.

export interface SeedCuttingArea {
  number: string;
  cadastralDesignation: string;
  quarter: string;
  compartment: string;
  areaHa: number;
  fellingType: string;
  place: string;
  species: Array<{ code: string; volumeM3: number }>;
  geometry: { type: string; coordinates: unknown };
}

export interface SeedAffirmation {
  number: string;
  /** Declared CRS name when not WGS 84. */
  crs?: string;
  validFrom: string;
  validTo: string;
  /** Why this one is in the seed (shown by /_sandbox/seed). */
  note: string;
  cuttingAreas: SeedCuttingArea[];
}

export const LKS92_URN = 'urn:ogc:def:crs:EPSG::3059';

export const SEED_AFFIRMATIONS: readonly SeedAffirmation[] = [
  {
    number: '4210000101',
    validFrom: '2026-03-02',
    validTo: '2027-03-01',
    note: 'WGS 84; two clear fellings over 4 ha and 2.1 ha, mature pine and spruce (Kalsnava forest)',
    cuttingAreas: [
      {
        number: '1',
        cadastralDesignation: '70620050123',
        quarter: '112',
        compartment: '5',
        areaHa: 5.2,
        fellingType: 'Kailcirte',
        place: 'Kalsnavas pagasts, Madonas novads',
        species: [{ code: '1', volumeM3: 1610.4 }, { code: '3', volumeM3: 212.0 }, { code: '4', volumeM3: 96.5 }],
        geometry: { type: 'Polygon', coordinates: [[[25.9535659, 56.6821571], [25.9532697, 56.6830421], [25.9517864, 56.6833511], [25.9498734, 56.6831123], [25.9488848, 56.6827952], [25.9487337, 56.6820091], [25.9499179, 56.6813824], [25.9514485, 56.6812163], [25.9531362, 56.6817638], [25.9535659, 56.6821571]]] },
      },
      {
        number: '2',
        cadastralDesignation: '70620050123',
        quarter: '112',
        compartment: '9',
        areaHa: 2.1,
        fellingType: 'Kailcirte',
        place: 'Kalsnavas pagasts, Madonas novads',
        species: [{ code: '3', volumeM3: 588.2 }, { code: '4', volumeM3: 64.3 }, { code: '9', volumeM3: 21.0 }],
        geometry: { type: 'Polygon', coordinates: [[[25.9659426, 56.677828], [25.9652313, 56.6784528], [25.9637522, 56.6784555], [25.9627565, 56.6781567], [25.9623936, 56.6776946], [25.9636377, 56.6772502], [25.9651046, 56.6773491], [25.9659426, 56.677828]]] },
      },
    ],
  },
  {
    number: '4210000102',
    crs: LKS92_URN,
    validFrom: '2026-01-15',
    validTo: '2027-01-14',
    note: 'LKS-92 (EPSG:3059) declared; 6.8 ha deciduous clear felling, birch, aspen, grey alder (Lubāna lowland)',
    cuttingAreas: [
      {
        number: '1',
        cadastralDesignation: '70840030044',
        quarter: '27',
        compartment: '14',
        areaHa: 6.8,
        fellingType: 'Kailcirte',
        place: 'Indrānu pagasts, Madonas novads',
        species: [{ code: '4', volumeM3: 1150.6 }, { code: '8', volumeM3: 604.2 }, { code: '9', volumeM3: 210.8 }, { code: '3', volumeM3: 98.0 }],
        geometry: { type: 'Polygon', coordinates: [[[671664.3, 304639.17], [671644.15, 304703.35], [671532.81, 304749.55], [671430.8, 304754.52], [671329.07, 304702.23], [671322.27, 304634.79], [671358.74, 304555.03], [671442.35, 304486.81], [671545.01, 304508.24], [671636.9, 304558.87], [671664.3, 304639.17]]] },
      },
    ],
  },
  {
    number: '4210000103',
    crs: LKS92_URN,
    validFrom: '2026-02-10',
    validTo: '2027-02-09',
    note: 'LKS-92 (EPSG:3059) declared; one pine cutting area in two parts (MultiPolygon, 5.5 ha) (Zlēkas)',
    cuttingAreas: [
      {
        number: '3',
        cadastralDesignation: '98960070210',
        quarter: '45',
        compartment: '2',
        areaHa: 5.5,
        fellingType: 'Kailcirte',
        place: 'Zlēku pagasts, Ventspils novads',
        species: [{ code: '1', volumeM3: 1705.0 }, { code: '3', volumeM3: 120.5 }],
        geometry: { type: 'MultiPolygon', coordinates: [[[[377181.54, 324916.31], [377149.71, 324962.93], [377060.6, 324997.78], [376984.1, 324971.75], [376947.78, 324917.39], [376964.2, 324855.23], [377050.74, 324811.17], [377170.31, 324850.31], [377181.54, 324916.31]]], [[[377697.16, 324613.92], [377646.09, 324696.09], [377514.33, 324689.99], [377468.11, 324622.71], [377545.64, 324552.89], [377632.1, 324549.85], [377697.16, 324613.92]]]] },
      },
    ],
  },
  {
    number: '4210000104',
    validFrom: '2026-04-01',
    validTo: '2027-03-31',
    note: 'WGS 84; a 1.8 ha selective felling given as a point (allowed up to 4 ha) (Inčukalns)',
    cuttingAreas: [
      {
        number: '1',
        cadastralDesignation: '80640040077',
        quarter: '301',
        compartment: '11',
        areaHa: 1.8,
        fellingType: 'Izlases cirte',
        place: 'Inčukalna pagasts, Siguldas novads',
        species: [{ code: '3', volumeM3: 95.2 }, { code: '4', volumeM3: 40.1 }],
        geometry: { type: 'Point', coordinates: [24.7031208, 57.1024133] },
      },
    ],
  },
  {
    number: '4210000105',
    validFrom: '2026-05-04',
    validTo: '2027-05-03',
    note: 'WGS 84; 4.4 ha grey and black alder clear felling (Jelgava)',
    cuttingAreas: [
      {
        number: '1',
        cadastralDesignation: '54580020391',
        quarter: '8',
        compartment: '4',
        areaHa: 4.4,
        fellingType: 'Kailcirte',
        place: 'Valgundes pagasts, Jelgavas novads',
        species: [{ code: '9', volumeM3: 690.0 }, { code: '6', volumeM3: 120.4 }, { code: '4', volumeM3: 55.0 }],
        geometry: { type: 'Polygon', coordinates: [[[23.6458874, 56.5901726], [23.6449937, 56.5909674], [23.6434413, 56.5911266], [23.6415636, 56.590761], [23.6411943, 56.5901425], [23.6414901, 56.5895257], [23.6433339, 56.5892756], [23.6452109, 56.58954], [23.6458874, 56.5901726]]] },
      },
    ],
  },
  {
    number: '4210000900',
    validFrom: '2026-03-20',
    validTo: '2027-03-19',
    note: 'digitising error: the cutting area’s boundary crosses itself (figure eight); TRACES refuses it',
    cuttingAreas: [
      {
        number: '1',
        cadastralDesignation: '70620050188',
        quarter: '118',
        compartment: '3',
        areaHa: 5.1,
        fellingType: 'Kailcirte',
        place: 'Kalsnavas pagasts, Madonas novads',
        species: [{ code: '1', volumeM3: 1320.0 }],
        geometry: { type: 'Polygon', coordinates: [[[25.9402, 56.6901], [25.9461, 56.6932], [25.9463, 56.6899], [25.94, 56.693], [25.9402, 56.6901]]] },
      },
    ],
  },
];
