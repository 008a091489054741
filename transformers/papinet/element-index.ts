// Where each element of a document sits in its text: start and end offsets, line and column,
// and its path. libxml2 reports a line but no column for schema violations and keeps no
// offsets at all; we need columns for error reports and offsets to add EUDR references
// without re-serialising the rest of the document.
//
// This is not a parser: it runs only on text libxml2 has already parsed (well-formed, UTF-8,
// no DTD), and its callers check that it found the same elements, in the same order, as
// libxml2 did (sameElements) before trusting it. Markup in a well-formed document starts at
// '<' and nowhere else ('<' cannot appear unescaped in text or attribute values).

export interface ElementSpan {
  /** Qualified name as written (prefix:local or local). */
  qname: string;
  local: string;
  prefix: string;
  /** Offset of '<' of the start tag, in UTF-16 units of the text. */
  start: number;
  /** Offset just after the start tag's '>'. */
  startTagEnd: number;
  /** Offset just after the end tag's '>' (or the start tag's, when empty-element syntax). */
  end: number;
  line: number;
  /** 1-based column of '<' in characters. */
  column: number;
  /** Same form as SchemaSet's issue paths: /Root/Child[1]/Grandchild[2]. */
  path: string;
  depth: number;
}

interface Open {
  span: ElementSpan;
  childCounts: Map<string, number>;
}

/** The elements of a well-formed document in document order, or undefined if the text surprises us. */
export function indexElements(text: string): ElementSpan[] | undefined {
  const spans: ElementSpan[] = [];
  const stack: Open[] = [];
  const rootCounts = new Map<string, number>();
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  // Line counting as libxml2 does it: "\r\n", "\r" and "\n" each end a line.
  const advanceTo = (pos: number): void => {
    for (let k = scanned; k < pos; k++) {
      const ch = text.charCodeAt(k);
      if (ch === 0x0a || (ch === 0x0d && text.charCodeAt(k + 1) !== 0x0a)) {
        line++;
        lineStart = k + 1;
      }
    }
    scanned = Math.max(scanned, pos);
  };

  let i = text.indexOf('<');
  while (i !== -1 && i < text.length) {
    if (text.startsWith('<!--', i)) {
      i = after(text, '-->', i + 4);
    } else if (text.startsWith('<![CDATA[', i)) {
      i = after(text, ']]>', i + 9);
    } else if (text.startsWith('<?', i)) {
      i = after(text, '?>', i + 2);
    } else if (text.startsWith('<!', i)) {
      return undefined; // a DOCTYPE: parseXml refuses these, so we never expect one
    } else if (text.startsWith('</', i)) {
      const gt = text.indexOf('>', i);
      const open = stack.pop();
      if (gt === -1 || open === undefined) return undefined;
      const qname = text.slice(i + 2, gt).trim();
      if (qname !== open.span.qname) return undefined;
      open.span.end = gt + 1;
      i = gt + 1;
    } else {
      const nameMatch = /^<([^\s/>]+)/.exec(text.slice(i, i + 512));
      if (nameMatch === null) return undefined;
      const qname = nameMatch[1]!;
      const gt = startTagEnd(text, i + 1 + qname.length);
      if (gt === -1) return undefined;
      const selfClosing = text.charCodeAt(gt - 1) === 0x2f; // '/'
      advanceTo(i);
      const colon = qname.indexOf(':');
      const local = colon === -1 ? qname : qname.slice(colon + 1);
      const parent = stack[stack.length - 1];
      const counts = parent?.childCounts ?? rootCounts;
      const index = (counts.get(local) ?? 0) + 1;
      counts.set(local, index);
      const path = parent === undefined ? `/${local}` : `${parent.span.path}/${local}[${index}]`;
      const span: ElementSpan = {
        qname,
        local,
        prefix: colon === -1 ? '' : qname.slice(0, colon),
        start: i,
        startTagEnd: gt + 1,
        end: gt + 1,
        line,
        column: i - lineStart + 1,
        path,
        depth: stack.length,
      };
      spans.push(span);
      if (!selfClosing) stack.push({ span, childCounts: new Map() });
      i = gt + 1;
    }
    if (i === -1) return undefined;
    i = text.indexOf('<', i);
  }
  return stack.length === 0 ? spans : undefined;
}

/** True when the index lists exactly these elements (local names, document order). */
export function sameElements(spans: readonly ElementSpan[], localNames: readonly string[]): boolean {
  return spans.length === localNames.length && spans.every((s, k) => s.local === localNames[k]);
}

function after(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  return at === -1 ? -1 : at + terminator.length;
}

/** Offset of the '>' closing a start tag, skipping quoted attribute values. */
function startTagEnd(text: string, from: number): number {
  for (let k = from; k < text.length; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 0x22 || ch === 0x27) {
      const close = text.indexOf(ch === 0x22 ? '"' : "'", k + 1);
      if (close === -1) return -1;
      k = close;
    } else if (ch === 0x3e) {
      return k;
    }
  }
  return -1;
}
