// One SOAP request to the TRACES sandbox, start to end: parse (hardened), find the operation,
// authenticate (WS-Security, client id, BodyIdentity), validate the payload against the V3
// XSD, apply the business rules, and run the operation on the store. Lifecycle: a statement
// is SUBMITTED, then AVAILABLE with its numbers once availableAfterMs has passed (or REJECTED
// when its comment asks for it); it is promoted lazily on every request, so a restart loses
// nothing and no timer is needed.
import { randomUUID } from 'node:crypto';
import type { XmlElement } from 'libxml2-wasm';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { EdiError } from '../../lib/errors.js';
import { withXml } from '../../schemas/xml/parse.js';
import { NS, OPERATIONS, operationOfPayload, type TracesOperation, type TracesService } from '../../schemas/traces/namespaces.js';
import { soapParts } from '../../schemas/traces/soap.js';
import { validatePayload } from '../../schemas/traces/validate-payload.js';
import { child, childText, children } from '../../schemas/traces/xml-nav.js';
import type { TracesSchemas } from '../../schemas/traces/v3/schema-files.js';
import { TRACES_ERROR_CODES } from '../../schemas/traces/error-codes.js';
import { LIMITS, type DueDiligenceStatement, type EudrStatus, type OperatorRole } from '../../schemas/traces/v3/model.js';
import { PREFIX, readStatement, writeStatement } from '../../schemas/traces/v3/statement-xml.js';
import { cvcKey, echoFault, errorFault, serverFault, success, unauthenticatedFault, unmarshallingFault, type SoapAnswer } from './answers.js';
import { authenticate, bodyIdentityAllowed } from './auth.js';
import { newReferenceNumber, newVerificationNumber } from './numbers.js';
import type { TracesSandboxOptions, TracesUser } from './options.js';
import { checkStatementRules, type RuleError } from './rules.js';
import type { StatementRow, TracesStore } from './store.js';

export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

export interface TracesServiceDeps {
  store: TracesStore;
  schemas: TracesSchemas;
  options: TracesSandboxOptions;
  now: () => Date;
}

const SERVICE_NS: Record<TracesService, string> = { dds: NS.dds, verify: NS.verify, echo: NS.echo };

export class TracesSandboxService {
  constructor(private readonly deps: TracesServiceDeps) {}

  /** SUBMITTED statements whose delay has passed become AVAILABLE (or REJECTED). */
  promote(now = this.deps.now()): void {
    const { store, options } = this.deps;
    const t = now.getTime();
    store.transaction(() => {
      for (const row of store.due(t)) {
        const statement = JSON.parse(row.statement_json) as DueDiligenceStatement;
        if ((statement.comment ?? '').includes(options.rejectWhenCommentContains)) {
          store.reject(row.uuid, options.rejectionReason, t);
          continue;
        }
        for (let attempt = 0; ; attempt++) {
          const reference = newReferenceNumber(now, row.operator_country);
          if (store.byReference(reference) !== undefined && attempt < 10) continue;
          store.makeAvailable(row.uuid, reference, newVerificationNumber(), t);
          break;
        }
      }
    });
  }

  handle(service: TracesService, soapAction: string | undefined, body: Uint8Array): SoapAnswer {
    const now = this.deps.now();
    this.promote(now);
    try {
      return withXml(body, { maxBytes: MAX_REQUEST_BYTES, url: 'request.xml' }, (doc) => {
        const parts = soapParts(doc);
        if (parts === undefined || parts.payload === undefined) return unmarshallingFault(now, 'not a SOAP 1.1 envelope with a Body payload');
        const operation = operationOfPayload(parts.payload.namespaceUri, parts.payload.name);
        if (operation === undefined || OPERATIONS[operation].service !== service) {
          return unmarshallingFault(now, `cvc-elt.1.a: Cannot find the declaration of element '${parts.payload.name}' for this service`);
        }
        const action = soapAction?.replace(/^"|"$/g, '');
        if (action !== undefined && action !== '' && action !== OPERATIONS[operation].soapAction) {
          return serverFault(now, `The given SOAPAction ${action} does not match an operation.`);
        }
        const auth = authenticate(parts.header, { users: this.deps.options.users, now: now.getTime(), clockSkewMs: this.deps.options.clockSkewMs, store: this.deps.store });
        if (!auth.ok) return service === 'echo' ? echoFault(now, `Authentication failed: ${auth.reason}`) : unauthenticatedFault(now, SERVICE_NS[service], auth.reason);
        if (service === 'dds') {
          const identity = bodyIdentityAllowed(parts.header, auth.user);
          if (!identity.ok) return unauthenticatedFault(now, SERVICE_NS[service], identity.reason);
        }
        const schema = service === 'dds' ? this.deps.schemas.dds : service === 'verify' ? this.deps.schemas.verify : this.deps.schemas.echo;
        const issues = validatePayload(schema, parts.payload);
        if (issues.length > 0) return unmarshallingFault(now, `${cvcKey(issues[0]!.message)}: ${issues[0]!.message}`);
        return this.run(operation, parts.payload, auth.user, now);
      });
    } catch (err) {
      if (err instanceof EdiError && err.code.startsWith('EDI_ERR_XML_')) return unmarshallingFault(now, err.message);
      throw err;
    }
  }

