// `edi validate`: the format is chosen by content, and the flow's own validation code runs.
import { readFile } from 'node:fs/promises';
import type { DocumentFormat } from '../../schemas/format.js';
import { coreErrors, toEdiError } from '../../lib/errors.js';
import { jsonPosition } from './json-position.js';

const looksLikeJson = (bytes: Buffer): boolean => /^\s*[[{]/.test(bytes.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, ''));

/** Prints `file:line:col: message` per issue; returns the exit code (0 valid, 1 invalid). */
export async function validateFiles(files: string[], formats: readonly DocumentFormat[], out = console): Promise<number> {
  let invalid = 0;
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      out.log(`${file}:0:0: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      invalid++;
      continue;
    }
    const format = formats.find((f) => f.detect(bytes, file));
    if (format === undefined) {
      out.log(`${file}:0:0: ${coreErrors.create('EDI_ERR_FORMAT_UNKNOWN', { file }).message} (known: ${formats.map((f) => f.name).join(', ') || 'none'})`);
      invalid++;
      continue;
    }
    let issues;
    try {
      issues = await format.validate(bytes, file);
    } catch (err) {
      const e = toEdiError(err);
      issues = [{ message: `${e.code}: ${e.message}`, line: e.detail?.line, column: e.detail?.column }];
    }
    if (issues.length === 0) {
      out.log(`${file}: valid ${format.name}`);
      continue;
    }
    invalid++;
    // JSON formats name the field a rule is about; its place in the file gives line:col.
    const text = looksLikeJson(bytes) ? bytes.toString('utf8') : undefined;
    for (const i of issues) {
      if (i.line !== undefined || i.path === undefined || text === undefined) continue;
      const at = jsonPosition(text, i.path);
      if (at !== undefined) Object.assign(i, at);
    }
    for (const i of issues) out.log(`${file}:${i.line ?? 0}:${i.column ?? 0}: ${i.code ? `${i.code}: ` : ''}${i.message}${i.path ? ` (${i.path})` : ''}`);
  }
  return invalid > 0 ? 1 : 0;
}
