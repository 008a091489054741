// `edi validate <file>` for tobacco: a JSON data-dictionary message (it names its
// Message_Type), or a JSON ERP event whose file name starts with its event schema or message
// type (Dispatch-0042.json, EDP_0042.json) — the same convention as data/inbox/tobacco.
// Checked by the same decode → map → validate path as records on tobacco.events.inbound.
import type { DocumentFormat, FormatIssue } from '../../schemas/format.js';
import { isMessageType } from '../../schemas/tobacco/index.js';
import { tobaccoEventSchema } from './event-schemas.js';
import { transformTobaccoEvent } from './transform.js';
import type { ViolationDetail } from './validate.js';

const MESSAGE_TYPE = /"Message_Type"\s*:\s*"([A-Z]{3})"/;

/** The event schema a file name starts with (before the first '-', '_' or '.'). */
export function schemaFromFileName(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const head = base.split(/[-_.]/)[0] ?? '';
  return head !== '' && tobaccoEventSchema(head) !== undefined ? head : undefined;
}

export const tobaccoEventFormat: DocumentFormat = {
  name: 'tobacco',
  description: 'EU tobacco traceability message (data-dictionary JSON) or ERP event (JSON named after its schema)',
  detect(bytes, fileName) {
    if (!/\.json$/i.test(fileName)) return false;
    const head = bytes.subarray(0, 64 * 1024).toString('utf8');
    const m = MESSAGE_TYPE.exec(head);
    return (m !== null && isMessageType(m[1])) || (head.trimStart().startsWith('{') && schemaFromFileName(fileName) !== undefined);
  },
  validate(bytes, fileName) {
    const schema = schemaFromFileName(fileName);
    const r = transformTobaccoEvent({ value: bytes, contentType: 'application/json', ...(schema ? { schema } : {}) });
    if (r.ok) return [];
    const violations = (r.violations ?? []) as ViolationDetail[];
    if (violations.length === 0) {
      const d = r.error.detail ?? {};
      const issue: FormatIssue = { message: r.error.message, code: r.error.code };
      if (typeof d.line === 'number') issue.line = d.line;
      if (typeof d.column === 'number') issue.column = d.column;
      if (typeof d.path === 'string') issue.path = d.path;
      return [issue];
    }
    return violations.map((v) => ({ message: v.message, path: v.path, code: v.routerCode }));
  },
};