  private run(operation: TracesOperation, payload: XmlElement, user: TracesUser, now: Date): SoapAnswer {
    switch (operation) {
      case 'submitDds':
        return this.submit(payload, user, now);
      case 'amendDds':
        return this.amend(payload, user, now);
      case 'withdrawDds':
        return this.withdraw(payload, user, now);
      case 'getDds':
        return this.overviews('getDds', children(payload, 'uuidList', NS.dds).map((e) => e.content.trim()).map((u) => this.deps.store.byUuid(u.toLowerCase()) ?? this.deps.store.byUuid(u)), user, now);
      case 'getDdsByInternalReference':
        return this.overviews('getDdsByInternalReference', this.deps.store.byInternalReference(user.username, childText(payload, 'internalReference', NS.dds) ?? ''), user, now);
      case 'getDdsByIdentifiers':
        return this.byIdentifiers(payload, user, now);
      case 'verifyDeclaration':
        return this.verify(payload, now);
      case 'testEcho':
        return success(now, NS.echo, 'EudrEchoResponse', (p) => p.ele(NS.echo, 'ns2:status').txt('OK'));
    }
  }

  private rulesFault(now: Date, errors: RuleError[]): SoapAnswer {
    return errorFault(now, NS.dds, 'BusinessRulesValidationException', errors, this.deps.options.errorCodeStyle);
  }

  private one(code: RuleError['code'], field: string, message: string = TRACES_ERROR_CODES[code]): RuleError[] {
    return [{ code, field, message }];
  }

  private submit(payload: XmlElement, user: TracesUser, now: Date): SoapAnswer {
    const role = (childText(payload, 'operatorRole', NS.dds) ?? 'OPERATOR') as OperatorRole;
    if (!user.roles.includes(role)) {
      return errorFault(now, NS.dds, 'PermissionDeniedException', this.one('EUDR_WEBSERVICE_USER_ACTIVITY_NOT_ALLOWED', 'operatorRole', `The user is claiming to use an EUDR role (${role}) that it does not have in TRACES NT`), this.deps.options.errorCodeStyle);
    }
    const statement = readStatement(child(payload, 'statement', NS.dds)!);
    const errors = checkStatementRules(statement, this.ruleContext(user, role));
    if (errors.length > 0) return this.rulesFault(now, errors);
    const uuid = randomUUID();
    const t = now.getTime();
    const internal = statement.internalReferenceNumber !== undefined && statement.internalReferenceNumber !== '' ? statement.internalReferenceNumber : newReferenceNumber(now, user.operator.country);
    const stored: DueDiligenceStatement = { ...statement, internalReferenceNumber: internal };
    this.deps.store.transaction(() => {
      this.deps.store.insert({
        uuid,
        username: user.username,
        operator_name: user.operator.name,
        operator_country: user.operator.country,
        declarant_name: statement.representedOperator?.operatorName ?? user.operator.name,
        role,
        internal_reference: internal,
        activity: statement.activityType,
        status: 'SUBMITTED',
        submitted_at: t,
        available_at: t + this.deps.options.availableAfterMs,
        updated_at: t,
        statement_json: JSON.stringify(stored),
      });
      // Referenced declarations receive GROUPED status (Operator API Reference §4.1.2).
      for (const ref of statement.groupedDeclarations ?? []) this.deps.store.group(ref, uuid, t);
    });
    if (this.deps.options.availableAfterMs === 0) this.promote(now);
    return success(now, NS.dds, 'SubmitDdsResponse', (p) => p.ele(NS.dds, 'ns5:uuid').txt(uuid));
  }

