/**
 * Textual macro expansion, before parsing (spl-semantics.md §2.2): `` `name` `` and `` `name(arg, …)` ``
 * are replaced by the definition with `$arg$` substituted, recursively, outside double-quoted strings;
 * ```…``` comments are removed. Every character of the result is mapped back to the user's text.
 */
import { diag, didYouMean, type Diagnostic, type MacroOrigin, type Span } from "../diagnostics.js";
import type { ExpandOptions, ExpandResult, MacroDef, MacroTable, SourceMap } from "./index.js";
import { parseCall, scanPieces, type CallArg } from "./scan.js";
import { pushSegment, SegmentMap, type Segment } from "./source-map.js";
import { macroKey } from "./table.js";

const DEFAULT_MAX_DEPTH = 32;
const DEFAULT_MAX_LENGTH = 1 << 20;
/**
 * Characters scanned over all levels may reach this multiple of `maxLength`. Bounds the work of macros that
 * expand to little or nothing but call each other many times.
 */
const WORK_FACTOR = 4;
const FILTER_SUFFIX = "_filter";
const CALL_HINT = "a macro call is written `name` or `name(arg, …)` between backticks";

/** Expands every macro call in `text`; diagnostics are in `text` coordinates. Never throws on user input. */
export function expandMacros(text: string, table: MacroTable, opts: ExpandOptions = {}): ExpandResult {
  const expansion = new Expansion(table, text.length, opts);
  expansion.level(text, SegmentMap.identity(text.length), []);
  return expansion.result();
}

/** Moves diagnostics whose spans are in expanded-text coordinates to the original text, adding `origin`. */
export function mapDiagnostics(diagnostics: readonly Diagnostic[], map: SourceMap): Diagnostic[] {
  return diagnostics.map((d) => {
    if (!d.span) return d;
    const mapped = map.toOriginal(d.span);
    const origin = [...mapped.origin, ...(d.origin ?? [])];
    return { ...d, span: mapped.span, ...(origin.length > 0 ? { origin } : {}) };
  });
}

/**
 * ESCU's build creates every missing `<detection>_filter` macro as `search *` (contentctl
 * `detection_abstract.py`, `getDetectionMacros`); a definition in the table takes precedence.
 */
function resolve(table: MacroTable, name: string, arity: number): MacroDef | undefined {
  const def = table.get(name, arity);
  if (def || arity !== 0 || name.length <= FILTER_SUFFIX.length || !name.endsWith(FILTER_SUFFIX)) return def;
  return { name, args: [], definition: "search *" };
}

