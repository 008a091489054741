// One builder per TRACES V3 operation. Each checks what the XSD would refuse anyway (so a
// broken request fails here, with our words, rather than as a cvc- fault from TRACES) and
// returns the envelope to post. Source: xsd4-due-diligence-statement-v3,
// xsd3-verify-declaration-v3, Operator API Reference v1.0 §4.1.2 and §5.1.
import { GET_DDS_MAX_UUIDS, NS } from '../../../../schemas/traces/namespaces.js';
import { LIMITS, type DueDiligenceStatement, type OperatorRole } from '../../../../schemas/traces/v3/model.js';
import { PREFIX, writeStatement } from '../../../../schemas/traces/v3/statement-xml.js';
import { buildEnvelope, type EnvelopeOptions, type SoapRequest, type TracesCredentials } from './envelope.js';
import { tracesErrors } from './errors.js';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function invalid(operation: string, reason: string): never {
  throw tracesErrors.create('EDI_ERR_TRACES_REQUEST_INVALID', { operation, reason });
}

function checkUuid(operation: string, uuid: string): void {
  if (!UUID.test(uuid)) invalid(operation, `${JSON.stringify(uuid)} is not a UUID`);
}

function checkStatement(operation: string, s: DueDiligenceStatement): void {
  if (s.internalReferenceNumber !== undefined && s.internalReferenceNumber.length > LIMITS.internalReferenceNumber) {
    invalid(operation, `internalReferenceNumber is longer than ${LIMITS.internalReferenceNumber} characters`);
  }
  if (s.commodities.length === 0) invalid(operation, 'a statement needs at least one commodity');
  if (s.commodities.length > LIMITS.commodities) invalid(operation, `a statement may hold at most ${LIMITS.commodities} commodities`);
  if ((s.groupedDeclarations?.length ?? 0) > LIMITS.groupedDeclarations) invalid(operation, `at most ${LIMITS.groupedDeclarations} grouped declarations`);
  if (s.comment !== undefined && s.comment.length > LIMITS.comment) invalid(operation, `comment is longer than ${LIMITS.comment} characters`);
  s.commodities.forEach((k, i) => {
    if (!/^[0-9]{2,6}$/.test(k.hsHeading)) invalid(operation, `commodity ${i + 1}: hsHeading ${JSON.stringify(k.hsHeading)} is not 2–6 digits`);
    if (k.descriptors.descriptionOfGoods.length > LIMITS.descriptionOfGoods) invalid(operation, `commodity ${i + 1}: descriptionOfGoods is longer than ${LIMITS.descriptionOfGoods} characters`);
    if ((k.producers?.length ?? 0) > LIMITS.producers) invalid(operation, `commodity ${i + 1}: at most ${LIMITS.producers} producers`);
    if ((k.speciesInfo?.length ?? 0) > LIMITS.speciesInfo) invalid(operation, `commodity ${i + 1}: at most ${LIMITS.speciesInfo} species`);
  });
}

function checkNumbers(operation: string, referenceNumber: string, verificationNumber: string): void {
  if (referenceNumber.trim() === '' || referenceNumber.length > LIMITS.referenceNumber) invalid(operation, `reference number ${JSON.stringify(referenceNumber)} must be 1–${LIMITS.referenceNumber} characters`);
  if (verificationNumber.length < LIMITS.verificationNumberMin || verificationNumber.length > LIMITS.verificationNumberMax) {
    invalid(operation, `verification number must be ${LIMITS.verificationNumberMin}–${LIMITS.verificationNumberMax} characters`);
  }
}

const d = (name: string): string => `${PREFIX.dds}:${name}`;
const c = (name: string): string => `${PREFIX.common}:${name}`;

