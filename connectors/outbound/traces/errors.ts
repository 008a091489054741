// Error codes of the TRACES connectors (statement submission and Verify at the mill), beside
// the protocol layer's EDI_ERR_TRACES_* (v3/errors.ts). A rejected statement and an unusable
// declaration are permanent (DLQ with the reason); a statement still SUBMITTED is retried.
import { defineErrors } from '../../../lib/errors.js';

export const tracesConnectorErrors = defineErrors({
  EDI_ERR_TRACES_STATEMENT_REJECTED: { message: 'statement {id} ({internalReference}, uuid {uuid}) was REJECTED by TRACES: {reason}', retriable: false, http: 422 },
  EDI_ERR_TRACES_STATEMENT_PENDING: { message: 'statement {id} (uuid {uuid}) is still {status} at TRACES after {attempts} polls; polling again later', retriable: true, http: 202 },
  EDI_ERR_TRACES_STATEMENT_UNUSABLE: { message: 'statement {id} (uuid {uuid}) is {status} at TRACES; it gives no reference number and is not submitted again (ask for a new statement)', retriable: false, http: 409 },
  EDI_ERR_TRACES_ACCOUNT_UNKNOWN: { message: 'statement {id} names TRACES account {account}, which is not configured (known: {known})', retriable: false, http: 422 },
  EDI_ERR_TRACES_PREPARED_INVALID: { message: 'prepared statement on {topic}: {reason}', retriable: false, http: 400 },
  EDI_ERR_TRACES_DECLARATION_NOT_USABLE: {
    message: '{document} {number}: TRACES answers {result} for reference number {referenceNumber} / verification number {verificationNumber}{status}',
    retriable: false,
    http: 422,
  },
  EDI_ERR_TRACES_VERIFY_NO_REFERENCES: { message: '{document} {number} carries no EUDR reference and verification number to verify', retriable: false, http: 422 },
});

export type TracesConnectorErrorCode = keyof typeof tracesConnectorErrors.defs;
