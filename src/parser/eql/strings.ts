/**
 * String literal values. Elasticsearch's EQL lexer accepts `\n \r \t \\ \"` (documented) plus `\b \f \'`,
 * and `\u{X…}` with 2–8 hex digits; any other escape is an error. Raw `"""…"""` strings take no escapes.
 * https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax#eql-syntax-escape-characters
 */
import { diag, type Diagnostic } from "../../diagnostics.js";

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
  "\\": "\\",
  '"': '"',
  "'": "'",
};

export interface StringValue {
  readonly value: string;
  readonly diagnostics: Diagnostic[];
}

/** The value of a `"…"` or `"""…"""` token whose text starts at `offset` in the query. */
export function stringValue(image: string, offset: number): StringValue {
  if (image.startsWith('"""')) return { value: image.slice(3, -3), diagnostics: [] };
  return unescapeQuoted(image.slice(1, -1), offset + 1);
}

function unescapeQuoted(body: string, offset: number): StringValue {
  const diagnostics: Diagnostic[] = [];
  let out = "";
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const next = body[i + 1];
    if (next !== undefined && next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i += 2;
      continue;
    }
    if (next === "u") {
      const m = /^u\{([0-9A-Fa-f]{2,8})\}/.exec(body.slice(i + 1));
      const code = m ? parseInt(m[1]!, 16) : NaN;
      if (m && code <= 0x10ffff) {
        out += String.fromCodePoint(code);
        i += 1 + m[0].length;
        continue;
      }
      const end = body.indexOf("}", i);
      const len = end > i && end - i <= 12 ? end - i + 1 : 2;
      diagnostics.push(
        diag(
          "eql-lex",
          m ? `unicode escape \`${body.slice(i, i + len)}\` is not a valid code point` : `invalid unicode escape \`${body.slice(i, i + len)}\``,
          { start: offset + i, end: offset + i + len },
          "write `\\u{XXXX}` with 2 to 8 hex digits, at most `\\u{10FFFF}`",
        ),
      );
      i += len;
      continue;
    }
    const len = next === undefined ? 1 : 2;
    diagnostics.push(
      diag(
        "eql-lex",
        `invalid escape sequence \`${body.slice(i, i + len)}\``,
        { start: offset + i, end: offset + i + len },
        'valid escapes are `\\n \\r \\t \\b \\f \\\\ \\" \\\'` and `\\u{XXXX}`; for a literal backslash write `\\\\` or use a raw string `"""…"""`',
      ),
    );
    out += body.slice(i + 1, i + len);
    i += len;
  }
  return { value: out, diagnostics };
}
