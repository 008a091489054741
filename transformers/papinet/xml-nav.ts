// A parsed papiNet document as plain objects, its element tree read out of libxml2-wasm in
// one walk. Every step through libxml2-wasm's node API creates a JS wrapper across the WASM
// boundary, and the summary looks at many elements more than once: one walk, then plain JS,
// makes the step several times faster. papiNet documents come with a default namespace or any prefix; the
// root's namespace is checked once, so the helpers match on local names.
import { XmlElement, XmlTreeNode } from 'libxml2-wasm';

export interface Element {
  /** Local name. */
  readonly name: string;
  readonly children: Element[];
  readonly parent: Element | null;
  /** /Root/Child[1]/Grandchild[2]: the form SchemaSet gives schema violations. */
  readonly path: string;
  /** An attribute without prefix, read from libxml2 on first use. */
  attr(name: string): string | undefined;
  /** Trimmed text content, read on first use. */
  readonly text: string;
}

export function isXmlElement(node: XmlTreeNode | null): node is XmlElement {
  return node instanceof XmlElement;
}

// Attributes and text are fetched when first asked for: a summary reads those of a few
// elements, and reading all of them costs about as much as the schema validation.
class LazyElement implements Element {
  readonly children: Element[] = [];
  private attrCache: Map<string, string> | undefined;
  private textCache: string | undefined;

  constructor(
    private readonly xml: XmlElement,
    readonly name: string,
    readonly parent: Element | null,
    readonly path: string,
  ) {}

  attr(name: string): string | undefined {
    // All of this element's attributes at once: walking libxml2's attribute list costs less
    // than one lookup by name (which copies the name into WASM memory).
    if (this.attrCache === undefined) {
      this.attrCache = new Map();
      for (const a of this.xml.attrs) if (a.prefix === '') this.attrCache.set(a.name, a.value);
    }
    return this.attrCache.get(name);
  }

  get text(): string {
    this.textCache ??= this.xml.content.trim();
    return this.textCache;
  }
}

/**
 * The element and everything below it. Valid only while the libxml2 document is: read what
 * you need before disposing it.
 */
export function readTree(root: XmlElement): Element {
  const build = (el: XmlElement, parent: Element | null, path: string): Element => {
    const node = new LazyElement(el, el.name, parent, path);
    const counts = new Map<string, number>();
    for (const c of childElements(el)) {
      const name = c.name;
      const index = (counts.get(name) ?? 0) + 1;
      counts.set(name, index);
      node.children.push(build(c, node, `${path}/${name}[${index}]`));
    }
    return node;
  };
  return build(root, null, `/${root.name}`);
}

// Plain loops: these run for every field of every summary, and a closure per call shows.
/** An element's child elements in document order. */
export function childElements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let c: XmlTreeNode | null = el.firstChild; c !== null; c = c.next) {
    // libxml2-wasm 0.7 wraps a processing instruction in a node without siblings (no `next`):
    // ask libxml2 for the child elements instead.
    if (!(c instanceof XmlTreeNode)) return el.find('*').filter((n): n is XmlElement => n instanceof XmlElement);
    if (isXmlElement(c)) out.push(c);
  }
  return out;
}

export function children(parent: Element, localName: string): Element[] {
  const out: Element[] = [];
  for (const e of parent.children) if (e.name === localName) out.push(e);
  return out;
}

export function child(parent: Element, localName: string): Element | undefined {
  for (const e of parent.children) if (e.name === localName) return e;
  return undefined;
}

/** The child reached by following local names, or undefined. */
export function childAt(parent: Element, ...path: string[]): Element | undefined {
  let el: Element | undefined = parent;
  for (const name of path) el = el === undefined ? undefined : child(el, name);
  return el;
}

/** Text of the first such child, or undefined when absent or empty. */
export function childText(parent: Element, localName: string): string | undefined {
  const t = child(parent, localName)?.text;
  return t === undefined || t === '' ? undefined : t;
}

export function attrValue(el: Element, name: string): string | undefined {
  return el.attr(name);
}

/** Every descendant element, depth first, in document order. */
export function descendants(root: Element): Element[] {
  const out: Element[] = [];
  collect(root, out, undefined);
  return out;
}

/** The descendants that pass the test, depth first, in document order, without listing the others. */
export function descendantsWhere(root: Element, test: (el: Element) => boolean): Element[] {
  const out: Element[] = [];
  collect(root, out, test);
  return out;
}

function collect(el: Element, out: Element[], test: ((el: Element) => boolean) | undefined): void {
  for (const c of el.children) {
    if (test === undefined || test(c)) out.push(c);
    collect(c, out, test);
  }
}
