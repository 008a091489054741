// EDS "Taksometri" trip rules shared by the broker and the EDS sandbox (pure, no I/O).
export { CARRIAGE_FIELDS, FIELD_SPECS, isCarriageField, isPaymentType, PAYMENT_TYPES, type Carriage, type CarriageField, type FieldKind, type FieldSpec, type PaymentType } from './fields.js';
export { assertTimeZone, DEFAULT_TIME_ZONE, formatEdsDateTime, isCalendarDate, localDate, parseEdsDateTime, zoneOffsetMinutes, type EdsDateTime } from './date-time.js';
export type { CarriageRule, RuleParams } from './rule.js';
export { maskPersonCode, showValue, violation, type CarriageViolation } from './violation.js';
export { latvianMessage } from './latvian.js';
export { DEFAULT_FUTURE_TOLERANCE_SECONDS, validateCarriage, type CarriageRuleOptions, type CarriageValidation } from './validate.js';
export { glossModelState, INVALID_REQUEST_MESSAGE, modelStateOf, type GlossedModelStateEntry, type ModelStateBody } from './model-state.js';
export { carriageFingerprint, tripIdentity, type TripIdentityFields } from './identity.js';
export {
  buildCarriageReport,
  REPORT_TITLE,
  REPORT_XML,
  reportCarriages,
  tripDay,
  type CarriageReport,
  type ReceivedCarriage,
  type ReportCarrier,
  type ReportDay,
  type ReportDriver,
  type ReportPeriod,
  type ReportTotals,
  type ReportTrip,
} from './report.js';
export { edsCredentialErrors } from './errors.js';
export {
  compileCredentialRegistry,
  CredentialRegistry,
  edsCredentialsSchema,
  plateKey,
  ROUTING_FIELD,
  type ApiClient,
  type ApiClientView,
  type ClientLookup,
  type EdsCredentialsConfig,
  type EdsCredentialsInput,
  type RoutableTrip,
  type RoutedBy,
} from './credentials.js';
