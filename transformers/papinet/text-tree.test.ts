import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../../schemas/xml/parse.js';
import { checkPapinet } from './check.js';
import { readTextTree } from './text-tree.js';
import { childElements, descendants, readTree, type Element } from './xml-nav.js';
import type { XmlElement } from 'libxml2-wasm';

const FIXTURES = new URL('../../test/fixtures/papinet/', import.meta.url);

/** Every element as libxml2 gives it (name, path, unprefixed attributes, trimmed text) and as the text reader does. */
function bothTrees(text: string): { libxml2: unknown[]; fromText: unknown[] } {
  const doc = parseXml(Buffer.from(text, 'utf8'));
  try {
    const xmlElements: XmlElement[] = [];
    const walk = (el: XmlElement): void => {
      xmlElements.push(el);
      for (const c of childElements(el)) walk(c);
    };
    walk(doc.root);
    const libTree = readTree(doc.root);
    const libElements = [libTree, ...descendants(libTree)];
    const names = xmlElements.map((x) => x.attrs.filter((a) => a.prefix === '').map((a) => a.name));
    const view = (els: Element[]): unknown[] => els.map((e, k) => ({ name: e.name, path: e.path, text: e.text, attrs: names[k]!.map((n) => [n, e.attr(n)]), none: e.attr('NoSuchAttribute') }));
    const textTree = readTextTree(text);
    expect(textTree).toBeDefined();
    return { libxml2: view(libElements), fromText: view([textTree!, ...descendants(textTree!)]) };
  } finally {
    doc.dispose();
  }
}

describe('readTextTree gives what libxml2 gives', () => {
  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.xml') && !f.startsWith('hostile'));

  it.each(fixtures)('%s: names, paths, attributes and text of every element', (name) => {
    const { libxml2, fromText } = bothTrees(readFileSync(new URL(name, FIXTURES), 'utf8'));
    expect(libxml2.length).toBeGreaterThan(50);
    expect(fromText).toEqual(libxml2);
  });

  it('handles prefixes, references, CDATA, comments, PIs, CR LF and white space in attribute values', () => {
    const text =
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- <Fake a="1"> -->\r\n' +
      '<p:Root xmlns:p="urn:p" xmlns="urn:d" xmlns:q="urn:q" A="x &amp; y &lt;z&gt; &#x41;&#66;" q:B="prefixed">\r\n' +
      "  <p:Item Type='it&apos;s \"quoted\"' Gt=\"a>b\" Spaces=\"one\ttwo\r\nthree\nfour\rfive&#10;six\" Eq = \"=\">text &quot;1&quot;<?pi <x>?> and <![CDATA[<not> &amp; \r\n]]> more<!-- c --></p:Item>\r\n" +
      '  <Item/><p:Item></p:Item>\r\n  <Other>  ā &#x1F332;  <Item>inner\r\nline</Item> tail </Other>\r\n' +
      '</p:Root>\r\n<!-- after -->\r\n';
    const { libxml2, fromText } = bothTrees(text);
    expect(fromText).toEqual(libxml2);
    expect(libxml2).toHaveLength(6);
  });

  it('refuses what it does not expect rather than guessing', () => {
    expect(readTextTree('<!DOCTYPE r><r/>')).toBeUndefined();
    expect(readTextTree('<r><a>')).toBeUndefined();
    expect(readTextTree('<r/><s/>')).toBeUndefined();
    expect(readTextTree('<r a="1/>')).toBeUndefined();
  });

  it('numbers many same-name siblings as libxml2 paths do', () => {
    const items = Array.from({ length: 20_000 }, (_, k) => `<I n="${k}"/>`).join('');
    const root = readTextTree(`<R>${items}</R>`)!;
    const paths = root.children.map((c) => c.path);
    expect(paths[19_999]).toBe('/R/I[20000]');
    expect(root.children[123]!.attr('n')).toBe('123');
  });
});

describe('a processing instruction inside an element', () => {
  // libxml2-wasm 0.7 gives a PI node no `next`: walking libxml2's children stopped there.
  it('neither the text reader nor the libxml2 fallback trips over it: the document is valid and summarised', () => {
    const text = readFileSync(new URL('DeliveryMessageWood-original.xml', FIXTURES), 'utf8').replace('<DeliveryMessageWoodHeader>', '<DeliveryMessageWoodHeader><?note checked?>');
    const r = checkPapinet(Buffer.from(text));
    expect(r.ok && r.summary.number).toBe('KVA-2026-000417');
    const { libxml2, fromText } = bothTrees(text);
    expect(fromText).toEqual(libxml2);
  });
});
