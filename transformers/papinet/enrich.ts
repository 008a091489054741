// Carrying the EUDR due diligence statements to the mill: a DeliveryInstruction,
// DeliveryMessage or MeasuringTicket whose line items name felling affirmations gets, on each
// such line item, a SafetyAndEnvironmentalInformation (Deforestation / EU) with the
// statement's reference and verification numbers.
//
// The new elements are spliced into the original text at the place the schema orders them
// (after the line item's last child that precedes SafetyAndEnvironmentalInformation), in the
// document's own prefix and indentation; every other byte stays as it was (signatures,
// hashes and diff-reading people are spared a re-serialisation). The result is checked again
// in full, and must carry the numbers where they were meant to go, before it is returned.
import { EdiError } from '../../lib/errors.js';
import { parseXml } from '../../schemas/xml/parse.js';
import { checkPapinet, type PapinetContext } from './check.js';
import { DOCUMENT_SHAPES, SAFETY_AND_ENVIRONMENTAL_INFORMATION } from './documents.js';
import { indexElements, sameElements, type ElementSpan } from './element-index.js';
import { papinetErrors } from './errors.js';
import { renderEudrInformation } from './eudr-references.js';
import { compilePapinetOptions, DEFAULT_PAPINET_OPTIONS } from './options.js';
import type { PapinetLineItem, PapinetSummary } from './summary.js';
import { descendants, readTree } from './xml-nav.js';

/** A statement's numbers for one felling affirmation (one statement may cover several). */
export interface AffirmationReference {
  affirmation: string;
  referenceNumber: string;
  verificationNumber: string;
}

export interface EnrichResult {
  bytes: Buffer;
  /** What was added, per line item number. */
  added: Array<{ lineItem: string; affirmation: string; referenceNumber: string }>;
  /** Affirmations given that no line item names. */
  unmatched: string[];
  /** The summary of the returned document. */
  summary: PapinetSummary;
}

/** The document with the statements' numbers on every line item naming one of the affirmations. */
export function enrichWithEudrReferences(xmlBytes: Uint8Array, refs: readonly AffirmationReference[], ctx: PapinetContext = {}): Buffer {
  return enrichPapinet(xmlBytes, refs, ctx).bytes;
}

export function enrichPapinet(xmlBytes: Uint8Array, refs: readonly AffirmationReference[], ctx: PapinetContext = {}): EnrichResult {
  const options = ctx.options === undefined ? DEFAULT_PAPINET_OPTIONS : compilePapinetOptions(ctx.options);
  const context = { ...ctx, options };
  for (const r of refs) {
    if (![r.affirmation, r.referenceNumber, r.verificationNumber].every((v) => typeof v === 'string' && v.trim() !== '')) {
      throw papinetErrors.create('EDI_ERR_PAPINET_ENRICH_INPUT', { reason: `affirmation, reference number and verification number are all required (got ${JSON.stringify(r)})` });
    }
  }
  const checked = checkPapinet(xmlBytes, context);
  if (!checked.ok) throw checked.error.withContext('adding EUDR references');
  const summary = checked.summary;

  const byAffirmation = new Map<string, AffirmationReference[]>();
  for (const r of refs) byAffirmation.set(norm(r.affirmation), [...(byAffirmation.get(norm(r.affirmation)) ?? []), r]);
  const named = new Set(summary.fellingAffirmations.map(norm));
  const unmatched = [...new Set(refs.map((r) => r.affirmation.trim()).filter((a) => !named.has(norm(a))))];

  const plan: Array<{ item: PapinetLineItem; add: AffirmationReference[] }> = [];
  for (const item of summary.lineItems) {
    const present = new Set(item.eudr.map((e) => e.referenceNumber.trim()));
    const add: AffirmationReference[] = [];
    for (const a of item.fellingAffirmations) {
      for (const r of byAffirmation.get(norm(a)) ?? []) {
        if (present.has(r.referenceNumber.trim())) continue;
        present.add(r.referenceNumber.trim());
        add.push({ affirmation: a, referenceNumber: r.referenceNumber.trim(), verificationNumber: r.verificationNumber.trim() });
      }
    }
    if (add.length > 0) plan.push({ item, add });
  }
  const bytes = Buffer.isBuffer(xmlBytes) ? xmlBytes : Buffer.from(xmlBytes);
  if (plan.length === 0) return { bytes, added: [], unmatched, summary };

  const text = bytes.toString('utf8');
  const spans = indexFor(bytes, text);
  const byPath = new Map(spans.map((s) => [s.path, s]));
  const order = DOCUMENT_SHAPES[summary.document].lineItemOrder;
  const seiAt = order.indexOf(SAFETY_AND_ENVIRONMENTAL_INFORMATION);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const insertions: Array<{ at: number; text: string }> = [];
  for (const { item, add } of plan) {
    const span = byPath.get(item.path);
    if (span === undefined) throw failed(summary, `line item ${item.number} (${item.path}) not found in the text`);
    const kids = spans.filter((s) => s.depth === span.depth + 1 && s.start > span.start && s.end <= span.end);
    // After the last child the schema puts at or before SafetyAndEnvironmentalInformation.
    const anchor = [...kids].reverse().find((k) => {
      const at = order.indexOf(k.local);
      return at !== -1 && at <= seiAt;
    });
    const offset = anchor?.end ?? span.startTagEnd;
    const layout = layoutAt(text, anchor ?? span, anchor === undefined ? undefined : span, newline);
    const rendered = add
      .map((r) => layout.lead + renderEudrInformation(r, options.eudrEncoding, { prefix: span.prefix, indent: layout.indent, step: layout.step, newline: layout.newline }))
      .join('');
    insertions.push({ at: offset, text: rendered });
  }
  let out = text;
  for (const ins of insertions.sort((a, b) => b.at - a.at)) out = out.slice(0, ins.at) + ins.text + out.slice(ins.at);
  const result = Buffer.from(out, 'utf8');

  const again = checkPapinet(result, context);
  if (!again.ok) throw failed(summary, again.error.message, again.error);
  const added: EnrichResult['added'] = [];
  for (const { item, add } of plan) {
    const now = again.summary.lineItems.find((l) => l.path === item.path);
    for (const r of add) {
      const carried = now?.eudr.some((e) => e.referenceNumber === r.referenceNumber && e.verificationNumber === r.verificationNumber);
      if (!carried) throw failed(summary, `line item ${item.number} does not carry ${r.referenceNumber} after the insertion`);
      added.push({ lineItem: item.number, affirmation: r.affirmation, referenceNumber: r.referenceNumber });
    }
  }
  return { bytes: result, added, unmatched, summary: again.summary };
}

