// Error codes of the papiNet transformer (EDI_ERR_PAPINET_*). None is retriable: a document
// that is not papiNet, or not the papiNet we take, stays so; it goes to papinet.dlq with the
// reason (line, column, element path) and can be replayed once fixed. Schema violations use
// the XML layer's EDI_ERR_XML_SCHEMA_INVALID, parse faults its EDI_ERR_XML_* codes.
import { defineErrors } from '../../lib/errors.js';

export const papinetErrors = defineErrors({
  EDI_ERR_PAPINET_UNKNOWN_DOCUMENT: {
    message: 'not a papiNet document this broker takes: root element {root} (expected DeliveryMessageWood, DeliveryInstruction or MeasuringTicket)',
    retriable: false,
    http: 422,
  },
  EDI_ERR_PAPINET_NAMESPACE: { message: 'papiNet {root} is in namespace "{namespace}"; expected "{expected}"', retriable: false, http: 422 },
  EDI_ERR_PAPINET_STATUS_UNKNOWN: { message: 'papiNet {root} has status "{status}"; expected Original, Replaced or Cancelled', retriable: false, http: 422 },
  EDI_ERR_PAPINET_ENRICH_INPUT: { message: 'cannot add EUDR references: {reason}', retriable: false },
  EDI_ERR_PAPINET_ENRICH_FAILED: { message: 'adding EUDR references to {document} {number} gave a document that does not check: {reason}', retriable: false },
});

export type PapinetErrorCode = keyof typeof papinetErrors.defs;
