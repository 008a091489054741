// Recall of requests, operational and transactional messages (Reg. 2018/574 Annex II
// Chapter II Section 5). Field list from the reference catalogue (CEH, KS).
import { c, m, o, type MessageSpec } from './types.js';

export const RCL: MessageSpec = {
  type: 'RCL',
  annex: '5',
  name: 'Recall of requests, operational and transactional messages',
  category: 'recall',
  src: 'CEH,KS',
  fields: [
    m('EO_ID', 'text'),
    m('Recall_CODE', 'text', { src: 'CEH,KS (Code of the message being recalled)' }),
    m('Recall_Reason1', 'integer', { enum: 'Recall_Reason1' }),
    c('Recall_Reason2', 'text', 'Recall_Reason1', [3]),
    o('Recall_Reason3', 'text'),
  ],
};
