// A small RFC 4180 reader for trip CSV files (no dependency: the dialect is narrow and every
// error must name its line). Quoted fields may hold the delimiter, line breaks and "" for a
// quote; CRLF, LF or a lone CR end a record; unquoted fields are trimmed (hand-edited files
// put spaces after the delimiter); blank lines are skipped. A syntax error spoils only its
// own record: reading resumes at the next line break outside quotes.

export type CsvDelimiter = ';' | ',';

export interface CsvRecord {
  /** Line (1-based) the record starts on. */
  line: number;
  fields: string[];
  /** Set when the record could not be read; fields are then unreliable. */
  error?: { column: number; reason: string };
}

/** ; or , whichever the first line holds more of, outside quotes (a tie prefers ;). */
export function detectDelimiter(text: string): CsvDelimiter | undefined {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  if (semicolons === 0 && commas === 0) return undefined;
  return semicolons >= commas ? ';' : ',';
}

export function* readCsvRecords(text: string, delimiter: CsvDelimiter): Generator<CsvRecord> {
  const n = text.length;
  let i = 0;
  let line = 1;
  let col = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let error: CsvRecord['error'];
    let endOfRecord = false;
    while (!endOfRecord) {
      // One field.
      let value = '';
      if (text[i] === '"') {
        const quoteLine = line;
        const quoteCol = col;
        i++;
        col++;
        let closed = false;
        while (i < n) {
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              col += 2;
              continue;
            }
            i++;
            col++;
            closed = true;
            break;
          }
          if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) {
            line++;
            col = 1;
          } else col++;
          value += ch;
          i++;
        }
        if (!closed) {
          // Everything to the end of the file is inside the quote: nothing after it can be trusted.
          yield { line: startLine, fields, error: { column: quoteCol, reason: `quoted field opened at line ${quoteLine}, column ${quoteCol} is never closed` } };
          return;
        }
        // After the closing quote only spaces, the delimiter or the end of the record may follow.
        while (text[i] === ' ' || text[i] === '\t') {
          i++;
          col++;
        }
        if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          error ??= { column: col, reason: `unexpected ${JSON.stringify(text[i])} after a closing quote (a quote inside a quoted field is written "")` };
        }
      } else {
        const start = i;
        while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"') error ??= { column: col, reason: 'a quote inside an unquoted field (quote the whole field and write the quote as "")' };
          i++;
          col++;
        }
        value = text.slice(start, i).trim();
      }
      // Skip the rest of a broken field up to the delimiter or end of line.
      while (error !== undefined && i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
        i++;
        col++;
      }
      fields.push(value);
      if (i >= n) endOfRecord = true;
      else if (text[i] === delimiter) {
        i++;
        col++;
        if (i >= n) fields.push(''); // a trailing delimiter at end of file: one more empty field
      } else {
        // Line break: CRLF, LF or CR.
        i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        col = 1;
        endOfRecord = true;
      }
    }
    const blank = fields.length === 1 && fields[0] === '' && error === undefined;
    if (!blank) yield error === undefined ? { line: startLine, fields } : { line: startLine, fields, error };
  }
}