function indexFor(bytes: Buffer, text: string): ElementSpan[] {
  const doc = parseXml(bytes, { maxBytes: Number.MAX_SAFE_INTEGER });
  try {
    const tree = readTree(doc.root);
    const names = [tree.name, ...descendants(tree).map((e) => e.name)];
    const spans = indexElements(text);
    if (spans === undefined || !sameElements(spans, names)) {
      throw papinetErrors.create('EDI_ERR_PAPINET_ENRICH_INPUT', { reason: 'the element positions of the document could not be established' });
    }
    return spans;
  } finally {
    doc.dispose();
  }
}

interface Layout {
  /** What goes before each new element: a line break and indentation, or nothing. */
  lead: string;
  indent: string;
  step: string;
  newline: string;
}

/** The indentation the element at `sibling` has (its new sibling gets the same), and one level's step. */
function layoutAt(text: string, sibling: ElementSpan, parent: ElementSpan | undefined, newline: string): Layout {
  const indent = leadingSpace(text, sibling.start);
  if (indent === undefined) return { lead: '', indent: '', step: '', newline: '' };
  let own = indent;
  if (parent === undefined) {
    // No child to copy from: one step deeper than the line item itself.
    own = indent + stepGuess(indent);
  }
  const parentIndent = parent === undefined ? indent : leadingSpace(text, parent.start);
  const step = parentIndent !== undefined && own.startsWith(parentIndent) && own.length > parentIndent.length ? own.slice(parentIndent.length) : stepGuess(own);
  return { lead: newline + own, indent: own, step, newline };
}

/** Whitespace between the start of the line and `at`, or undefined when other text precedes it there. */
function leadingSpace(text: string, at: number): string | undefined {
  let k = at;
  while (k > 0 && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
  if (k > 0 && text[k - 1] !== '\n' && text[k - 1] !== '\r') return undefined;
  return text.slice(k, at);
}

function stepGuess(indent: string): string {
  return indent.includes('\t') ? '\t' : '  ';
}

function norm(s: string): string {
  return s.trim().toUpperCase();
}

function failed(summary: PapinetSummary, reason: string, cause?: EdiError): EdiError {
  return papinetErrors.create('EDI_ERR_PAPINET_ENRICH_FAILED', { document: summary.root, number: summary.number, reason }, cause === undefined ? {} : { cause, detail: cause.detail ?? {} });
}
