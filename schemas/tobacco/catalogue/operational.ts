// Operational (logistic) events, Reg. 2018/574 Annex II Chapter II Section 3: 3-1 EUA …
// 3-7 EVR. Field lists from the reference catalogue (CEH, KS, QW). Late-report warnings:
// SHIPMENT_WITHIN_24_HOURS for dispatch and trans-loading, OPERATION_WITHIN_24_HOURS for the
// others (CEH VAL_EVT_TIME / VAL_EVT_24H; CEH leaves ERP and EUD out, issue 5 covers every event).
import { c, m, o, uiListFields, type FieldSpec, type MessageSpec } from './types.js';

// Split address fields (Dentsu DD v1.3+ extension, CEH): optional beside the one-line address.
const splitAddress = (prefix: string): FieldSpec[] =>
  ['StreetOne', 'StreetTwo', 'City', 'PostCode'].map((part) => o(`${prefix}_Address_${part}`, 'text', { src: 'CEH (DD v1.3+)' }));

const transport: FieldSpec[] = [
  m('Transport_mode', 'integer', { enum: 'Transport_mode' }),
  m('Transport_vehicle', 'text'),
  m('Transport_cont1', 'boolean'),
  c('Transport_cont2', 'text', 'Transport_cont1', [1]),
];

const emcs: FieldSpec[] = [m('EMCS', 'boolean'), c('EMCS_ARC', 'text', 'EMCS', [1])];

export const EUA: MessageSpec = {
  type: 'EUA',
  annex: '3-1',
  name: 'Application of unit level UIs on unit packets',
  category: 'operational',
  src: 'CEH',
  lateWarning: 'OPERATION_WITHIN_24_HOURS',
  fields: [
    m('EO_ID', 'text'),
    m('F_ID', 'text'),
    m('Event_Time', 'time'),
    m('upUI_1', 'ui', { list: true, src: 'CEH (upUI(L), the printed code)' }),
    m('upUI_2', 'ui', { list: true, src: 'CEH (upUI(s) as issued)' }),
    o('upUI_comment', 'text'),
  ],
  parallelLists: [{ fields: ['upUI_1', 'upUI_2'], src: 'CEH (same order and length)' }],
};

export const EPA: MessageSpec = {
  type: 'EPA',
  annex: '3-2',
  name: 'Application of aggregated level UIs',
  category: 'operational',
  src: 'CEH,KS',
  lateWarning: 'OPERATION_WITHIN_24_HOURS',
  fields: [
    m('EO_ID', 'text'),
    m('F_ID', 'text'),
    m('Event_Time', 'time'),
    m('aUI', 'ui'),
    m('Aggregation_Type', 'integer', { enum: 'Aggregation_Type' }),
    c('Aggregated_UIs1', 'ui', 'Aggregation_Type', [1, 3], { list: true }),
    c('Aggregated_UIs2', 'ui', 'Aggregation_Type', [2, 3], { list: true }),
    o('aUI_comment', 'text'),
  ],
};

export const EDP: MessageSpec = {
  type: 'EDP',
  annex: '3-3',
  name: 'Dispatch of tobacco products from a facility',
  category: 'operational',
  src: 'CEH,KS',
  lateWarning: 'SHIPMENT_WITHIN_24_HOURS',
  fields: [
    m('EO_ID', 'text'),
    m('F_ID', 'text', { src: 'CEH,KS (dispatch facility)' }),
    m('Event_Time', 'time'),
    m('Destination_ID1', 'integer', { enum: 'EDP.Destination_ID1' }),
    c('Destination_ID2', 'text', 'Destination_ID1', [2]),
    c('Destination_ID3', 'text', 'Destination_ID1', [3], { list: true }),
    c('Destination_ID4', 'text', 'Destination_ID1', [4], { list: true }),
    c('Destination_ID5', 'text', 'Destination_ID1', [1]),
    ...splitAddress('Destination_ID5'),
    ...transport,
    m('Transport_s1', 'integer', { enum: 'Transport_s1' }),
    c('Transport_s2', 'text', 'Transport_s1', [1]),
    ...emcs,
    m('SAAD', 'boolean'),
    c('SAAD_number', 'text', 'SAAD', [1]),
    m('Exp_Declaration', 'boolean'),
    c('Exp_DeclarationNumber', 'text', 'Exp_Declaration', [1]),
    ...uiListFields(),
    o('Dispatch_comment', 'text'),
  ],
};

export const ERP: MessageSpec = {
  type: 'ERP',
  annex: '3-4',
  name: 'Arrival of tobacco products at a facility',
  category: 'operational',
  src: 'CEH,KS,QW',
  lateWarning: 'OPERATION_WITHIN_24_HOURS',
  fields: [
    m('EO_ID', 'text'),
    m('F_ID', 'text', { src: 'CEH,KS,QW (arrival facility)' }),
    m('Event_Time', 'time'),
    m('Product_Return', 'boolean'),
    ...uiListFields(),
    o('Arrival_comment', 'text'),
  ],
};

export const ETL: MessageSpec = {
  type: 'ETL',
  annex: '3-5',
  name: 'Trans-loading',
  category: 'operational',
  src: 'CEH,KS',
  lateWarning: 'SHIPMENT_WITHIN_24_HOURS',
  fields: [
    m('EO_ID', 'text'),
    m('Event_Time', 'time'),
    m('Destination_ID1', 'integer', { enum: 'ETL.Destination_ID1' }),
    c('Destination_ID2', 'text', 'Destination_ID1', [1]),
    c('Destination_ID3', 'text', 'Destination_ID1', [0]),
    ...splitAddress('Destination_ID3'),
    ...transport,
    ...emcs,
    ...uiListFields(),
    o('Transloading_comment', 'text'),
  ],
};

export const EUD: MessageSpec = {
  type: 'EUD',
  annex: '3-6',
  name: 'Disaggregation of aggregated level UIs',
  category: 'operational',
  src: 'CEH,KS',
  lateWarning: 'OPERATION_WITHIN_24_HOURS',
  fields: [m('EO_ID', 'text'), m('F_ID', 'text'), m('Event_Time', 'time'), m('aUI', 'ui'), o('disaUI_comment', 'text')],
};

export const EVR: MessageSpec = {
  type: 'EVR',
  annex: '3-7',
  name: 'Delivery carried out with a vending van to retail outlet',
  category: 'operational',
  src: 'CEH,KS',
  lateWarning: 'OPERATION_WITHIN_24_HOURS',
  fields: [
    m('EO_ID', 'text'),
    m('F_ID', 'text', { src: 'CEH,KS (retail outlet, MEM)' }),
    m('Event_Time', 'time'),
    ...uiListFields(),
    o('Delivery_comment', 'text'),
  ],
};
