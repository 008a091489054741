// The EUDR reference step (transformer.eudr-references): papiNet documents on papinet.valid that
// name felling affirmations without their due diligence statements' numbers ask for one
// statement (eudr.statements.requested), wait parked in the state store for its receipt
// (eudr.statements.receipts), are enriched (transformers/papinet/enrich.ts) and go on to
// papinet.outbound for the receiving party (issue "Carrying references to the mill").
//
// Every change of state is committed in one produce with the records it causes (the request,
// the enriched document, the DLQ record), so a crash anywhere leaves either all or nothing, and
// a redelivered record finds the state it left. One instance per component id (the state
// store's compare-and-set holds for one writer); the handlers run one at a time.
import { parseDuration } from '../../lib/duration.js';
import { toEdiError, type EdiError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { parseSize } from '../../lib/size.js';
import type { RecordBatch, Subscription } from '../../topics/bus.js';
import { defineComponent, type ComponentContext } from '../../topics/component.js';
import { dlqRecord } from '../../topics/dlq.js';
import { H } from '../../topics/headers.js';
import { derivedRecord, intakeRecord, type BusRecord, type OutgoingRecord } from '../../topics/record.js';
import type { StateWrite } from '../../topics/state-store.js';
import type { TrackingEvent } from '../../topics/tracking.js';
import { compilePapinetSchemas, projectPapinetSchemas, type PapinetSchemas } from '../../schemas/papinet/index.js';
import { STATEMENT_CONTENT_TYPE, STATEMENT_REQUEST_SCHEMA, statementRequestSchema, type StatementRequest } from '../eudr/statement-request.js';
import { checkPapinet, type PapinetContext } from '../papinet/check.js';
import { enrichPapinet, type AffirmationReference } from '../papinet/enrich.js';
import { papinetHeaders, PH } from '../papinet/headers.js';
import { compilePapinetOptions } from '../papinet/options.js';
import { partyHeaders, partyId, PARTY_HEADERS } from '../papinet/party-headers.js';
import { missingEudrReferences, type PapinetSummary } from '../papinet/summary.js';
import { PAPINET_CONTENT_TYPE } from '../papinet/transform.js';
import { eudrReferenceErrors } from './errors.js';
import { pendingStatements, stateKey, type AffirmationCover, type ParkedDocument, type StatementState, type StatementStatus } from './parking.js';
import { readRecordAt } from './read-at.js';
import { eudrReferencesSpec, type EudrReferencesConfig, type Mandate } from './spec.js';

const STEP = 'eudr-references';

interface Outcome {
  records: OutgoingRecord[];
  state: StateWrite[];
}

export const eudrReferencesStep = defineComponent({
  spec: eudrReferencesSpec,
  create(config, ctx) {
    return new EudrReferenceStep(config, ctx);
  },
});

class EudrReferenceStep {
  private subscription: Subscription | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly papinet: PapinetContext;
  private readonly schemas: PapinetSchemas;
  private readonly maxWaitMs: number;
  private readonly sweepMs: number;
  private readonly documents: ReadonlySet<string>;
  private readonly rejections: ReadonlySet<string>;
  private parkedCount = 0;

  constructor(
    private readonly config: EudrReferencesConfig,
    private readonly ctx: ComponentContext,
  ) {
    this.schemas = config.officialSchemas === undefined ? projectPapinetSchemas() : compilePapinetSchemas({ official: config.officialSchemas });
    const fa = config.fellingAffirmation;
    this.papinet = {
      schemas: this.schemas,
      options: compilePapinetOptions({
        maxBytes: parseSize(config.maxDocumentSize),
        eudrEncoding: config.eudrEncoding,
        fellingAffirmation: {
          ...(fa.referenceType !== undefined ? { referenceType: fa.referenceType } : {}),
          ...(fa.assignedBy !== undefined ? { assignedBy: fa.assignedBy } : {}),
          ...(fa.partyIdentifierType !== undefined ? { partyIdentifierType: fa.partyIdentifierType } : {}),
        },
      }),
    };
    this.maxWaitMs = parseDuration(config.maxWait);
    this.sweepMs = parseDuration(config.sweepInterval);
    this.documents = new Set(config.documents);
    this.rejections = new Set(config.rejections);
  }

  async start(): Promise<void> {
    this.parkedCount = (await this.ctx.state.scan(stateKey.parkedPrefix)).length;
    this.subscription = await this.ctx.bus.subscribe({
      group: this.ctx.id,
      topics: [...new Set([...this.config.input, this.config.receipts, ...this.config.rejections])],
      handler: (batch) => this.serialised(() => this.handle(batch)),
      maxBatchRecords: this.config.maxBatchRecords,
    });
    // Documents parked before a restart time out from their stored deadline.
    this.sweeper = setInterval(() => void this.serialised(() => this.sweep()).catch((err) => this.ctx.log.warn({ err }, 'sweeping waiting documents failed')), this.sweepMs);
    this.sweeper.unref();
    void this.serialised(() => this.sweep()).catch((err) => this.ctx.log.warn({ err }, 'sweeping waiting documents failed'));
  }

  async stop(): Promise<void> {
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
    await this.subscription?.close();
    await this.queue.catch(() => undefined);
    if (this.config.officialSchemas !== undefined) this.schemas.dispose();
  }

  describe(): Record<string, unknown> {
    return { input: this.config.input, output: this.config.output, receipts: this.config.receipts, maxWait: this.config.maxWait, clients: Object.keys(this.config.clients), parked: this.parkedCount };
  }

  /** One handler at a time: documents, receipts, rejections and the sweep share the state. */
  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async handle(batch: RecordBatch): Promise<void> {
    const started = Date.now();
    for (const record of batch.records) {
      let outcome: Outcome;
      if (batch.topic === this.config.receipts) outcome = await this.onReceipt(record);
      else if (this.rejections.has(batch.topic)) outcome = await this.onRejection(record);
      else outcome = await this.onDocument(record);
      if (outcome.records.length > 0 || outcome.state.length > 0) await this.ctx.bus.produce(outcome.records, { state: outcome.state });
    }
    if (this.config.input.includes(batch.topic)) {
      this.ctx.metrics.recordsIn(batch.records.length);
      this.ctx.metrics.stepLatency((Date.now() - started) / Math.max(1, batch.records.length));
    }
  }

  // ------------------------------------------------------------------ documents

  private async onDocument(record: BusRecord): Promise<Outcome> {
    const id = record.headers[H.id] ?? `${record.topic}:${record.partition}:${record.offset}`;
    const kind = record.headers[PH.document];
    const eudr = record.headers[PH.eudr];
    // The transformer's headers say when nothing is to be done; without them the XML decides.
    if ((kind !== undefined && !this.documents.has(kind)) || eudr === 'none' || eudr === 'complete') return this.passOn(record, id, 'nothing to add');
    // A cancelled document moves no timber: it goes to the receiver as it is, and no statement is made for it.
    if (record.headers[PH.status] === 'Cancelled') return this.passOn(record, id, 'cancelled: no statement');

    const checked = checkPapinet(record.value, this.papinet);
    if (!checked.ok) return this.toDlq(record, id, checked.error);
    const summary = checked.summary;
    if (!this.documents.has(summary.document)) return this.passOn(record, id, 'nothing to add');
    if (summary.status === 'Cancelled') return this.passOn(record, id, 'cancelled: no statement');
    const missing = missingEudrReferences(summary).map((m) => m.affirmation);
    if (missing.length === 0) return this.passOn(record, id, 'nothing to add');

    const described = { document: summary.document, number: summary.number, affirmations: missing.join(', ') };
    const client = record.headers[PARTY_HEADERS.supplier] ?? partyId(summary.parties.supplier);
    if (client === undefined) return this.toDlq(record, id, eudrReferenceErrors.create('EDI_ERR_EUDR_REFS_NO_SUPPLIER', described));
    const mandate = this.config.clients[client];
    if (mandate === undefined) return this.toDlq(record, id, eudrReferenceErrors.create('EDI_ERR_EUDR_REFS_NO_MANDATE', { ...described, supplier: client }));

    // A redelivery of a document already waiting changes nothing.
    if ((await this.ctx.state.get(stateKey.parked(id))) !== undefined) return { records: [], state: [] };

    const statements: Record<string, string> = {};
    const known = new Map<string, StatementState>();
    const uncovered: string[] = [];
    for (const affirmation of missing) {
      const cover = (await this.ctx.state.get<AffirmationCover>(stateKey.cover(client, affirmation)))?.value;
      const statement = cover === undefined ? undefined : (await this.ctx.state.get<StatementState>(stateKey.statement(cover.statement)))?.value;
      if (statement === undefined || statement.status === 'rejected') {
        uncovered.push(affirmation);
        continue;
      }
      statements[affirmation] = statement.id;
      known.set(statement.id, statement);
    }

    const out: Outcome = { records: [], state: [] };
    const now = new Date();
    if (uncovered.length > 0) {
      const requested = this.statementRequest(record, id, summary, client, mandate, uncovered, now);
      if (!requested.ok) return this.toDlq(record, id, eudrReferenceErrors.create('EDI_ERR_EUDR_REFS_REQUEST_INVALID', { ...described, reason: requested.reason }));
      const statement: StatementState = {
        id: requested.request.id,
        client,
        affirmations: uncovered,
        status: 'requested',
        requestedAt: now.toISOString(),
        requestedBy: `${summary.document} ${summary.number}`,
      };
      known.set(statement.id, statement);
      out.records.push(requested.record);
      out.records.push(this.ctx.trackingRecord({ id: statement.id, step: 'request', status: 'ok', topic: this.config.requests, key: statement.id, refs: { affirmations: uncovered.join(','), document: summary.number, client } }));
      out.state.push(this.write(stateKey.statement(statement.id), statement));
      for (const affirmation of uncovered) {
        statements[affirmation] = statement.id;
        out.state.push(this.write(stateKey.cover(client, affirmation), { statement: statement.id } satisfies AffirmationCover));
      }
      this.ctx.log.info({ id, statement: statement.id, affirmations: uncovered, document: summary.number }, 'due diligence statement requested');
    }

    const pending = pendingStatements({ statements }, (s) => known.get(s)?.status);
    if (pending.length === 0) {
      const released = this.enriched(record, id, statements, (s) => known.get(s));
      return { records: [...out.records, ...released.records], state: [...out.state, ...released.state] };
    }
    const parked: ParkedDocument = {
      id,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      document: summary.document,
      number: summary.number,
      client,
      statements,
      parkedAt: now.toISOString(),
      deadline: now.getTime() + this.maxWaitMs,
    };
    out.state.push(this.write(stateKey.parked(id), parked));
    for (const s of pending) out.state.push(this.write(stateKey.waiting(s, id), 1));
    out.records.push(this.track({ id, status: 'waiting', topic: record.topic, key: summary.number, message: `waiting for statement(s) ${pending.join(', ')}`, refs: { statements: pending.join(','), affirmations: missing.join(',') } }));
    this.parkedCount++;
    return out;
  }

  private statementRequest(
    record: BusRecord,
    id: string,
    summary: PapinetSummary,
    client: string,
    mandate: Mandate,
    affirmations: string[],
    now: Date,
  ): { ok: true; request: StatementRequest; record: OutgoingRecord } | { ok: false; reason: string } {
    const { operatorRole, account, ...party } = mandate;
    const candidate = {
      id: newId(),
      client: { id: client, ...party },
      ...(operatorRole !== undefined ? { operatorRole } : {}),
      ...(account !== undefined ? { account } : {}),
      affirmations,
      origin: { kind: 'papinet', document: summary.document, number: summary.number, ediId: id },
      requestedAt: now.toISOString(),
    };
    const parsed = statementRequestSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, reason: `${issue.path.join('.') || 'request'}: ${issue.message}` };
    }
    const request = parsed.data;
    const out = intakeRecord({
      topic: this.config.requests,
      key: request.id,
      value: Buffer.from(JSON.stringify(request)),
      // The statement is a new business object: its own edi-id (= its id), correlated with the document.
      id: request.id,
      source: `${this.ctx.id}:${summary.document} ${summary.number}`,
      contentType: STATEMENT_CONTENT_TYPE,
      schema: STATEMENT_REQUEST_SCHEMA,
      correlationId: record.headers[H.correlationId] ?? id,
    }, now);
    return { ok: true, request, record: out };
  }

  // ------------------------------------------------------------------ receipts and rejections

  private async onReceipt(record: BusRecord): Promise<Outcome> {
    const receipt = parseJson(record.value) as { id?: unknown; status?: unknown; referenceNumber?: unknown; verificationNumber?: unknown } | undefined;
    const statementId = typeof receipt?.id === 'string' ? receipt.id : record.key;
    if (statementId === null || receipt === undefined) return { records: [], state: [] };
    const entry = await this.ctx.state.get<StatementState>(stateKey.statement(statementId));
    // Not ours (the reference desk's), or already settled (a redelivery, or compaction's copy).
    if (entry === undefined || entry.value.status !== 'requested') return { records: [], state: [] };
    if (typeof receipt.referenceNumber !== 'string' || typeof receipt.verificationNumber !== 'string') {
      this.ctx.log.warn({ statement: statementId }, 'receipt without reference and verification numbers ignored');
      return { records: [], state: [] };
    }
    const statement: StatementState = {
      ...entry.value,
      status: 'available',
      referenceNumber: receipt.referenceNumber,
      verificationNumber: receipt.verificationNumber,
      decidedAt: new Date().toISOString(),
    };
    const out: Outcome = { records: [], state: [this.write(stateKey.statement(statementId), statement)] };
    const statuses = new Map<string, StatementState>([[statementId, statement]]);
    const lookup = async (s: string): Promise<StatementState | undefined> => {
      if (!statuses.has(s)) {
        const v = (await this.ctx.state.get<StatementState>(stateKey.statement(s)))?.value;
        if (v !== undefined) statuses.set(s, v);
      }
      return statuses.get(s);
    };
    for (const [key] of await this.ctx.state.scan(stateKey.waitingPrefix(statementId))) {
      const docId = key.slice(stateKey.waitingPrefix(statementId).length);
      out.state.push(this.write(key, undefined));
      const parked = (await this.ctx.state.get<ParkedDocument>(stateKey.parked(docId)))?.value;
      if (parked === undefined) continue;
      for (const s of Object.values(parked.statements)) await lookup(s);
      if (pendingStatements(parked, (s) => statuses.get(s)?.status).length > 0) continue;
      const doc = await readRecordAt(this.ctx.bus, parked);
      const released = doc === undefined ? this.documentGone(parked) : this.enriched(doc, parked.id, parked.statements, (s) => statuses.get(s));
      out.records.push(...released.records);
      out.state.push(...released.state, ...this.unpark(parked, statementId));
    }
    this.ctx.log.info({ statement: statementId, referenceNumber: statement.referenceNumber }, 'statement receipt: waiting documents released');
    return out;
  }

  private async onRejection(record: BusRecord): Promise<Outcome> {
    const value = parseJson(record.value) as { id?: unknown; request?: { id?: unknown } } | undefined;
    const candidates = [record.headers[H.id], typeof value?.id === 'string' ? value.id : undefined, typeof value?.request?.id === 'string' ? value.request.id : undefined, record.key ?? undefined];
    let entry: StatementState | undefined;
    for (const c of new Set(candidates.filter((c): c is string => c !== undefined))) {
      entry = (await this.ctx.state.get<StatementState>(stateKey.statement(c)))?.value;
      if (entry !== undefined) break;
    }
    if (entry === undefined || entry.status !== 'requested') return { records: [], state: [] };
    const statement: StatementState = {
      ...entry,
      status: 'rejected',
      code: record.headers[H.errorCode] ?? 'unknown',
      reason: record.headers[H.errorMessage] ?? 'rejected without a reason',
      decidedAt: new Date().toISOString(),
    };
    const out: Outcome = { records: [], state: [this.write(stateKey.statement(statement.id), statement)] };
    // A later document (or an operator's replay of this one) asks for a new statement.
    for (const affirmation of statement.affirmations) {
      const cover = (await this.ctx.state.get<AffirmationCover>(stateKey.cover(statement.client, affirmation)))?.value;
      if (cover?.statement === statement.id) out.state.push(this.write(stateKey.cover(statement.client, affirmation), undefined));
    }
    for (const [key] of await this.ctx.state.scan(stateKey.waitingPrefix(statement.id))) {
      const docId = key.slice(stateKey.waitingPrefix(statement.id).length);
      out.state.push(this.write(key, undefined));
      const parked = (await this.ctx.state.get<ParkedDocument>(stateKey.parked(docId)))?.value;
      if (parked === undefined) continue;
      const error = eudrReferenceErrors.create(
        'EDI_ERR_EUDR_REFS_REJECTED',
        { document: parked.document, number: parked.number, statement: statement.id, affirmations: statement.affirmations.join(', '), reason: `${statement.code}: ${statement.reason}` },
        { detail: { statement: statement.id, rejectionCode: statement.code } },
      );
      out.records.push(...(await this.parkedToDlq(parked, error)));
      out.state.push(...this.unpark(parked, statement.id));
    }
    this.ctx.log.info({ statement: statement.id, code: statement.code }, 'statement rejected: waiting documents sent to the DLQ');
    return out;
  }

  /** Documents waiting longer than maxWait go to the DLQ, one produce each. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    const parked = await this.ctx.state.scan<ParkedDocument>(stateKey.parkedPrefix);
    this.parkedCount = parked.length;
    for (const [, { value: p }] of parked) {
      if (p.deadline > now || this.ctx.signal.aborted) continue;
      const pending: string[] = [];
      for (const s of new Set(Object.values(p.statements))) {
        const st = (await this.ctx.state.get<StatementState>(stateKey.statement(s)))?.value;
        if (st?.status !== 'available') pending.push(s);
      }
      const error = eudrReferenceErrors.create('EDI_ERR_EUDR_REFS_TIMEOUT', {
        document: p.document,
        number: p.number,
        statements: pending.join(', '),
        affirmations: Object.keys(p.statements).join(', '),
        maxWait: String(this.config.maxWait),
      });
      await this.ctx.bus.produce(await this.parkedToDlq(p, error), { state: this.unpark(p) });
    }
  }

  // ------------------------------------------------------------------ outputs

  private passOn(record: BusRecord, id: string, why: string): Outcome {
    const out: OutgoingRecord = { topic: this.config.output, key: record.key, value: record.value, headers: { ...record.headers } };
    this.ctx.metrics.recordsOut(1);
    return { records: [out, this.track({ id, status: 'ok', topic: record.topic, key: record.key, message: why })], state: [] };
  }

  /** The document with every statement's numbers, for papinet.outbound; or to the DLQ if enrichment fails. */
  private enriched(record: BusRecord, id: string, statements: Record<string, string>, statement: (id: string) => StatementState | undefined): Outcome {
    const refs: AffirmationReference[] = [];
    for (const [affirmation, s] of Object.entries(statements)) {
      const st = statement(s);
      if (st?.referenceNumber === undefined || st.verificationNumber === undefined) continue;
      refs.push({ affirmation, referenceNumber: st.referenceNumber, verificationNumber: st.verificationNumber });
    }
    let result: ReturnType<typeof enrichPapinet>;
    try {
      result = enrichPapinet(record.value, refs, this.papinet);
    } catch (err) {
      return this.toDlq(record, id, toEdiError(err, 'adding EUDR references'));
    }
    const inherited: Record<string, string> = {};
    for (const [k, v] of Object.entries(record.headers)) if (k !== H.contentType && k !== H.sha256) inherited[k] = v;
    const out = derivedRecord(record, {
      topic: this.config.output,
      key: result.summary.number,
      value: result.bytes,
      contentType: PAPINET_CONTENT_TYPE,
      ...(record.headers[H.schema] !== undefined ? { schema: record.headers[H.schema] } : {}),
      headers: { ...inherited, ...papinetHeaders(result.summary), ...partyHeaders(result.summary) },
    });
    const numbers = [...new Set(refs.map((r) => r.referenceNumber))];
    const tracked = this.track({ id, status: 'ok', topic: record.topic, key: result.summary.number, refs: { referenceNumbers: numbers.join(','), verificationNumbers: [...new Set(refs.map((r) => r.verificationNumber))].join(','), lineItems: String(result.added.length) } });
    this.ctx.metrics.recordsOut(1);
    return { records: [out, tracked], state: [] };
  }

  private toDlq(record: BusRecord, id: string, error: EdiError): Outcome {
    this.ctx.metrics.recordsFailed(1);
    this.ctx.log.info({ id, code: error.code, msg: error.message }, 'document sent to the DLQ');
    return {
      records: [dlqRecord(record, this.config.dlq, error, STEP), this.track({ id, status: 'error', topic: record.topic, key: record.key, errorCode: error.code, message: error.message })],
      state: [],
    };
  }

  private async parkedToDlq(parked: ParkedDocument, error: EdiError): Promise<OutgoingRecord[]> {
    const doc = await readRecordAt(this.ctx.bus, parked);
    if (doc === undefined) return this.documentGone(parked).records;
    return this.toDlq(doc, parked.id, error).records;
  }

  /** The pointer outlived the record (retention): the DLQ gets what we know, and an operator an alert. */
  private documentGone(parked: ParkedDocument): Outcome {
    const error = eudrReferenceErrors.create('EDI_ERR_EUDR_REFS_DOCUMENT_GONE', { document: parked.document, number: parked.number, topic: parked.topic, partition: parked.partition, offset: parked.offset });
    void this.ctx.alert({ code: error.code, message: error.message, detail: { id: parked.id } });
    const placeholder: BusRecord = { topic: parked.topic, partition: parked.partition, offset: parked.offset, key: parked.number, value: Buffer.alloc(0), headers: { [H.id]: parked.id }, timestamp: Date.now() };
    return this.toDlq(placeholder, parked.id, error);
  }

  /** State writes removing a parked document and its index entries (but `except`'s, removed by the caller). */
  private unpark(parked: ParkedDocument, except?: string): StateWrite[] {
    const writes = [this.write(stateKey.parked(parked.id), undefined)];
    for (const s of new Set(Object.values(parked.statements))) if (s !== except) writes.push(this.write(stateKey.waiting(s, parked.id), undefined));
    this.parkedCount = Math.max(0, this.parkedCount - 1);
    return writes;
  }

  private write(key: string, value: unknown): StateWrite {
    return { namespace: this.ctx.state.namespace, key, value };
  }

  private track(e: Omit<TrackingEvent, 'at' | 'component' | 'step'>): OutgoingRecord {
    return this.ctx.trackingRecord({ ...e, step: STEP });
  }
}

function parseJson(value: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(value.toString('utf8'));
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export type { StatementStatus };
