// Small walks over a parsed papiNet document (libxml2-wasm elements). papiNet documents come
// with a default namespace or any prefix; the root's namespace is checked once, so these
// match on local names.
import { XmlElement, type XmlTreeNode } from 'libxml2-wasm';

export function isElement(node: XmlTreeNode | null): node is XmlElement {
  return node instanceof XmlElement;
}

export function childElements(parent: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let c = parent.firstChild; c !== null; c = c.next) if (isElement(c)) out.push(c);
  return out;
}

export function children(parent: XmlElement, localName: string): XmlElement[] {
  return childElements(parent).filter((e) => e.name === localName);
}

export function child(parent: XmlElement, localName: string): XmlElement | undefined {
  for (let c = parent.firstChild; c !== null; c = c.next) if (isElement(c) && c.name === localName) return c;
  return undefined;
}

/** The child reached by following local names, or undefined. */
export function childAt(parent: XmlElement, ...path: string[]): XmlElement | undefined {
  let el: XmlElement | undefined = parent;
  for (const name of path) {
    if (el === undefined) return undefined;
    el = child(el, name);
  }
  return el;
}

/** Trimmed text of the first such child, or undefined when absent or empty. */
export function childText(parent: XmlElement, localName: string): string | undefined {
  const t = child(parent, localName)?.content.trim();
  return t === undefined || t === '' ? undefined : t;
}

export function attrValue(el: XmlElement, name: string): string | undefined {
  return el.attr(name)?.value;
}

/** Every descendant element, depth first, in document order. */
export function descendants(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (el: XmlElement): void => {
    for (const c of childElements(el)) {
      out.push(c);
      visit(c);
    }
  };
  visit(root);
  return out;
}

/** Path in the form SchemaSet reports: /Root/Child[1]/Grandchild[2] (local names). */
export function elementPath(el: XmlElement): string {
  const parts: string[] = [];
  for (let e: XmlElement | null = el; e !== null; e = e.parent) {
    if (e.parent === null) {
      parts.unshift(e.name);
      break;
    }
    let index = 1;
    for (let s = e.prev; s !== null; s = s.prev) if (isElement(s) && s.name === e.name) index++;
    parts.unshift(`${e.name}[${index}]`);
  }
  return `/${parts.join('/')}`;
}