export function submitDdsRequest(credentials: TracesCredentials, operatorRole: OperatorRole, statement: DueDiligenceStatement, options?: EnvelopeOptions): SoapRequest {
  checkStatement('submitDds', statement);
  if (operatorRole === 'REPRESENTATIVE_OPERATOR' && statement.representedOperator === undefined) {
    invalid('submitDds', 'a REPRESENTATIVE_OPERATOR statement needs representedOperator (Operator API Reference §4.1.3)');
  }
  return buildEnvelope(
    'submitDds',
    credentials,
    (p) => {
      p.ele(NS.dds, d('operatorRole')).txt(operatorRole);
      writeStatement(p.ele(NS.dds, d('statement')), statement);
    },
    options,
  );
}

export function amendDdsRequest(credentials: TracesCredentials, uuid: string, statement: DueDiligenceStatement, options?: EnvelopeOptions): SoapRequest {
  checkUuid('amendDds', uuid);
  checkStatement('amendDds', statement);
  return buildEnvelope(
    'amendDds',
    credentials,
    (p) => {
      p.ele(NS.dds, d('uuid')).txt(uuid);
      writeStatement(p.ele(NS.dds, d('statement')), statement);
    },
    options,
  );
}

export function withdrawDdsRequest(credentials: TracesCredentials, uuid: string, options?: EnvelopeOptions): SoapRequest {
  checkUuid('withdrawDds', uuid);
  return buildEnvelope('withdrawDds', credentials, (p) => p.ele(NS.dds, d('uuid')).txt(uuid), options);
}

/** getDds takes 1–100 uuids per call (Operator API Reference §2.3.2). */
export function getDdsRequest(credentials: TracesCredentials, uuids: readonly string[], options?: EnvelopeOptions): SoapRequest {
  if (uuids.length === 0 || uuids.length > GET_DDS_MAX_UUIDS) invalid('getDds', `getDds takes 1–${GET_DDS_MAX_UUIDS} uuids, not ${uuids.length}`);
  uuids.forEach((u) => checkUuid('getDds', u));
  return buildEnvelope(
    'getDds',
    credentials,
    (p) => {
      for (const u of uuids) p.ele(NS.dds, d('uuidList')).txt(u);
    },
    options,
  );
}

export function getDdsByInternalReferenceRequest(credentials: TracesCredentials, internalReference: string, options?: EnvelopeOptions): SoapRequest {
  if (internalReference.trim() === '' || internalReference.length > LIMITS.internalReferenceNumber) {
    invalid('getDdsByInternalReference', `internal reference must be 1–${LIMITS.internalReferenceNumber} characters`);
  }
  return buildEnvelope('getDdsByInternalReference', credentials, (p) => p.ele(NS.dds, d('internalReference')).txt(internalReference), options);
}

export function getDdsByIdentifiersRequest(credentials: TracesCredentials, referenceNumber: string, verificationNumber: string, options?: EnvelopeOptions): SoapRequest {
  checkNumbers('getDdsByIdentifiers', referenceNumber, verificationNumber);
  return buildEnvelope(
    'getDdsByIdentifiers',
    credentials,
    (p) => {
      const pair = p.ele(NS.dds, d('referenceAndVerificationNumber'));
      pair.ele(NS.common, c('referenceNumber')).txt(referenceNumber);
      pair.ele(NS.common, c('verificationNumber')).txt(verificationNumber);
    },
    options,
  );
}

/** Verify V3 (EUDRVerifyDeclarationServiceV3): does this pair name a usable statement? */
export function verifyDeclarationRequest(credentials: TracesCredentials, referenceNumber: string, verificationNumber: string, options?: EnvelopeOptions): SoapRequest {
  checkNumbers('verifyDeclaration', referenceNumber, verificationNumber);
  return buildEnvelope(
    'verifyDeclaration',
    credentials,
    (p) => {
      p.ele(NS.verify, 'verify:referenceNumber').txt(referenceNumber);
      p.ele(NS.verify, 'verify:verificationNumber').txt(verificationNumber);
    },
    options,
  );
}

/** The echo service (acceptance only): checks credentials and envelope, answers a status. */
export function echoRequest(credentials: TracesCredentials, query: string, options?: EnvelopeOptions): SoapRequest {
  return buildEnvelope('testEcho', credentials, (p) => p.ele(NS.echo, 'echo:query').txt(query), options);
}
