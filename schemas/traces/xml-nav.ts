// Small, namespace-aware walks over libxml2-wasm elements. SOAP answers put the same element
// under any prefix (ns3:, ns5:, S:), so everything here matches namespace URI + local name.
import type { XmlElement, XmlTreeNode } from 'libxml2-wasm';

export function isElement(node: XmlTreeNode | null): node is XmlElement {
  return node !== null && typeof (node as XmlElement).attrs !== 'undefined' && typeof (node as XmlElement).firstChild !== 'undefined';
}

export function childElements(parent: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let c = parent.firstChild; c !== null; c = c.next) if (isElement(c)) out.push(c);
  return out;
}

/** Children with this local name, in this namespace (any namespace when ns is undefined). */
export function children(parent: XmlElement, localName: string, ns?: string): XmlElement[] {
  return childElements(parent).filter((e) => e.name === localName && (ns === undefined || e.namespaceUri === ns));
}

export function child(parent: XmlElement, localName: string, ns?: string): XmlElement | undefined {
  return children(parent, localName, ns)[0];
}

/** Trimmed text of the first such child, or undefined when absent. */
export function childText(parent: XmlElement, localName: string, ns?: string): string | undefined {
  const el = child(parent, localName, ns);
  return el === undefined ? undefined : el.content.trim();
}

/** First descendant (depth-first) with this local name, in any namespace unless given. */
export function descendant(root: XmlElement, localName: string, ns?: string): XmlElement | undefined {
  for (const c of childElements(root)) {
    if (c.name === localName && (ns === undefined || c.namespaceUri === ns)) return c;
    const deeper = descendant(c, localName, ns);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

export function descendants(root: XmlElement, localName: string, ns?: string): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (el: XmlElement): void => {
    for (const c of childElements(el)) {
      if (c.name === localName && (ns === undefined || c.namespaceUri === ns)) out.push(c);
      visit(c);
    }
  };
  visit(root);
  return out;
}
