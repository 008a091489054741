// The statement's internalReferenceNumber is derived from the request's edi-id, so that a
// statement can always be found again with getDdsByInternalReference before any resubmission
// (a crash between submit and receipt never creates a second statement — DESIGN.md,
// "Delivery guarantees"). InternalReferenceNumberType: at most 50 characters.
import { LIMITS } from '../../schemas/traces/v3/model.js';
import { eudrErrors } from './errors.js';

export function internalReferenceFor(ediId: string, prefix = 'EDI-'): string {
  const ref = `${prefix}${ediId}`;
  if (ediId.trim() === '' || ref.length > LIMITS.internalReferenceNumber) {
    throw eudrErrors.create('EDI_ERR_EUDR_STATEMENT_INVALID', { id: ediId, reason: `internal reference ${JSON.stringify(ref)} must be 1–${LIMITS.internalReferenceNumber} characters` });
  }
  return ref;
}
