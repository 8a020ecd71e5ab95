/** Diagnostics shared by every phase. User errors are values (`{ value?, diagnostics }`), never exceptions. */

/** Half-open character range [start, end) into the text a phase was given. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Severity = "error" | "warning" | "info";

/** One frame of "this text came from macro X, expanded at Y" (outermost first). */
export interface MacroOrigin {
  readonly macro: string; // `name(arity)`
  readonly file?: string; // where the definition was loaded from
  readonly expandedAt: Span; // span of the backtick call in the text of the enclosing level
}

export interface Diagnostic {
  /** Stable kebab-case code, e.g. `unknown-macro`, `unsupported-command`. */
  readonly code: string;
  readonly severity: Severity;
  /** Lower-case phrase, identifiers in backticks, no trailing period. */
  readonly message: string;
  /** Position in the text the user wrote (after source mapping). */
  readonly span?: Span;
  readonly hint?: string;
  /** Set when the offending text came from a macro definition. */
  readonly origin?: readonly MacroOrigin[];
  /**
   * Said only once the input has events of this kind (a Splunk-view kind field, one of its values): a warning
   * about events the rule leaves out is noise over evidence that has none (`kindWarnings`).
   */
  readonly whenLoaded?: { readonly field: string; readonly values: readonly string[] };
}

export interface SourceText {
  readonly name: string; // file path, or "<inline>"
  readonly text: string;
}

export function diag(
  code: string,
  message: string,
  span?: Span,
  hint?: string,
  severity: Severity = "error",
): Diagnostic {
  return { code, severity, message, ...(span ? { span } : {}), ...(hint ? { hint } : {}) };
}

/** What to say before the data is read: all but the diagnostics kept for a kind of event (`whenLoaded`). */
export function beforeLoad(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.whenLoaded === undefined);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

export interface LineCol {
  readonly line: number; // 1-based
  readonly column: number; // 1-based
}

export function lineColAt(text: string, offset: number): LineCol {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

const MAX_SNIPPET = 100;

/**
 * rustc-style rendering:
 * ```
 * error[unknown-macro]: `foo` is not a known macro
 *  --> rule.spl:1:5
 *   |
 * 1 | | `foo` | search x
 *   |   ^^^^^
 * hint: …
 * ```
 * Long lines are windowed around the caret with `…` so the caret stays readable.
 */
export function formatDiagnostic(d: Diagnostic, source: SourceText): string {
  const head = `${d.severity}[${d.code}]: ${d.message}`;
  const out = [head];
  if (d.span) {
    const { line, column } = lineColAt(source.text, d.span.start);
    out.push(` --> ${source.name}:${line}:${column}`);
    const lines = source.text.split("\n");
    const lineText = (lines[line - 1] ?? "").replace(/\r$/, "");
    const startCol = column - 1;
    const spanLen = Math.max(1, Math.min(d.span.end, d.span.start + lineText.length - startCol) - d.span.start);
    let shown = lineText;
    let caretCol = startCol;
    if (lineText.length > MAX_SNIPPET) {
      const from = Math.max(0, startCol - 40);
      // A span longer than the window is cut at its end: the caret marks where it starts.
      const to = Math.min(lineText.length, from + MAX_SNIPPET, Math.max(startCol + spanLen + 20, from + MAX_SNIPPET));
      shown = (from > 0 ? "…" : "") + lineText.slice(from, to) + (to < lineText.length ? "…" : "");
      caretCol = startCol - from + (from > 0 ? 1 : 0);
    }
    const gutter = String(line).length;
    const pad = " ".repeat(gutter);
    out.push(`${pad} |`);
    out.push(`${line} | ${shown}`);
    out.push(`${pad} | ${" ".repeat(caretCol)}${"^".repeat(Math.min(spanLen, Math.max(1, shown.length - caretCol)))}`);
  }
  for (const o of d.origin ?? []) {
    const at = lineColAt(source.text, o.expandedAt.start);
    out.push(`note: in macro \`${o.macro}\`${o.file ? ` (${o.file})` : ""}, expanded at ${at.line}:${at.column}`);
  }
  if (d.hint) out.push(`hint: ${d.hint}`);
  return out.join("\n");
}

/** Damerau-free Levenshtein, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[n]!;
}

/** The closest candidate within a distance proportional to the word's length, if any. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Math.max(2, Math.floor(word.length / 3)) + 1;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

/** The first line of a thrown value's message: what a one-line report (a summary row, a stderr note) shows. */
export function errorLine(e: unknown): string {
  return e instanceof Error ? e.message.split("\n")[0]! : String(e);
}
