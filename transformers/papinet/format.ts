// `edi validate` for papiNet: DeliveryMessageWood, DeliveryInstruction and MeasuringTicket,
// checked by the same code as records on papinet.inbound (checkPapinet): hardened parse,
// document and namespace, schema, status. Each problem with line, column and element path.
import type { DocumentFormat, FormatIssue } from '../../schemas/format.js';
import type { PapinetSchemas } from '../../schemas/papinet/index.js';
import { PAPINET_ROOT_ELEMENT, PAPINET_V2R40_NAMESPACE } from '../../schemas/papinet/index.js';
import { checkPapinet } from './check.js';
import type { PapinetOptions } from './options.js';

const ROOTS = Object.values(PAPINET_ROOT_ELEMENT).join('|');
// The root start tag (any prefix), or papiNet's namespace, within the first bytes.
const LOOKS_PAPINET = new RegExp(`<(?:[\\w.-]+:)?(?:${ROOTS})[\\s/>]|http://www\\.papinet\\.org/`);

export function papinetFormat(ctx: { schemas?: PapinetSchemas; options?: PapinetOptions } = {}): DocumentFormat {
  return {
    name: 'papinet',
    description: `papiNet ${Object.values(PAPINET_ROOT_ELEMENT).join(', ')} (${PAPINET_V2R40_NAMESPACE}), checked against the papiNet XSDs`,
    detect(bytes, fileName) {
      if (!/\.xml$/i.test(fileName) && bytes.subarray(0, 64).toString('latin1').trimStart()[0] !== '<') return false;
      return LOOKS_PAPINET.test(bytes.subarray(0, 4096).toString('latin1'));
    },
    validate(bytes) {
      const r = checkPapinet(bytes, ctx);
      if (r.ok) return [];
      return r.issues.map((i) => {
        const issue: FormatIssue = { message: i.message, code: r.error.code };
        if (i.line !== undefined) issue.line = i.line;
        if (i.column !== undefined) issue.column = i.column;
        if (i.path !== undefined) issue.path = i.path;
        return issue;
      });
    },
  };
}

/** With the project's schemas and default options (what `edi validate` uses unless configured). */
export const papinetDocumentFormat: DocumentFormat = papinetFormat();
