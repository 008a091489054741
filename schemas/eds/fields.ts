// The trip record EDS "Taksometri" takes in one POST /api/taxi/carriage: field names, wire
// order, types and limits from the reconstructed OpenAPI (../shared/reference/eds,
// definitions.Carriage), the items of Cabinet Regulation No. 541 point 11 and No. 405 point
// 69.7.1. Shared by the broker (validation before sending) and the EDS sandbox.

/** Norēķinu veids (MK 541 p. 11.9), the enum of the reconstructed OpenAPI. */
export const PAYMENT_TYPES = [
  'cash',
  'cashless',
  'paymentCard',
  'smartCard',
  'providersWebsite',
  'mobileApplication',
  'giftCard',
  'cheque',
  'voucher',
  'eService',
  'other',
] as const;

export type PaymentType = (typeof PAYMENT_TYPES)[number];

export function isPaymentType(v: unknown): v is PaymentType {
  return typeof v === 'string' && (PAYMENT_TYPES as readonly string[]).includes(v);
}

/** One trip as EDS takes it; optional fields are left out of the JSON, never sent as null. */
export interface Carriage {
  CarriersTaxpayerCode: string;
  DriversPersonCode: string;
  NumberPlate: string;
  StartDateTime: string;
  EndDateTime: string;
  Distance: number;
  ServiceFee: number;
  Commission?: number;
  PaymentType?: PaymentType;
  SerialNumber?: string;
  GrandTotal?: number;
}

export type CarriageField = keyof Carriage;

/** Wire order: the order of the OpenAPI definition, so the serialised body is always the same. */
export const CARRIAGE_FIELDS: readonly CarriageField[] = [
  'CarriersTaxpayerCode',
  'DriversPersonCode',
  'NumberPlate',
  'StartDateTime',
  'EndDateTime',
  'Distance',
  'ServiceFee',
  'Commission',
  'PaymentType',
  'SerialNumber',
  'GrandTotal',
];

export type FieldKind = 'string' | 'number' | 'date-time' | 'payment-type';

export interface FieldSpec {
  field: CarriageField;
  kind: FieldKind;
  /** In the OpenAPI's `required` list. */
  required: boolean;
  /** Inclusive string length limits (.NET string length = UTF-16 code units). */
  length?: readonly [number, number];
  /** Inclusive numeric range. */
  range?: readonly [number, number];
  /** The OpenAPI's Latvian description, verbatim. */
  lv: string;
  /** English gloss for operators reading a DLQ entry. */
  en: string;
  /** Where the field comes from. */
  source: string;
}

const MAX_AMOUNT = 1_000_000_000;

export const FIELD_SPECS: Readonly<Record<CarriageField, FieldSpec>> = {
  CarriersTaxpayerCode: {
    field: 'CarriersTaxpayerCode',
    kind: 'string',
    required: true,
    length: [11, 11],
    lv: 'Pārvadātāja reģistrācijas numurs komercreģistrā.',
    en: "carrier's registration number in the Commercial Register (taxpayer code)",
    source: 'MK 541 p. 11.1',
  },
  DriversPersonCode: {
    field: 'DriversPersonCode',
    kind: 'string',
    required: true,
    length: [11, 12],
    lv: 'Autovadītāja personas kods vai VID piešķirts nodokļu maksātāja reģistrācijas kods.',
    en: "driver's personal identity code (or the taxpayer code VID assigned)",
    source: 'MK 541 p. 11.2',
  },
  NumberPlate: {
    field: 'NumberPlate',
    kind: 'string',
    required: true,
    length: [2, 12],
    lv: 'Autotransporta līdzekļa valsts reģistrācijas numurs.',
    en: "vehicle's registration number (number plate, without dash)",
    source: 'MK 541 p. 11.3',
  },
  StartDateTime: {
    field: 'StartDateTime',
    kind: 'date-time',
    required: true,
    lv: 'Pārvadājumu pakalpojuma sākuma datums un laiks.',
    en: 'date and time the carriage started',
    source: 'MK 541 p. 11.4',
  },
  EndDateTime: {
    field: 'EndDateTime',
    kind: 'date-time',
    required: true,
    lv: 'Pārvadājumu pakalpojuma beigu datums un laiks.',
    en: 'date and time the carriage ended',
    source: 'MK 541 p. 11.5',
  },
  Distance: {
    field: 'Distance',
    kind: 'number',
    required: true,
    range: [0, MAX_AMOUNT],
    lv: 'Nobraukto kilometru skaits.',
    en: 'distance driven, in kilometres',
    source: 'MK 541 p. 11.6',
  },
  ServiceFee: {
    field: 'ServiceFee',
    kind: 'number',
    required: true,
    range: [0, MAX_AMOUNT],
    lv: 'Braukšanas maksa.',
    en: 'fare paid for the trip (EUR)',
    source: 'MK 541 p. 11.7',
  },
  Commission: {
    field: 'Commission',
    kind: 'number',
    required: false,
    range: [0, MAX_AMOUNT],
    lv: 'Pakalpojuma sniedzēja aprēķinātā atlīdzība (komisija).',
    en: "service provider's fee (platform commission)",
    source: 'MK 541 p. 11.8',
  },
  PaymentType: {
    field: 'PaymentType',
    kind: 'payment-type',
    required: false,
    lv: 'Norēķinu veids.',
    en: 'method of payment',
    source: 'MK 541 p. 11.9',
  },
  SerialNumber: {
    field: 'SerialNumber',
    kind: 'string',
    required: false,
    length: [3, 13],
    lv: 'Taksometra skaitītāja šasijas numurs.',
    en: "taximeter's serial (chassis) number",
    source: 'MK 405 p. 69.7.1.4',
  },
  GrandTotal: {
    field: 'GrandTotal',
    kind: 'number',
    required: false,
    lv: 'Absolūtais summatora (Grand Total) stāvoklis konkrētajā brīdī.',
    en: "taximeter's grand-total (summator) reading at the end of the trip",
    source: 'MK 405 p. 69.7.1.10',
  },
};

export function isCarriageField(name: string): name is CarriageField {
  return Object.hasOwn(FIELD_SPECS, name);
}
