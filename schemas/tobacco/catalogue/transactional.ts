// Transactional events, Reg. 2018/574 Annex II Chapter II Section 4: 4-1 EIV invoice,
// 4-2 EPO order number, 4-3 EPR payment. Field lists from the reference catalogue (CEH, KS, QW).
import { c, m, o, uiListFields, type FieldSpec, type MessageSpec } from './types.js';

/** A counterparty that is not a registered EO (…1 = 0): name, address, country, tax number. */
const unregisteredParty = (prefix: 'Buyer' | 'Payer', flag: string): FieldSpec[] => [
  c(`${prefix}_Name`, 'text', flag, [0]),
  c(`${prefix}_Address`, 'text', flag, [0]),
  ...['StreetOne', 'StreetTwo', 'City', 'PostCode'].map((part) => o(`${prefix}_Address_${part}`, 'text', { src: 'CEH (DD v1.3+)' })),
  c(`${prefix}_CountryReg`, 'country', flag, [0]),
  c(`${prefix}_TAX_N`, 'text', flag, [0]),
];

export const EIV: MessageSpec = {
  type: 'EIV',
  annex: '4-1',
  name: 'Issuing of the invoice',
  category: 'transactional',
  src: 'CEH,KS,QW',
  lateWarning: 'OPERATION_WITHIN_24_HOURS',
  fields: [
    m('EO_ID', 'text'),
    m('Event_Time', 'time'),
    m('Invoice_Type1', 'integer', { enum: 'Invoice_Type1' }),
    c('Invoice_Type2', 'text', 'Invoice_Type1', [3]),
    m('Invoice_Number', 'text'),
    m('Invoice_Date', 'date'),
    m('Invoice_Seller', 'text', { src: 'CEH,KS (EO_ID)' }),
    m('Invoice_Buyer1', 'boolean', { src: 'CEH,KS (1 = buyer is a registered EO)' }),
    c('Invoice_Buyer2', 'text', 'Invoice_Buyer1', [1]),
    ...unregisteredParty('Buyer', 'Invoice_Buyer1'),
    m('First_Seller_EU', 'boolean'),
    c('Product_Items_1', 'tpId', 'First_Seller_EU', [1], { list: true }),
    c('Product_Items_2', 'integer', 'First_Seller_EU', [1], { list: true, min: 1 }),
    c('Product_Price', 'decimal', 'First_Seller_EU', [1], { list: true }),
    m('Invoice_Net', 'decimal'),
    m('Invoice_Currency', 'currency'),
    ...uiListFields(),
    o('Invoice_comment', 'text'),
  ],
  parallelLists: [{ fields: ['Product_Items_1', 'Product_Items_2', 'Product_Price'], src: 'CEH (item TP_IDs, counts and unit prices)' }],
};

export const EPO: MessageSpec = {
  type: 'EPO',
  annex: '4-2',
  name: 'Issuing of the order number',
  category: 'transactional',
  src: 'CEH,KS',
  lateWarning: 'OPERATION_WITHIN_24_HOURS',
  fields: [
    m('EO_ID', 'text'),
    m('Event_Time', 'time'),
    m('Order_Number', 'text'),
    m('Order_Date', 'date'),
    ...uiListFields(),
    // Sources disagree on the spelling (CEH 'Comments', KS 'Order_comment'): both accepted.
    o('Order_comment', 'text', { aliases: ['Comments'], src: 'KS (CEH: Comments)' }),
  ],
};

export const EPR: MessageSpec = {
  type: 'EPR',
  annex: '4-3',
  name: 'Receipt of the payment',
  category: 'transactional',
  src: 'CEH',
  lateWarning: 'OPERATION_WITHIN_24_HOURS',
  fields: [
    m('EO_ID', 'text'),
    m('Event_Time', 'time'),
    m('Payment_Date', 'date'),
    m('Payment_Type', 'integer', { enum: 'Payment_Type' }),
    m('Payment_Amount', 'decimal'),
    m('Payment_Currency', 'currency'),
    m('Payment_Payer1', 'boolean', { src: 'CEH (1 = payer is a registered EO)' }),
    c('Payment_Payer2', 'text', 'Payment_Payer1', [1]),
    ...unregisteredParty('Payer', 'Payment_Payer1'),
    m('Payment_Recipient', 'text'),
    m('Payment_Invoice', 'boolean'),
    c('Invoice_Paid', 'text', 'Payment_Invoice', [1]),
    // UI_Type only when the payment is not for an invoice (the invoice already names the UIs).
    ...uiListFields({ field: 'Payment_Invoice', in: [0] }),
    o('Payment_comment', 'text'),
  ],
};
