// Requests to the ID issuer (Reg. 2018/574 Annex II Chapter II Section 2): 2-1 IRU unit
// level UIs, 2-2 IRA aggregated level UIs, 2-3 IDA deactivation. Field lists from the
// reference catalogue (CEH, PW).
import { c, m, o, type MessageSpec } from './types.js';

export const IRU: MessageSpec = {
  type: 'IRU',
  annex: '2-1',
  name: 'Request for unit level UIs',
  category: 'ui-request',
  src: 'CEH,PW',
  fields: [
    m('EO_ID', 'text'),
    m('F_ID', 'text'),
    // CEH carries an Event_Time on IRU; the catalogue does not list it: accepted, not required.
    o('Event_Time', 'time', { src: 'CEH' }),
    m('Process_Type', 'boolean', { src: 'CEH,PW (1 = machine used)' }),
    c('M_ID', 'text', 'Process_Type', [1]),
    m('P_Type', 'integer', { enum: 'P_Type' }),
    c('P_OtherType', 'text', 'P_Type', [11]),
    m('P_CN', 'text'),
    m('P_Brand', 'text'),
    m('P_weight', 'decimal', { min: 0 }),
    m('TP_ID', 'tpId'),
    m('TP_PN', 'text'),
    m('Intended_Market', 'country'),
    m('Intended_Route1', 'boolean'),
    c('Intended_Route2', 'country', 'Intended_Route1', [1], { list: true }),
    m('Import', 'boolean'),
    m('Req_Quantity', 'integer', { min: 1 }),
    o('P_OtherID', 'text'),
    o('Process_Immediately', 'boolean', { src: 'PW extension' }),
  ],
};

export const IRA: MessageSpec = {
  type: 'IRA',
  annex: '2-2',
  name: 'Request for aggregated level UIs',
  category: 'ui-request',
  src: 'PW,CEH',
  fields: [m('EO_ID', 'text'), m('F_ID', 'text'), m('Req_Quantity', 'integer', { min: 1 })],
};

export const IDA: MessageSpec = {
  type: 'IDA',
  annex: '2-3',
  name: 'Request for deactivation of UIs',
  category: 'ui-request',
  src: 'CEH',
  fields: [
    m('EO_ID', 'text'),
    // The catalogue lists Event_Time on IDA without saying M or O: accepted, not required.
    o('Event_Time', 'time'),
    m('Deact_Reason1', 'integer', { enum: 'Deact_Reason1' }),
    c('Deact_Reason2', 'text', 'Deact_Reason1', [6]),
    o('Deact_Reason3', 'text'),
    m('Deact_Type', 'integer', { enum: 'Deact_Type' }),
    c('Deact_upUI', 'ui', 'Deact_Type', [1], { list: true }),
    c('Deact_aUI', 'ui', 'Deact_Type', [2], { list: true }),
  ],
};
