// A bounds check of Avro binary data against its schema, run before avsc decodes it. avsc
// trusts array/map block counts: garbage announcing 2^50 items makes it loop and allocate until
// the process dies. Here every length and count is checked against the bytes that remain, so
// bad input becomes a clear error instead (DESIGN.md, "Bad input": every parser hardened).
import type { Type, types } from 'avsc';

export class AvroBoundsError extends Error {
  override readonly name = 'AvroBoundsError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
  }
}

const MAX_DEPTH = 64;
/** Items of a zero-byte type (null, empty record) consume no input; cap them explicitly. */
const MAX_ZERO_SIZE_ITEMS = 100_000;

interface Cursor {
  buf: Buffer;
  pos: number;
}

function readLong(c: Cursor): number {
  let result = 0;
  let factor = 1;
  for (let i = 0; i < 10; i++) {
    if (c.pos >= c.buf.length) throw new AvroBoundsError('truncated varint', c.pos);
    const b = c.buf[c.pos++] as number;
    result += (b & 0x7f) * factor;
    if ((b & 0x80) === 0) return result % 2 === 0 ? result / 2 : -(result + 1) / 2; // zig-zag
    factor *= 128;
  }
  throw new AvroBoundsError('varint longer than 10 bytes', c.pos);
}

function skip(c: Cursor, n: number, what: string): void {
  if (n < 0 || c.pos + n > c.buf.length) throw new AvroBoundsError(`${what} of ${n} bytes runs past the end (${c.buf.length - c.pos} left)`, c.pos);
  c.pos += n;
}

function skipString(c: Cursor, what: string): void {
  const n = readLong(c);
  if (n < 0) throw new AvroBoundsError(`negative ${what} length ${n}`, c.pos);
  skip(c, n, what);
}

const minSizes = new WeakMap<Type, number>();

/** Fewest bytes one value of the type can take. */
function minSize(type: Type, depth = 0): number {
  const known = minSizes.get(type);
  if (known !== undefined) return known;
  if (depth > MAX_DEPTH) return 1;
  let size: number;
  const name = type.typeName;
  if (name === 'null') size = 0;
  else if (name === 'float') size = 4;
  else if (name === 'double') size = 8;
  else if (name === 'fixed') size = (type as types.FixedType).size;
  else if (name === 'record' || name === 'error') size = (type as types.RecordType).fields.reduce((sum, f) => sum + minSize(f.type, depth + 1), 0);
  else if (name.startsWith('logical:')) size = minSize((type as types.LogicalType).underlyingType, depth + 1);
  else size = 1; // boolean, int, long, bytes, string, enum, union index, array/map terminator
  minSizes.set(type, size);
  return size;
}

function walk(type: Type, c: Cursor, depth: number): void {
  if (depth > MAX_DEPTH) throw new AvroBoundsError('schema nesting deeper than 64', c.pos);
  const name = type.typeName;
  switch (name) {
    case 'null':
      return;
    case 'boolean':
      return skip(c, 1, 'boolean');
    case 'int':
    case 'long':
      readLong(c);
      return;
    case 'float':
      return skip(c, 4, 'float');
    case 'double':
      return skip(c, 8, 'double');
    case 'bytes':
    case 'string':
      return skipString(c, name);
    case 'fixed':
      return skip(c, (type as types.FixedType).size, 'fixed');
    case 'enum': {
      const i = readLong(c);
      const n = (type as types.EnumType).symbols.length;
      if (i < 0 || i >= n) throw new AvroBoundsError(`enum index ${i} outside 0..${n - 1}`, c.pos);
      return;
    }
    case 'record':
    case 'error':
      for (const f of (type as types.RecordType).fields) walk(f.type, c, depth + 1);
      return;
    case 'array':
    case 'map': {
      const item = name === 'array' ? (type as types.ArrayType).itemsType : ((type as types.MapType).valuesType as Type);
      const each = minSize(item) + (name === 'map' ? 1 : 0); // a map entry starts with its key
      let total = 0;
      for (;;) {
        let count = readLong(c);
        if (count === 0) return;
        if (count < 0) {
          count = -count;
          readLong(c); // block size in bytes, informative only
        }
        total += count;
        if (each > 0 ? count * each > c.buf.length - c.pos : total > MAX_ZERO_SIZE_ITEMS) {
          throw new AvroBoundsError(`${name} block of ${count} items cannot fit in the ${c.buf.length - c.pos} bytes left`, c.pos);
        }
        for (let i = 0; i < count; i++) {
          if (name === 'map') skipString(c, 'map key');
          walk(item, c, depth + 1);
        }
      }
    }
    default:
      if (name.startsWith('union:')) {
        const branches = (type as types.UnwrappedUnionType).types;
        const i = readLong(c);
        if (i < 0 || i >= branches.length) throw new AvroBoundsError(`union branch ${i} outside 0..${branches.length - 1}`, c.pos);
        return walk(branches[i] as Type, c, depth + 1);
      }
      if (name.startsWith('logical:')) return walk((type as types.LogicalType).underlyingType, c, depth + 1);
      throw new AvroBoundsError(`unsupported Avro type ${name}`, c.pos);
  }
}

/** Throws AvroBoundsError unless `buf` is exactly one well-framed value of `type`. */
export function checkAvroBounds(type: Type, buf: Buffer): void {
  const c: Cursor = { buf, pos: 0 };
  walk(type, c, 0);
  if (c.pos !== buf.length) throw new AvroBoundsError(`${buf.length - c.pos} trailing bytes after the value`, c.pos);
}