  private ownStatement(payload: XmlElement, user: TracesUser): StatementRow | undefined {
    const uuid = childText(payload, 'uuid', NS.dds) ?? '';
    const row = this.deps.store.byUuid(uuid.toLowerCase()) ?? this.deps.store.byUuid(uuid);
    // Another operator's statement is answered as if it did not exist.
    return row !== undefined && row.username === user.username ? row : undefined;
  }

  private windowClosed(row: StatementRow, now: Date): boolean {
    return now.getTime() - row.submitted_at > this.deps.options.amendWindowHours * 3_600_000;
  }

  private amend(payload: XmlElement, user: TracesUser, now: Date): SoapAnswer {
    const row = this.ownStatement(payload, user);
    if (row === undefined) return this.rulesFault(now, this.one('EUDR_API_NO_DDS', 'uuid'));
    if (row.status === 'GROUPED' || this.windowClosed(row, now)) return this.rulesFault(now, this.one('EUDR_API_AMEND_OR_WITHDRAW_DDS_NOT_POSSIBLE', 'uuid'));
    if (row.status !== 'AVAILABLE') return this.rulesFault(now, this.one('EUDR_API_AMEND_NOT_ALLOWED_FOR_STATUS', 'uuid', `${TRACES_ERROR_CODES.EUDR_API_AMEND_NOT_ALLOWED_FOR_STATUS} (status ${row.status})`));
    const statement = readStatement(child(payload, 'statement', NS.dds)!);
    if (statement.activityType !== row.activity) return this.rulesFault(now, this.one('EUDR_API_AMEND_ACTIVITY_TYPE_CHANGE_NOT_ALLOWED', 'activityType'));
    const errors = checkStatementRules(statement, this.ruleContext(user, row.role, row));
    if (errors.length > 0) return this.rulesFault(now, errors);
    const internal = statement.internalReferenceNumber !== undefined && statement.internalReferenceNumber !== '' ? statement.internalReferenceNumber : row.internal_reference;
    this.deps.store.amend(row.uuid, { ...statement, internalReferenceNumber: internal }, internal, statement.representedOperator?.operatorName ?? user.operator.name, now.getTime());
    return this.modification(now, 'AmendDdsResponse', row.uuid, 'AVAILABLE');
  }

  private withdraw(payload: XmlElement, user: TracesUser, now: Date): SoapAnswer {
    const row = this.ownStatement(payload, user);
    if (row === undefined) return this.rulesFault(now, this.one('EUDR_API_NO_DDS', 'uuid'));
    if (row.status === 'GROUPED' || this.windowClosed(row, now)) return this.rulesFault(now, this.one('EUDR_API_AMEND_OR_WITHDRAW_DDS_NOT_POSSIBLE', 'uuid'));
    if (row.status !== 'SUBMITTED' && row.status !== 'AVAILABLE') {
      return this.rulesFault(now, this.one('EUDR_API_AMEND_OR_WITHDRAW_NOT_ALLOWED_FOR_STATUS', 'uuid', `${TRACES_ERROR_CODES.EUDR_API_AMEND_OR_WITHDRAW_NOT_ALLOWED_FOR_STATUS} (status ${row.status})`));
    }
    this.deps.store.transaction(() => {
      this.deps.store.setStatus(row.uuid, 'WITHDRAWN', now.getTime());
      this.deps.store.ungroup(row.uuid, now.getTime());
    });
    return this.modification(now, 'WithdrawDdsResponse', row.uuid, 'WITHDRAWN');
  }

  private modification(now: Date, element: string, uuid: string, status: EudrStatus): SoapAnswer {
    return success(now, NS.dds, element, (p) => {
      p.ele(NS.dds, 'ns5:uuid').txt(uuid);
      p.ele(NS.dds, 'ns5:status').txt(status);
    });
  }

  private overviews(op: 'getDds' | 'getDdsByInternalReference', rows: Array<StatementRow | undefined>, user: TracesUser, now: Date): SoapAnswer {
    const own = rows.filter((r): r is StatementRow => r !== undefined && r.username === user.username).slice(0, 100);
    return success(now, NS.dds, OPERATIONS[op].response, (p) => {
      for (const r of own) writeOverview(p.ele(NS.dds, 'ns5:ddsOverviewList'), r);
    });
  }

