// The element tree of a papiNet document read from its text, in plain JS, after libxml2 has
// parsed and validated it. Walking libxml2-wasm's node API costs a JS wrapper and a WASM call
// per node, per attribute and per text: for the summary that was three times the validation
// itself. Scanning the text once costs a fraction of it.
//
// This is not a parser: it runs only on text libxml2 has accepted (well-formed XML 1.0, UTF-8,
// no DTD, so no entities but the five predefined ones and character references). In such text
// markup starts at '<' and nowhere else, and '>' inside a start tag can only be in a quoted
// attribute value. Anything else surprises it and it returns undefined: the caller then reads
// libxml2's tree (xml-nav.ts readTree). It gives what libxml2 gives: local names, unprefixed
// attributes with XML 1.0 §3.3.3 attribute-value normalisation, text content of all
// descendant text and CDATA (§2.11 line ends normalised), comments and PIs skipped.
import type { Element } from './xml-nav.js';

const GT = 0x3e; // >
const SLASH = 0x2f;
const QUOT = 0x22;
const APOS = 0x27;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQ = 0x3d;
const AMP = 0x26;

/** Shared by every element without children (most of them): one array fewer per leaf. */
const NO_CHILDREN: TextElement[] = Object.freeze([]) as unknown as TextElement[];

class TextElement implements Element {
  children: TextElement[] = NO_CHILDREN;
  /** Offset of '>' of the start tag ('/>' for an empty element: offset of '>'). */
  tagEnd = 0;
  /** Offset of '<' of the end tag; -1 for an empty element. */
  contentEnd = -1;
  /** Unprefixed attributes as [name, value, name, value, …]: a few per element, a Map costs more. */
  private attrCache: string[] | undefined;
  private textCache: string | undefined;
  private pathCache: string | undefined;

  constructor(
    private readonly src: string,
    readonly name: string,
    readonly parent: TextElement | null,
    /** Offset just after the qualified name in the start tag. */
    private readonly nameEnd: number,
  ) {}

  /** Position among the parent's children of the same name, from 1; 0 until counted. */
  private index = 0;

  // Only line items' paths are asked for: the siblings are counted once, on the first one.
  get path(): string {
    if (this.pathCache === undefined) {
      if (this.parent === null) this.pathCache = `/${this.name}`;
      else {
        if (this.index === 0) this.parent.numberChildren();
        this.pathCache = `${this.parent.path}/${this.name}[${this.index}]`;
      }
    }
    return this.pathCache;
  }

  private numberChildren(): void {
    const counts = new Map<string, number>();
    for (const c of this.children) {
      c.index = (counts.get(c.name) ?? 0) + 1;
      counts.set(c.name, c.index);
    }
  }

  attr(name: string): string | undefined {
    const attrs = (this.attrCache ??= readAttributes(this.src, this.nameEnd, this.tagEnd));
    for (let k = 0; k < attrs.length; k += 2) if (attrs[k] === name) return attrs[k + 1];
    return undefined;
  }

  get text(): string {
    this.textCache ??= this.contentEnd === -1 ? '' : textContent(this.src, this.tagEnd + 1, this.contentEnd).trim();
    return this.textCache;
  }
}

/** The root element and everything below it, or undefined when the text surprises us. */
export function readTextTree(text: string): Element | undefined {
  // indexOf over text and attribute values (fast), charCodeAt over names and white space (short).
  const n = text.length;
  let root: TextElement | undefined;
  const stack: TextElement[] = [];
  let i = 0;
  for (;;) {
    i = text.indexOf('<', i);
    if (i === -1) break;
    const next = text.charCodeAt(i + 1);
    if (next === BANG) {
      if (text.startsWith('<!--', i)) i = after(text, '-->', i + 4);
      else if (text.startsWith('<![CDATA[', i)) i = after(text, ']]>', i + 9);
      else return undefined; // a DOCTYPE: parseXml refuses these
      if (i === -1) return undefined;
    } else if (next === QUESTION) {
      i = after(text, '?>', i + 2);
      if (i === -1) return undefined;
    } else if (next === SLASH) {
      const open = stack.pop();
      if (open === undefined) return undefined;
      open.contentEnd = i;
      const gt = text.indexOf('>', i + 2);
      if (gt === -1) return undefined;
      i = gt + 1;
    } else {
      let k = i + 1;
      let colon = -1;
      for (; k < n; k++) {
        const ch = text.charCodeAt(k);
        if (ch <= 0x20 || ch === SLASH || ch === GT) break;
        if (ch === 0x3a) colon = k;
      }
      if (k === i + 1) return undefined;
      const local = text.slice(colon === -1 ? i + 1 : colon + 1, k);
      const gt = startTagEnd(text, k);
      if (gt === -1) return undefined;
      const parent = stack.length === 0 ? null : stack[stack.length - 1]!;
      if (parent === null && root !== undefined) return undefined; // a second root
      const el = new TextElement(text, local, parent, k);
      el.tagEnd = gt;
      if (parent === null) root = el;
      else if (parent.children === NO_CHILDREN) parent.children = [el];
      else parent.children.push(el);
      if (text.charCodeAt(gt - 1) !== SLASH) stack.push(el);
      i = gt + 1;
    }
  }
  return stack.length === 0 ? root : undefined;
}

