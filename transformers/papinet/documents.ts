// What each papiNet document looks like to the transformer: where its number, date, status
// and line items are, and the order of a line item's children (in step with
// schemas/papinet/*.xsd; a test compares them).
import type { PapinetDocumentKind } from '../../schemas/papinet/index.js';

export interface DocumentShape {
  kind: PapinetDocumentKind;
  root: string;
  header: string;
  /** The business key: DeliveryMessageNumber, DeliveryInstructionNumber, MeasuringTicketNumber. */
  number: string;
  date: string;
  typeAttr: string;
  statusAttr: string;
  contextAttr?: string;
  /** Reference element of this document (…Reference with @…ReferenceType and @AssignedBy). */
  reference: string;
  /** Elements from the root down to the line item. */
  lineItemPath: readonly string[];
  /** Index in lineItemPath of the sequence/shipment whose number identifies a line item too. */
  sequenceNumber?: { level: number; element: string };
  lineItemNumber: string;
  /** A line item's children in schema order. */
  lineItemOrder: readonly string[];
}

export const SAFETY_AND_ENVIRONMENTAL_INFORMATION = 'SafetyAndEnvironmentalInformation';

export const DOCUMENT_SHAPES: Readonly<Record<PapinetDocumentKind, DocumentShape>> = {
  DeliveryMessage: {
    kind: 'DeliveryMessage',
    root: 'DeliveryMessageWood',
    header: 'DeliveryMessageWoodHeader',
    number: 'DeliveryMessageNumber',
    date: 'DeliveryMessageDate',
    typeAttr: 'DeliveryMessageType',
    statusAttr: 'DeliveryMessageStatusType',
    contextAttr: 'DeliveryMessageContextType',
    reference: 'DeliveryMessageReference',
    lineItemPath: ['DeliveryMessageShipment', 'DeliveryMessageProductGroup', 'DeliveryShipmentLineItem'],
    lineItemNumber: 'DeliveryShipmentLineItemNumber',
    lineItemOrder: [
      'DeliveryShipmentLineItemNumber',
      'PurchaseOrderInformation',
      'PurchaseOrderLineItemNumber',
      'DeliveryMessageReference',
      'DocumentReferenceInformation',
      'CountryOfOrigin',
      'CountryOfDestination',
      'SafetyAndEnvironmentalInformation',
      'BillToParty',
      'Product',
      'Quantity',
      'InformationalQuantity',
      'AdditionalText',
    ],
  },
  DeliveryInstruction: {
    kind: 'DeliveryInstruction',
    root: 'DeliveryInstruction',
    header: 'DeliveryInstructionHeader',
    number: 'DeliveryInstructionNumber',
    date: 'DeliveryInstructionDate',
    typeAttr: 'DeliveryInstructionType',
    statusAttr: 'DeliveryInstructionStatusType',
    reference: 'DeliveryInstructionReference',
    lineItemPath: ['DeliveryInstructionSequence', 'DeliveryInstructionSequenceLineItem'],
    sequenceNumber: { level: 0, element: 'DeliveryInstructionSequenceNumber' },
    lineItemNumber: 'DeliveryInstructionSequenceLineItemNumber',
    lineItemOrder: [
      'DeliveryInstructionSequenceLineItemNumber',
      'DeliveryInstructionReference',
      'PurchaseOrderInformation',
      'Product',
      'SupplyPoint',
      'Quantity',
      'InformationalQuantity',
      'SafetyAndEnvironmentalInformation',
      'AdditionalText',
    ],
  },
  MeasuringTicket: {
    kind: 'MeasuringTicket',
    root: 'MeasuringTicket',
    header: 'MeasuringTicketHeader',
    number: 'MeasuringTicketNumber',
    date: 'MeasuringTicketDate',
    typeAttr: 'MeasuringTicketType',
    statusAttr: 'MeasuringTicketStatusType',
    reference: 'MeasuringTicketReference',
    lineItemPath: ['MeasuringTicketSequence', 'MeasuringTicketSequenceLineItem'],
    sequenceNumber: { level: 0, element: 'MeasuringTicketSequenceNumber' },
    lineItemNumber: 'MeasuringTicketSequenceLineItemNumber',
    lineItemOrder: [
      'MeasuringTicketSequenceLineItemNumber',
      'MeasuringTicketReference',
      'SafetyAndEnvironmentalInformation',
      'Product',
      'Quantity',
      'InformationalQuantity',
      'AdditionalText',
    ],
  },
};