  private checkNumbers(reference: string, verification: string): RuleError[] {
    const errors: RuleError[] = [];
    for (const [field, v, max] of [['referenceNumber', reference, LIMITS.referenceNumber], ['verificationNumber', verification, LIMITS.verificationNumberMax]] as const) {
      if (v.trim() === '') errors.push(...this.one('EUDR_NUMBER_EMPTY', field));
      else if (!/^[A-Za-z0-9]+$/.test(v)) errors.push(...this.one('EUDR_NUMBER_INVALID', field));
      else if (v.length > max) errors.push(...this.one('EUDR_NUMBER_TOO_LONG', field));
    }
    return errors;
  }

  private byIdentifiers(payload: XmlElement, user: TracesUser, now: Date): SoapAnswer {
    const pair = child(payload, 'referenceAndVerificationNumber', NS.dds)!;
    const reference = childText(pair, 'referenceNumber', NS.common) ?? '';
    const verification = childText(pair, 'verificationNumber', NS.common) ?? '';
    const errors = this.checkNumbers(reference, verification);
    if (errors.length > 0) return this.rulesFault(now, errors);
    const row = this.deps.store.byReference(reference);
    if (row === undefined || row.verification_number !== verification || (row.status !== 'AVAILABLE' && row.status !== 'ARCHIVED')) {
      return errorFault(now, NS.dds, 'NotFoundException', this.one('EUDR_WEBSERVICE_STATEMENT_NOT_FOUND', 'referenceNumber', 'Data not found.'), this.deps.options.errorCodeStyle);
    }
    const statement = JSON.parse(row.statement_json) as DueDiligenceStatement;
    // Confidential geolocation is not disclosed down the supply chain (geoLocationConfidential).
    const shown: DueDiligenceStatement =
      statement.geoLocationConfidential && row.username !== user.username ? { ...statement, commodities: statement.commodities.map((k) => ({ ...k, producers: undefined })) } : statement;
    return success(now, NS.dds, 'GetDdsByIdentifiersResponse', (p) => {
      const el = p.ele(NS.dds, 'ns5:statement', { [`xmlns:${PREFIX.dds}`]: NS.dds, [`xmlns:${PREFIX.common}`]: NS.common });
      writeStatement(el, withoutUndefined(shown));
    });
  }

  private verify(payload: XmlElement, now: Date): SoapAnswer {
    const reference = childText(payload, 'referenceNumber', NS.verify) ?? '';
    const verification = childText(payload, 'verificationNumber', NS.verify) ?? '';
    const errors = this.checkNumbers(reference, verification);
    if (errors.length > 0) return errorFault(now, NS.verify, 'BusinessRulesValidationException', errors, this.deps.options.errorCodeStyle);
    const row = this.deps.store.byReference(reference);
    const found = row !== undefined && row.verification_number === verification;
    const usable = found && this.deps.options.usableStatuses.includes(row.status);
    return success(now, NS.verify, 'VerifyDeclarationResponse', (p) => {
      p.ele(NS.verify, 'ns4:result').txt(!found ? 'NON_EXISTENT' : usable ? 'EXISTING_USABLE' : 'EXISTING_NON_USABLE');
      if (found) p.ele(NS.verify, 'ns4:status').txt(row.status);
      p.ele(NS.verify, 'ns4:dateTime').txt(now.toISOString());
    });
  }

  private ruleContext(user: TracesUser, role: OperatorRole, self?: StatementRow): Parameters<typeof checkStatementRules>[1] {
    const ctx: Parameters<typeof checkStatementRules>[1] = {
      user,
      role,
      maxPercentageEstimation: this.deps.options.maxPercentageEstimation,
      lookupReference: (ref) => this.deps.store.byReference(ref),
    };
    if (self !== undefined) ctx.self = self;
    return ctx;
  }
}

function writeOverview(el: XMLBuilder, r: StatementRow): void {
  const c = (name: string, value: string): void => void el.ele(NS.common, `ns3:${name}`).txt(value);
  c('uuid', r.uuid);
  c('internalReferenceNumber', r.internal_reference);
  if (r.reference_number !== null && r.status !== 'SUBMITTED') c('referenceNumber', r.reference_number);
  if (r.verification_number !== null && r.status !== 'SUBMITTED') c('verificationNumber', r.verification_number);
  c('status', r.status);
  if (r.rejection_reason !== null) c('rejectionReason', r.rejection_reason);
  c('date', new Date(r.updated_at).toISOString());
  c('updatedBy', r.username);
  c('version', String(r.version));
}

function withoutUndefined(s: DueDiligenceStatement): DueDiligenceStatement {
  return JSON.parse(JSON.stringify(s)) as DueDiligenceStatement;
}
