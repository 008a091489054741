// Where a JSON path (`Invoice_Number`, `upUIs[3]`, `a.b[0].c`) sits in a JSON text, so that
// `edi validate` prints `file:line:col:` for a rule a JSON document breaks, not `file:0:0:`.
// A missing property points at the object that should hold it. jsonc-parser keeps offsets.
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';

export interface Position {
  line: number;
  column: number;
}

function segments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** 1-based line and column of the value at `path`, or of its nearest existing parent; undefined if the text is no JSON. */
export function jsonPosition(text: string, path: string): Position | undefined {
  const root = parseTree(text);
  if (root === undefined) return undefined;
  const segs = segments(path);
  for (let n = segs.length; n >= 0; n--) {
    const node: Node | undefined = findNodeAtLocation(root, segs.slice(0, n));
    if (node === undefined) continue;
    // A property's value: point at its key, where a reader looks for it.
    const at = node.parent?.type === 'property' && node.parent.children?.[1] === node ? node.parent.offset : node.offset;
    return positionOf(text, at);
  }
  return undefined;
}
