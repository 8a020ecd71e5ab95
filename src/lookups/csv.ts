/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field in double quotes may
 * hold commas, line breaks and `""` (one quote). A UTF-8 BOM is skipped. Hand-written on purpose:
 * the lookup files are small and no CSV package is a dependency.
 */
export interface CsvResult {
  readonly records: string[][];
  /** 1-based line of an unterminated quoted field, if any (the rest of the file went into it). */
  readonly unterminatedAt?: number;
}

export function parseCsv(text: string): CsvResult {
  const records: string[][] = [];
  let record: string[] = [];
  // A field is `field` plus the run of text copied verbatim since `runStart` (-1: none): runs are
  // sliced from the text, not grown a character at a time, which would leave every long value a chain
  // of thousands of one-character strings (a lookup table keeps them all).
  let field = "";
  let runStart = -1;
  let inQuotes = false;
  let quoteLine = 0;
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const flush = (end: number): void => {
    if (runStart >= 0) field += text.slice(runStart, end);
    runStart = -1;
  };
  const copy = (): void => {
    if (runStart < 0) runStart = i;
  };
  const endField = (): void => {
    flush(i);
    record.push(field);
    field = "";
  };
  const endRecord = (): void => {
    endField();
    // A blank line is no record (trailing newline, or spacing between rows).
    if (!(record.length === 1 && record[0] === "")) records.push(record);
    record = [];
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          // `""` is one quote: the first is kept, the second skipped.
          copy();
          flush(i + 1);
          i++;
        } else {
          flush(i);
          inQuotes = false;
        }
      } else {
        if (c === "\n") line++;
        copy();
      }
      continue;
    }
    if (c === '"' && field === "" && runStart < 0) {
      inQuotes = true;
      quoteLine = line;
    } else if (c === ",") endField();
    else if (c === "\n" || c === "\r") {
      endRecord();
      if (c === "\r" && text[i + 1] === "\n") i++;
      line++;
    } else copy();
  }
  flush(i);
  if (field !== "" || record.length > 0) endRecord();
  return inQuotes ? { records, unterminatedAt: quoteLine } : { records };
}