class Expansion {
  private readonly parts: string[] = [];
  private readonly segments: Segment[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private length = 0;
  private work = 0;
  private stopped = false;
  private readonly maxDepth: number;
  private readonly maxLength: number;

  constructor(
    private readonly table: MacroTable,
    private readonly originalLength: number,
    opts: ExpandOptions,
  ) {
    this.maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH;
  }

  result(): ExpandResult {
    const map = new SegmentMap(this.segments, this.length, this.originalLength);
    return { text: this.parts.join(""), map, diagnostics: this.diagnostics };
  }

  /**
   * Expands `text`, whose characters map to the original through `map`. `stack` holds the `name(arity)`
   * keys being expanded, outermost first.
   */
  level(text: string, map: SegmentMap, stack: readonly string[]): void {
    if (this.stopped) return;
    this.work += text.length;
    if (this.work > this.maxLength * WORK_FACTOR) return this.tooLarge(map, { start: 0, end: text.length });
    for (const piece of scanPieces(text)) {
      if (this.stopped) return;
      const span = { start: piece.start, end: piece.end };
      switch (piece.kind) {
        case "text":
          this.emit(text, map, span);
          break;
        case "comment":
          break;
        case "unterminated-comment":
          this.report(map, { start: span.start, end: span.start + 3 }, "unterminated-comment",
            "comment has no closing ```", "a comment is written ```like this```");
          break;
        case "unterminated-call":
          this.report(map, { start: span.start, end: span.start + 1 }, "unterminated-macro",
            "macro call has no closing backtick", `${CALL_HINT}; a literal backtick must be inside double quotes`);
          this.emit(text, map, span);
          break;
        case "call":
          this.call(text, map, stack, span);
          break;
      }
    }
  }

  private call(text: string, map: SegmentMap, stack: readonly string[], span: Span): void {
    const parsed = parseCall(text, span.start + 1, span.end - 1);
    if (!parsed.ok) return this.report(map, span, "bad-macro-call", parsed.message, CALL_HINT);
    const { name, args } = parsed.call;
    const key = macroKey(name, args.length);
    const def = resolve(this.table, name, args.length);
    if (!def) return this.unknown(map, span, name, args.length);
    const cycleAt = stack.indexOf(key);
    if (cycleAt >= 0) {
      const chain = [...stack.slice(cycleAt), key].map((k) => `\`${k}\``).join(" → ");
      return this.report(map, span, "macro-cycle", `macro cycle ${chain}`, "a macro cannot call itself, directly or through others");
    }
    if (stack.length >= this.maxDepth) {
      return this.report(map, span, "macro-depth", `macros nest more than ${this.maxDepth} levels deep at \`${key}\``,
        `expansion chain: ${[...stack, key].map((k) => `\`${k}\``).join(" → ")}`);
    }
    const outer = map.toOriginal(span);
    const frame: MacroOrigin = { macro: key, ...(def.file ? { file: def.file } : {}), expandedAt: span };
    const body = this.substitute(def, args, text, map, outer.span, [...outer.origin, frame]);
    if (!body) return this.tooLarge(map, span);
    this.level(body.text, new SegmentMap(body.segments, body.text.length, this.originalLength), [...stack, key]);
  }

  /**
   * The definition with each `$arg$` replaced by the argument's text. Definition text maps to the call;
   * argument text keeps the positions it had in the caller. Undefined when longer than `maxLength`.
   */
  private substitute(def: MacroDef, args: readonly CallArg[], callerText: string, callerMap: SegmentMap,
    call: Span, origin: readonly MacroOrigin[]): { text: string; segments: Segment[] } | undefined {
    const parts: string[] = [];
    const segments: Segment[] = [];
    let length = 0;
    const literal = (from: number, to: number) => {
      const s = def.definition.slice(from, to);
      pushSegment(segments, { start: length, end: length + s.length, origStart: call.start, origEnd: call.end, linear: false, origin });
      parts.push(s);
      length += s.length;
    };
    const argument = ({ value }: CallArg) => {
      for (const seg of callerMap.slice(value.start, value.end, length)) pushSegment(segments, seg);
      parts.push(callerText.slice(value.start, value.end));
      length += value.end - value.start;
    };
    const d = def.definition;
    let copied = 0;
    let open = d.indexOf("$");
    while (open >= 0 && length <= this.maxLength) {
      const close = d.indexOf("$", open + 1);
      if (close < 0) break;
      const index = def.args.indexOf(d.slice(open + 1, close));
      if (index < 0) {
        open = close; // `$5 $field$`: the second `$` may open a reference
        continue;
      }
      literal(copied, open);
      argument(args[index]!);
      copied = close + 1;
      open = d.indexOf("$", copied);
    }
    literal(copied, d.length);
    return length > this.maxLength ? undefined : { text: parts.join(""), segments };
  }

  private unknown(map: SegmentMap, span: Span, name: string, arity: number): void {
    const key = macroKey(name, arity);
    const keys = this.table.keys();
    const sameName = keys.filter((k) => k === name || (k.startsWith(`${name}(`) && /^\(\d+\)$/.test(k.slice(name.length))));
    if (sameName.length > 0) {
      const plural = arity === 1 ? "" : "s";
      return this.report(map, span, "macro-arity", `macro \`${name}\` is called with ${arity} argument${plural}`,
        `defined as ${sameName.map((k) => `\`${k}\``).join(", ")}`);
    }
    const guess = didYouMean(key, keys);
    this.report(map, span, "unknown-macro", `\`${key}\` is not a known macro`,
      guess ? `did you mean \`${guess}\`?` : "define it in a macro folder (ESCU `.yml` files or `macros.conf`)");
  }

  private emit(text: string, map: SegmentMap, span: Span): void {
    const size = span.end - span.start;
    if (size <= 0) return;
    if (this.length + size > this.maxLength) return this.tooLarge(map, span);
    for (const seg of map.slice(span.start, span.end, this.length)) pushSegment(this.segments, seg);
    this.parts.push(text.slice(span.start, span.end));
    this.length += size;
  }

  private tooLarge(map: SegmentMap, span: Span): void {
    this.report(map, span, "macro-too-large", `expanded search is longer than ${this.maxLength} characters`,
      "look for macros that call each other many times");
    this.stopped = true;
  }

  private report(map: SegmentMap, span: Span, code: string, message: string, hint?: string): void {
    const mapped = map.toOriginal(span);
    const d = diag(code, message, mapped.span, hint);
    this.diagnostics.push(mapped.origin.length > 0 ? { ...d, origin: mapped.origin } : d);
  }
}
