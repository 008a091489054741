// Who is reporting: the EO_ID must be a registered, active operator (EOID_NOT_EXIST_OR_ACTIVE,
// seen in real router answers, QW) and a reporting facility must be one of its own
// (FID_MISMATCH, as CEH answers for an F_ID it does not know).
import type { MessageType } from '../../../schemas/tobacco/index.js';
import { routerError, str, type RouterError, type RuleContext } from './context.js';

/** Messages whose F_ID is a facility of the reporting operator (EVR names a retail outlet). */
const OWN_FACILITY: ReadonlySet<MessageType> = new Set(['IRU', 'IRA', 'EUA', 'EPA', 'EDP', 'ERP', 'EUD']);

export function checkIdentity({ store, message }: RuleContext): RouterError[] {
  const eo = str(message, 'EO_ID');
  if (!store.operatorActive(eo)) return [routerError('EOID_NOT_EXIST_OR_ACTIVE', `EO_ID ${eo} is not a registered, active economic operator`, eo)];
  if (!OWN_FACILITY.has(message.Message_Type)) return [];
  const fId = str(message, 'F_ID');
  const facility = store.facility(fId);
  if (facility === undefined || facility.eo_id !== eo) {
    return [routerError('FID_MISMATCH', facility === undefined ? `F_ID ${fId} is not a registered facility` : `F_ID ${fId} is not a facility of EO_ID ${eo}`, fId)];
  }
  return [];
}
