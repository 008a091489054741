// The router's answer as a receipt on tobacco.receipts (key: the recall Code): what an operator
// and `edi tobacco recall` need later — the Code, the message it belongs to, the HTTP status
// (202, or 299 with its warnings kept) and the router's own answer.
import type { RouterAnswer, RouterError } from './router-client.js';

export interface TobaccoReceipt {
  Code: string;
  Message_Type: string;
  EO_ID: string | null;
  status: number;
  /** 299: the router's warnings (e.g. SHIPMENT_WITHIN_24_HOURS); [] on 202. */
  warnings: RouterError[];
  /** The Code was already recorded by the router (a resend it recognised). */
  duplicate: boolean;
  environment: string;
  url: string;
  /** MD5 of the exact bytes sent (X-OriginalHash); the router echoes it as Checksum. */
  checksum: string;
  ediId: string;
  answeredAt: string;
  response: RouterAnswer['body'];
}

export function receiptOf(answer: RouterAnswer, facts: Omit<TobaccoReceipt, 'status' | 'warnings' | 'response' | 'checksum' | 'answeredAt'>): TobaccoReceipt {
  return {
    ...facts,
    status: answer.status,
    warnings: answer.status === 299 ? [...(answer.body.Errors ?? [])] : [],
    checksum: answer.checksum,
    answeredAt: new Date().toISOString(),
    response: answer.body,
  };
}
