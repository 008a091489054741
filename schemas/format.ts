// A document format a flow registers for `edi validate` (papiNet XML, GeoJSON, tobacco and
// trip events): recognise the content, then list what is wrong with it.
export interface FormatIssue {
  message: string;
  line?: number;
  column?: number;
  /** Element path or JSON path. */
  path?: string;
  code?: string;
}

export interface DocumentFormat {
  name: string;
  description: string;
  /** Cheap check on the first bytes and the file name. */
  detect(bytes: Buffer, fileName: string): boolean;
  /** Empty list = valid. */
  validate(bytes: Buffer, fileName: string): FormatIssue[] | Promise<FormatIssue[]>;
}
