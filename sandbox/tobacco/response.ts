// The router's answer (reference README "Response"; CEH JsonManager.StandartResponse, which
// "mimics the secondary repository standard response"): Code, Message_Type, Error 0|1,
// Errors [{Error_Code, Error_Descr, Error_Data}] or null, Checksum (MD5 of the received body).
// Like CEH, Error is 1 whenever Errors is not empty, also on a 299 whose Errors hold only the
// late-report warning: clients must go by the HTTP status.
import type { RouterError } from './rules/index.js';

export interface RouterResponse {
  Code: string | null;
  Message_Type: string | null;
  Error: 0 | 1;
  Errors: RouterError[] | null;
  Checksum: string | null;
  [extra: string]: unknown;
}

export function routerResponse(code: string | null, messageType: string | null, checksum: string | null, errors: readonly RouterError[], extra: Record<string, unknown> = {}): RouterResponse {
  return {
    Code: code,
    Message_Type: messageType,
    Error: errors.length > 0 ? 1 : 0,
    Errors: errors.length > 0 ? [...errors] : null,
    Checksum: checksum,
    ...extra,
  };
}
