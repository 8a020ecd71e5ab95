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
  let field = "";
  let inQuotes = false;
  let quoteLine = 0;
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = (): void => {
    record.push(field);
    field = "";
    // A blank line is no record (trailing newline, or spacing between rows).
    if (!(record.length === 1 && record[0] === "")) records.push(record);
    record = [];
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === "") {
      inQuotes = true;
      quoteLine = line;
    } else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      line++;
      endRecord();
    } else field += c;
  }
  if (field !== "" || record.length > 0) endRecord();
  return inQuotes ? { records, unterminatedAt: quoteLine } : { records };
}