function after(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  return at === -1 ? -1 : at + terminator.length;
}

/** Offset of the '>' closing a start tag: attribute by attribute, jumping over quoted values. */
function startTagEnd(text: string, from: number): number {
  const n = text.length;
  let k = from;
  while (k < n) {
    const ch = text.charCodeAt(k);
    if (ch === GT) return k;
    if (ch === EQ) {
      k++;
      while (k < n && text.charCodeAt(k) <= 0x20) k++;
      const quote = text.charCodeAt(k);
      if (quote !== QUOT && quote !== APOS) return -1;
      k = text.indexOf(quote === QUOT ? '"' : "'", k + 1);
      if (k === -1) return -1;
    }
    k++;
  }
  return -1;
}

/** The unprefixed attributes of a start tag (namespace declarations are not attributes). */
function readAttributes(text: string, from: number, to: number): string[] {
  const out: string[] = [];
  let k = from;
  for (;;) {
    while (k < to && text.charCodeAt(k) <= 0x20) k++;
    const nameStart = k;
    let prefixed = false;
    for (; k < to; k++) {
      const ch = text.charCodeAt(k);
      if (ch === EQ || ch <= 0x20) break;
      if (ch === 0x3a) prefixed = true;
    }
    if (k >= to || k === nameStart) return out; // '/' or '>' (libxml2 has checked the rest)
    const name = text.slice(nameStart, k);
    while (k < to && text.charCodeAt(k) !== EQ) k++;
    k++;
    while (k < to && text.charCodeAt(k) <= 0x20) k++;
    const quote = text.charCodeAt(k);
    if (quote !== QUOT && quote !== APOS) return out;
    const valueStart = k + 1;
    let special = false; // a reference or a literal tab, line feed or carriage return
    for (k = valueStart; k < to; k++) {
      const ch = text.charCodeAt(k);
      if (ch === quote) break;
      if (ch === AMP || ch === 0x09 || ch === 0x0a || ch === 0x0d) special = true;
    }
    if (!prefixed && name !== 'xmlns') {
      const raw = text.slice(valueStart, k);
      out.push(name, special ? attributeValue(raw) : raw);
    }
    k++;
  }
}

// XML 1.0 §3.3.3: each literal white-space character (a CR LF pair counting as one, §2.11)
// becomes a space; references are replaced afterwards, so &#10; stays a line feed.
function attributeValue(raw: string): string {
  const spaced = raw.replace(/\r\n|[\t\n\r]/g, ' ');
  return spaced.indexOf('&') === -1 ? spaced : decodeReferences(spaced);
}

/** Concatenated text and CDATA between from and to, as libxml2's node content gives it. */
function textContent(text: string, from: number, to: number): string {
  let out = '';
  let k = from;
  while (k < to) {
    const lt = text.indexOf('<', k);
    const end = lt === -1 || lt > to ? to : lt;
    if (end > k) out += characterData(text.slice(k, end));
    if (end === to) break;
    if (text.startsWith('<![CDATA[', end)) {
      const close = text.indexOf(']]>', end + 9);
      out += lineEnds(text.slice(end + 9, close));
      k = close + 3;
    } else if (text.startsWith('<!--', end)) {
      k = text.indexOf('-->', end + 4) + 3;
    } else if (text.charCodeAt(end + 1) === QUESTION) {
      k = text.indexOf('?>', end + 2) + 2;
    } else {
      k = startTagEnd(text, end + 1) + 1;
    }
  }
  return out;
}

function characterData(raw: string): string {
  const normalised = lineEnds(raw);
  return normalised.indexOf('&') === -1 ? normalised : decodeReferences(normalised);
}

function lineEnds(s: string): string {
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n');
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

function decodeReferences(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|apos|quot);/g, (_, ref: string) => {
    if (ref.charCodeAt(0) !== 0x23) return PREDEFINED[ref]!;
    return String.fromCodePoint(ref.charCodeAt(1) === 0x78 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
  });
}
