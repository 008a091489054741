// The EUDR due diligence statement numbers on a papiNet line item, read and written.
// papiNet puts them in SafetyAndEnvironmentalInformation with
// SafetyAndEnvironmentalType="Deforestation" and Agency="EU" (reference README; papiNet-API
// issue #153 encodes the same as references[].identifier / subReference.identifier).
// The XML child for the numbers is not published; ours (schemas/papinet/README.md):
//   <SafetyAndEnvironmentalReference>
//     <ReferenceIdentifier ReferenceIdentifierType="EUDRDueDiligenceStatementReferenceNumber">…
//     <SubReference><ReferenceIdentifier ReferenceIdentifierType="EUDRDueDiligenceStatementVerificationNumber">…
// or, for receivers on an official bundle, two typed AdditionalText lines.
import type { EudrEncoding } from './options.js';
import type { EudrReference } from './summary.js';
import { attrValue, child, children, type Element } from './xml-nav.js';

export const DEFORESTATION = 'Deforestation';
export const EU_AGENCY = 'EU';
export const REFERENCE_NUMBER_TYPE = 'EUDRDueDiligenceStatementReferenceNumber';
export const VERIFICATION_NUMBER_TYPE = 'EUDRDueDiligenceStatementVerificationNumber';

const TYPED_TEXT = new RegExp(`^\\s*(${REFERENCE_NUMBER_TYPE}|${VERIFICATION_NUMBER_TYPE})\\s*[:=]\\s*(\\S+)\\s*$`);

export function isEudrInformation(sei: Element): boolean {
  const agency = attrValue(sei, 'Agency');
  return attrValue(sei, 'SafetyAndEnvironmentalType') === DEFORESTATION && (agency === undefined || agency === EU_AGENCY);
}

/** The statements' numbers on one line item, in document order, either encoding. */
export function readEudrReferences(lineItem: Element): EudrReference[] {
  const out: EudrReference[] = [];
  for (const sei of children(lineItem, 'SafetyAndEnvironmentalInformation')) {
    if (!isEudrInformation(sei)) continue;
    for (const ref of children(sei, 'SafetyAndEnvironmentalReference')) {
      const id = child(ref, 'ReferenceIdentifier');
      if (id === undefined || attrValue(id, 'ReferenceIdentifierType') !== REFERENCE_NUMBER_TYPE) continue;
      const sub = child(ref, 'SubReference');
      const subId = sub === undefined ? undefined : child(sub, 'ReferenceIdentifier');
      const vn = subId !== undefined && attrValue(subId, 'ReferenceIdentifierType') === VERIFICATION_NUMBER_TYPE ? subId.text : undefined;
      out.push(vn ? { referenceNumber: id.text, verificationNumber: vn, encoding: 'references' } : { referenceNumber: id.text, encoding: 'references' });
    }
    // Typed text: each reference number opens a statement; a verification number joins the last open one.
    const typed: Array<{ rn: string; vn?: string }> = [];
    for (const text of children(sei, 'AdditionalText')) {
      const m = TYPED_TEXT.exec(text.text);
      if (m === null) continue;
      const last = typed[typed.length - 1];
      if (m[1] === REFERENCE_NUMBER_TYPE) typed.push({ rn: m[2]! });
      else if (last !== undefined && last.vn === undefined) last.vn = m[2]!;
    }
    for (const t of typed) {
      out.push(t.vn === undefined ? { referenceNumber: t.rn, encoding: 'additional-text' } : { referenceNumber: t.rn, verificationNumber: t.vn, encoding: 'additional-text' });
    }
  }
  return out;
}

export interface EudrNumbers {
  referenceNumber: string;
  verificationNumber: string;
}

export interface RenderStyle {
  /** Prefix of the document's papiNet namespace ('' for the default namespace). */
  prefix: string;
  /** Indentation of the SafetyAndEnvironmentalInformation start tag, and one level deeper. */
  indent: string;
  step: string;
  /** Line break between elements ('' when the document is on one line). */
  newline: string;
}

/** One SafetyAndEnvironmentalInformation element (no leading indentation) for one statement. */
export function renderEudrInformation(numbers: EudrNumbers, encoding: EudrEncoding, style: RenderStyle): string {
  const n = (name: string): string => (style.prefix === '' ? name : `${style.prefix}:${name}`);
  const at = (level: number): string => (style.newline === '' ? '' : style.newline + style.indent + style.step.repeat(level));
  const rn = escapeText(numbers.referenceNumber);
  const vn = escapeText(numbers.verificationNumber);
  const inner =
    encoding === 'references'
      ? `${at(1)}<${n('SafetyAndEnvironmentalReference')}>` +
        `${at(2)}<${n('ReferenceIdentifier')} ReferenceIdentifierType="${REFERENCE_NUMBER_TYPE}">${rn}</${n('ReferenceIdentifier')}>` +
        `${at(2)}<${n('SubReference')}>` +
        `${at(3)}<${n('ReferenceIdentifier')} ReferenceIdentifierType="${VERIFICATION_NUMBER_TYPE}">${vn}</${n('ReferenceIdentifier')}>` +
        `${at(2)}</${n('SubReference')}>` +
        `${at(1)}</${n('SafetyAndEnvironmentalReference')}>`
      : `${at(1)}<${n('AdditionalText')}>${REFERENCE_NUMBER_TYPE}: ${rn}</${n('AdditionalText')}>` +
        `${at(1)}<${n('AdditionalText')}>${VERIFICATION_NUMBER_TYPE}: ${vn}</${n('AdditionalText')}>`;
  return `<${n('SafetyAndEnvironmentalInformation')} SafetyAndEnvironmentalType="${DEFORESTATION}" Agency="${EU_AGENCY}">${inner}${at(0)}</${n('SafetyAndEnvironmentalInformation')}>`;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
